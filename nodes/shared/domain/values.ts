/**
 * Value predicates shared by the planners. They treat data as JSON: plain objects, arrays, strings, numbers,
 * booleans and null.
 */

export type PlainObject = Record<string, unknown>;

export function isPlainObject(value: unknown): value is PlainObject {
	if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
	const prototype = Object.getPrototypeOf(value) as unknown;
	return prototype === Object.prototype || prototype === null;
}

/**
 * "Nothing to say": absent, null, a blank string, an empty list or an empty object. `0` and `false` are real
 * values. Sending such a value to Klaviyo would clear the field ("setting a field to null will clear out the
 * field"), so the planners drop it instead.
 */
export function isEmptyValue(value: unknown): boolean {
	if (value === undefined || value === null) return true;
	if (typeof value === 'string') return value.trim() === '';
	if (Array.isArray(value)) return value.length === 0;
	if (isPlainObject(value)) return Object.keys(value).length === 0;
	return false;
}

/** Deep equality by value; key order in objects does not matter, order in arrays does. */
export function valuesEqual(a: unknown, b: unknown): boolean {
	if (Object.is(a, b)) return true;
	if (Array.isArray(a) && Array.isArray(b)) {
		return a.length === b.length && a.every((item, index) => valuesEqual(item, b[index]));
	}
	if (isPlainObject(a) && isPlainObject(b)) {
		const keys = Object.keys(a);
		if (keys.length !== Object.keys(b).length) return false;
		return keys.every((key) => Object.prototype.hasOwnProperty.call(b, key) && valuesEqual(a[key], b[key]));
	}
	if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
	return false;
}

/** A finite number from a number or a plain decimal string (`'59.00'`), else undefined. */
export function toFiniteNumber(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (typeof value === 'string' && /^\s*[+-]?(\d+\.?\d*|\.\d+)\s*$/.test(value)) return Number(value);
	return undefined;
}

/** Bytes of the UTF-8 encoding, which is what Klaviyo's payload limits count. */
export function utf8ByteLength(text: string): number {
	let bytes = 0;
	for (const character of text) {
		const codePoint = character.codePointAt(0) ?? 0;
		bytes += codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
	}
	return bytes;
}

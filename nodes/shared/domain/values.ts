/**
 * Value predicates shared by the planners. They treat data as JSON: plain objects, arrays, strings, numbers,
 * booleans and null.
 */

export type PlainObject = Record<string, unknown>;

export function isPlainObject(value: unknown): value is PlainObject {
	if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
	const prototype = Object.getPrototypeOf(value) as object | null;
	// Any realm's Object.prototype (its own prototype is null), not only this one's: a response parsed in another
	// context (a VM, a worker) holds plain objects too, and taking them for something else skips the comparison.
	return prototype === null || Object.getPrototypeOf(prototype) === null;
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

/**
 * A sign, then digits with at most one point, blanks around. Each character has one place to go: the earlier
 * `\d+\.?\d*` could split a digit run between its two quantifiers in every way, so a long run of digits followed by
 * anything else took quadratic time to refuse.
 */
const DECIMAL_TEXT = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)\s*$/;

/** A finite number from a number or a plain decimal string (`'59.00'`), else undefined. */
export function toFiniteNumber(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (typeof value === 'string' && DECIMAL_TEXT.test(value)) return Number(value);
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

/**
 * `object[key]` if it is the object's own: a property named `constructor` or `toString` that Klaviyo does not hold
 * is absent, not the function every plain object inherits.
 */
export function ownValue(object: Readonly<PlainObject> | null | undefined, key: string): unknown {
	return object !== null && object !== undefined && Object.prototype.hasOwnProperty.call(object, key)
		? object[key]
		: undefined;
}

/**
 * Sets an own, enumerable property. Plain assignment of `__proto__` would change the object's prototype instead
 * (and a non-object value would vanish), so a custom property of that name would silently never reach Klaviyo.
 */
export function setOwn(object: PlainObject, key: string, value: unknown): void {
	Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

/** `Object.assign` for data: every own key of `source` is copied with `setOwn`. */
export function assignOwn(target: PlainObject, source: Readonly<PlainObject>): PlainObject {
	for (const [key, value] of Object.entries(source)) setOwn(target, key, value);
	return target;
}

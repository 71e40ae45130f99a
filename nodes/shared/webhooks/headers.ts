/** Request headers as n8n (or any HTTP library) hands them over: any case, a value or a list of values. */
export type HeaderMap = Record<string, string | string[] | undefined>;

/**
 * The first value of a header, its name matched case-insensitively; undefined when absent or empty. Single-valued
 * headers sent twice arrive as a list: the first entry counts.
 */
export function headerValue(headers: HeaderMap, name: string): string | undefined {
	const wanted = name.toLowerCase();
	for (const [key, value] of Object.entries(headers)) {
		if (key.toLowerCase() !== wanted) continue;
		const first = Array.isArray(value) ? value[0] : value;
		if (first !== undefined && first !== null && String(first) !== '') return String(first);
	}
	return undefined;
}

/** Every value of a header, for headers that may legitimately repeat (Standard Webhooks signatures). */
export function headerValues(headers: HeaderMap, name: string): string[] {
	const wanted = name.toLowerCase();
	const values: string[] = [];
	for (const [key, value] of Object.entries(headers)) {
		if (key.toLowerCase() !== wanted || value === undefined || value === null) continue;
		values.push(...(Array.isArray(value) ? value : [value]).map(String));
	}
	return values;
}

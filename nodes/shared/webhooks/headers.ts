/** Request headers as n8n (or any HTTP library) hands them over: any case, a value or a list of values. */
export type HeaderMap = Record<string, string | string[] | undefined>;

/** The first value of a header, matched case-insensitively; undefined when absent or empty. */
export function headerValue(headers: HeaderMap, name: string): string | undefined {
	const wanted = name.toLowerCase();
	for (const [key, value] of Object.entries(headers)) {
		if (key.toLowerCase() !== wanted) continue;
		const first = Array.isArray(value) ? value[0] : value;
		return first === undefined || first === '' ? undefined : String(first);
	}
	return undefined;
}

/** Every value of a header (a header can repeat, and arrive as a list). */
export function headerValues(headers: HeaderMap, name: string): string[] {
	const wanted = name.toLowerCase();
	const values: string[] = [];
	for (const [key, value] of Object.entries(headers)) {
		if (key.toLowerCase() !== wanted || value === undefined) continue;
		values.push(...(Array.isArray(value) ? value : [value]).map(String));
	}
	return values;
}

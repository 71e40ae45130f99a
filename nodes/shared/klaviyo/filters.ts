/**
 * Klaviyo's filter syntax: `any(field,["a","b"])`, strings in double quotes. Values are escaped so an external id
 * with a quote cannot break out of its string.
 */
export function quoteFilterValue(value: string): string {
	return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function anyOf(field: string, values: string[]): string {
	return values.length === 1
		? `equals(${field},${quoteFilterValue(values[0])})`
		: `any(${field},[${values.map(quoteFilterValue).join(',')}])`;
}

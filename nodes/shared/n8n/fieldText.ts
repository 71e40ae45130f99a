import type { IExecuteFunctions } from 'n8n-workflow';

import { fieldError } from './itemResults';

/**
 * A text field's value as an expression hands it over, trimmed. Numbers and booleans read as text and a date as
 * ISO 8601 (Luxon's `$now` prints itself so), but an object or a list is a mapping mistake — `{{ $json.affiliate }}`
 * for `{{ $json.affiliate.email }}` — that would otherwise reach Klaviyo as "[object Object]" or "a,b", and as a
 * unique id would merge every event into one. It fails the item, naming the field.
 */
export function fieldText(context: IExecuteFunctions, itemIndex: number, field: string, value: unknown): string {
	if (value === undefined || value === null) return '';
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
	if (typeof value === 'object' && typeof (value as { toISO?: unknown }).toISO !== 'function') {
		throw fieldError(context, itemIndex, field, `must be text, got ${Array.isArray(value) ? 'a list' : 'an object'}`);
	}
	return String(value).trim();
}

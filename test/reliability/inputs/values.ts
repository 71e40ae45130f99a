import type { IDataObject } from 'n8n-workflow';

/**
 * Values a field should refuse, by kind. Each row is [what it is, the value]; values reach the node as the result
 * of an n8n expression (`={{ $json.v }}`), so JSON types other than strings arrive as they are — the "wrong type
 * from an expression" cases.
 */
export type Row = [name: string, value: IDataObject[string]];

const long = (length: number, unit = 'a') => unit.repeat(length);

export const BAD_EMAILS: Row[] = [
	['no @', 'plainaddress'],
	['nothing after @', 'ann@'],
	['nothing before @', '@example.com'],
	['two @', 'ann@@example.com'],
	['domain without a dot', 'ann@example'],
	['space inside', 'ann smith@example.com'],
	['double dot in the domain', 'ann@example..com'],
	['domain label starting with a dash', 'ann@-example.com'],
	['leading dot', '.ann@example.com'],
	['double dot before @', 'ann..smith@example.com'],
	['IP address domain', 'ann@127.0.0.1'],
	['underscore in the domain', 'ann@exam_ple.com'],
	['CRLF header injection', 'ann@example.com\r\nBcc: eve@evil.example'],
	['LF header injection', 'ann@example.com\nX-Injected: 1'],
	['NUL byte', 'ann\u0000@example.com'],
	['BEL control character', '\u0007ann@example.com'],
	['tab inside', 'ann\t@example.com'],
	['DEL character', 'ann\u007f@example.com'],
	['C1 control character', 'ann\u0085x@example.com'],
	['300 characters', `${long(288)}@example.com`],
	['65-character local part', `${long(65)}@example.com`],
	['255-character domain', `ann@${long(247)}.com`],
	['right-to-left override', 'ann\u202e@example.com'],
	['zero-width space', 'ann\u200b@example.com'],
	['byte order mark inside', 'an\ufeffn@example.com'],
	['SQL fragment', "ann'; DROP TABLE profiles;--@example.com"],
	['SQL tautology', "' OR '1'='1"],
	['HTML script tag', '<script>alert(1)</script>@example.com'],
	['HTML in the domain', 'ann@<b>example</b>.com'],
	['quoted local part', '"ann"@example.com'],
	['fullwidth at sign', 'ann＠example.com'],
	['emoji domain', 'ann@😀.com'],
	['mailto: prefix', 'mailto:ann@example.com'],
	['display name form', 'Ann <ann@example.com>'],
	['two addresses', 'ann@example.com,bo@example.com'],
	['object from an expression', { a: 1 }],
	['list from an expression', ['ann@example.com']],
	['empty list from an expression', []],
	['number from an expression', 42],
	['boolean from an expression', true],
];

export const BAD_PHONES: Row[] = [
	['letters', 'abc'],
	['national number without a calling code', '555-1234'],
	['extension with ext', '+1 555 555 1234 ext 55'],
	['extension with x', '+1 555 555 1234 x9'],
	['extension with #', '+44 20 7946 0958 #12'],
	['country code 0', '+0 555 555 1234'],
	['too short', '+123'],
	['16 digits', '+1234567890123456'],
	['300 characters', `+${long(299, '1')}`],
	['CRLF injection', '+1 (555) 555-1234\r\nX-Injected: 1'],
	['NUL byte', '+1555\u00005551234'],
	['Arabic-Indic digits', '+١٥٥٥٥٥٥١٢٣٤'],
	['SQL fragment', '+15555551234; DROP TABLE profiles'],
	['HTML', '<b>+15555551234</b>'],
	['nested brackets', '+1 ((555)) 555-1234'],
	['two plus signs', '++15555551234'],
	['vanity letters', '1-800-FLOWERS'],
	['emoji', '+1 555 555 1234 🙂'],
	['object from an expression', { a: 1 }],
	['list from an expression', ['+15555551234']],
	['number without a calling code', 5555551234],
	['boolean from an expression', true],
];

/** Nothing that identifies anyone. */
export const NO_IDENTIFIER: Row[] = [
	['empty string', ''],
	['only spaces', '   '],
	['only a tab and a newline', '\t\n'],
	['null from an expression', null],
];

/** Where text is expected but an expression hands over structure. */
export const STRUCTURED: Row[] = [
	['object from an expression', { a: 1 }],
	['list from an expression', ['a', 'b']],
	['nested object from an expression', { affiliate: { email: 'ann@example.com' } }],
];

export const BAD_EVENT_TIMES: Row[] = [
	['1999', '1999-12-31T23:59:59Z'],
	['two years ahead', new Date(Date.now() + 2 * 365 * 86_400_000).toISOString()],
	['impossible date', '2026-02-30T10:00:00Z'],
	['no time zone', '2026-01-01 10:00:00'],
	['words', 'yesterday'],
	['Unix seconds', 1767225600],
	['object from an expression', { a: 1 }],
	['boolean from an expression', true],
];

export const BAD_AMOUNTS: Row[] = [
	['words', 'fifty'],
	['decimal comma', '12,50'],
	['currency sign', '$12'],
	['Infinity', 'Infinity'],
	['object from an expression', { a: 1 }],
];

/** An event property value of more than Klaviyo's 100 KB per field. */
export const PROPERTY_150_KB = long(150_000, 'x');

export function manyProperties(count: number): Record<string, number> {
	return Object.fromEntries(Array.from({ length: count }, (_unused, index) => [`p${index}`, index]));
}

export function nested(depth: number): Record<string, unknown> {
	let value: Record<string, unknown> = { leaf: true };
	for (let level = 0; level < depth; level++) value = { level: value };
	return value;
}

/** Properties each under the 100 KB field limit that add up to more than Klaviyo's 5 MB request cap. */
export function overFiveMegabytes(): Record<string, string> {
	return Object.fromEntries(Array.from({ length: 55 }, (_unused, index) => [`chunk${index}`, long(99_000, 'y')]));
}

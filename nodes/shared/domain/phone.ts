/**
 * Phone numbers into E.164, which Klaviyo requires for `phone_number`.
 *
 * Without libphonenumber (no dependencies allowed), this checks the shape only: the overall E.164 length (7 to 15
 * digits) and, for NANP (+1) however it is written, the 10-digit national number and its area code and exchange
 * (neither starts with 0 or 1, nor is an N11 service code such as 411 or 911). It does NOT check per-country
 * lengths, whether a country calling code is assigned, or whether a number can receive SMS; Klaviyo rejects what it
 * cannot use.
 */

export interface PhoneNormalizationOptions {
	/** Calling code for numbers written without one: `'1'`, `'44'` or `'+44'`. */
	defaultCallingCode?: string;
}

export type PhoneNormalization = { ok: true; e164: string } | { ok: false; reason: string };

export const PHONE_REASONS = {
	empty: 'empty',
	notAPhoneNumber: 'not a phone number',
	extension: 'has an extension, which E.164 cannot carry',
	needsCallingCode: 'national number needs a Default Country Calling Code',
	badCallingCode: 'Default Country Calling Code must be 1 to 3 digits, not starting with 0',
	countryCodeZero: 'country calling code cannot start with 0',
	nanpLength: 'NANP (+1) numbers have 10 digits after the 1',
	nanpAreaCode: 'NANP (+1) area codes cannot start with 0 or 1',
	nanpExchange: 'NANP (+1) exchange codes (the 3 digits after the area code) cannot start with 0 or 1',
	nanpServiceCode: 'NANP (+1) area and exchange codes cannot be N11 (211 to 911): those are service codes such as 911',
	tooShort: 'too short for a phone number',
	tooLong: 'too long for E.164',
} as const;

const E164 = /^\+[1-9]\d{6,14}$/;
const NANP_CALLING_CODE = '1';
/** Italy, San Marino and Vatican City keep the leading 0 of landlines after the calling code (+39 06 …). */
const CALLING_CODES_KEEPING_LEADING_ZERO = new Set(['39', '378', '379']);
/** `x123`, `ext 123`, `ext. 123`, `extension 123`, `#123` at the end of the number. */
const EXTENSION = /(?:ext(?:ension)?\.?|x|#)\s*\d+$/i;
/** Separators people type inside numbers; none of them carries meaning. */
const SEPARATORS = /[\s.\-/\u00a0]/g;

/**
 * Normalizes a typed phone number to E.164. Accepts `+` or an international prefix (`00`, or `011` when the default
 * calling code is NANP's `1`), and national numbers with a default calling code: a single trunk `0` is dropped
 * (except for Italy and its neighbours), and NANP numbers may start with the `1`. Extensions are rejected rather
 * than dropped: a number with an extension is a switchboard, which cannot receive SMS, and dropping the extension
 * silently would store a different contact point.
 */
export function normalizePhoneNumber(raw: unknown, options: PhoneNormalizationOptions = {}): PhoneNormalization {
	if (typeof raw !== 'string') return fail(PHONE_REASONS.notAPhoneNumber);
	const text = raw.trim().replace(/^tel:/i, '');
	if (text === '') return fail(PHONE_REASONS.empty);
	if (EXTENSION.test(text) && /\d/.test(text.replace(EXTENSION, ''))) return fail(PHONE_REASONS.extension);
	const compact = text.replace(SEPARATORS, '');
	if (!/^\+?[\d()]+$/.test(compact) || !balancedParentheses(compact)) return fail(PHONE_REASONS.notAPhoneNumber);

	const defaultCode = options.defaultCallingCode?.trim().replace(/^\+/, '');
	const international = stripInternationalPrefix(compact, defaultCode);
	if (international !== undefined) {
		// "+44 (0)20 …": the bracketed 0 is the trunk prefix, written for callers inside the country.
		const digits = international.replace('(0)', '').replace(/[()]/g, '');
		if (digits.startsWith('0')) return fail(PHONE_REASONS.countryCodeZero);
		// +1 is one numbering plan with fixed rules, whichever way the number was written.
		if (digits.startsWith(NANP_CALLING_CODE)) return checkNanp(digits.slice(NANP_CALLING_CODE.length));
		return checkE164(digits);
	}

	if (defaultCode === undefined || defaultCode === '') return fail(PHONE_REASONS.needsCallingCode);
	if (!/^[1-9]\d{0,2}$/.test(defaultCode)) return fail(PHONE_REASONS.badCallingCode);
	const national = compact.replace(/[()]/g, '');
	if (defaultCode === NANP_CALLING_CODE) return normalizeNanp(national);
	const withoutTrunk =
		national.startsWith('0') && !CALLING_CODES_KEEPING_LEADING_ZERO.has(defaultCode) ? national.slice(1) : national;
	if (withoutTrunk === '') return fail(PHONE_REASONS.tooShort);
	return checkE164(defaultCode + withoutTrunk);
}

/** The digits after `+`, `00` or (from NANP) `011`; undefined for a national number. */
function stripInternationalPrefix(compact: string, defaultCode: string | undefined): string | undefined {
	if (compact.startsWith('+')) return compact.slice(1);
	// From NANP countries `00` is not an international prefix, `011` is; elsewhere `011…` is a national number
	// (0113 is Leeds), so `011` is only read as a prefix when the default code says NANP.
	if (defaultCode === NANP_CALLING_CODE) return compact.startsWith('011') ? compact.slice(3) : undefined;
	return compact.startsWith('00') ? compact.slice(2) : undefined;
}

function normalizeNanp(national: string): PhoneNormalization {
	return checkNanp(national.length === 11 && national.startsWith('1') ? national.slice(1) : national);
}

/**
 * The 10 digits after +1: area code and exchange each start with 2–9 and are not N11, which NANP keeps for dialled
 * services (411, 911) and never assigns to a number.
 */
function checkNanp(digits: string): PhoneNormalization {
	if (digits.length !== 10) return fail(PHONE_REASONS.nanpLength);
	if (!/^[2-9]/.test(digits)) return fail(PHONE_REASONS.nanpAreaCode);
	if (!/^\d{3}[2-9]/.test(digits)) return fail(PHONE_REASONS.nanpExchange);
	if (/^[2-9]11|^\d{3}[2-9]11/.test(digits)) return fail(PHONE_REASONS.nanpServiceCode);
	return checkE164(NANP_CALLING_CODE + digits);
}

function checkE164(digits: string): PhoneNormalization {
	if (digits.length > 15) return fail(PHONE_REASONS.tooLong);
	const e164 = `+${digits}`;
	return E164.test(e164) ? { ok: true, e164 } : fail(PHONE_REASONS.tooShort);
}

function balancedParentheses(text: string): boolean {
	let depth = 0;
	for (const character of text) {
		if (character === '(') depth += 1;
		if (character === ')') depth -= 1;
		if (depth < 0 || depth > 1) return false;
	}
	return depth === 0;
}

function fail(reason: string): PhoneNormalization {
	return { ok: false, reason };
}

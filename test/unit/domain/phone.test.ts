import { normalizePhoneNumber, PHONE_REASONS } from '../../../nodes/shared/domain';

describe('normalizePhoneNumber', () => {
	const NORMALIZED: Array<[behaviour: string, raw: string, defaultCallingCode: string | undefined, e164: string]> = [
		['keeps a number already in E.164', '+15555551234', undefined, '+15555551234'],
		['drops spaces, dashes, dots and parentheses', '+1 (555) 555.12-34', undefined, '+15555551234'],
		['trims surrounding whitespace', '  +447700900123\n', undefined, '+447700900123'],
		['reads a leading 00 as the international prefix', '0044 7700 900123', undefined, '+447700900123'],
		['reads 011 as the international prefix from NANP', '011 44 7700 900123', '1', '+447700900123'],
		['drops the bracketed trunk 0 of international notation', '+44 (0)20 7946 0958', undefined, '+442079460958'],
		['adds a NANP default calling code', '555-555-1234', '1', '+15555551234'],
		['accepts a NANP number written with its leading 1', '1 (555) 555-1234', '1', '+15555551234'],
		// NANP edges: toll-free, brackets after +1, a Caribbean +1 number, and codes that only look like N11.
		['accepts a +1 toll-free number', '+1 800 555 0100', undefined, '+18005550100'],
		['accepts +1 with a bracketed area code', '+1 (212) 555-0100', undefined, '+12125550100'],
		['accepts a Caribbean +1 number (Jamaica)', '+1 876 555 0100', undefined, '+18765550100'],
		['accepts a line number of 1111 (N11 is about codes only)', '+1 (210) 555-1111', undefined, '+12105551111'],
		['accepts an exchange ending in 11 after another digit', '+1 212 521 1100', undefined, '+12125211100'],
		['drops a single trunk 0 of a national number', '07700 900123', '44', '+447700900123'],
		['accepts the default calling code with a +', '07700 900123', '+44', '+447700900123'],
		['keeps the leading 0 of Italian numbers', '06 6982 0000', '39', '+390669820000'],
		['prefers an explicit + over the default calling code', '+33 6 12 34 56 78', '44', '+33612345678'],
		['drops a tel: prefix', 'tel:+15555551234', undefined, '+15555551234'],
		['accepts the shortest E.164 length (7 digits)', '+7234567', undefined, '+7234567'],
		['accepts the longest E.164 length (15 digits)', '+723456789012345', undefined, '+723456789012345'],
	];

	test.each(NORMALIZED)('%s: %j', (_, raw, defaultCallingCode, e164) => {
		expect(normalizePhoneNumber(raw, { defaultCallingCode })).toEqual({ ok: true, e164 });
	});

	const REJECTED: Array<[behaviour: string, raw: unknown, defaultCallingCode: string | undefined, reason: string]> = [
		['rejects an empty value', '   ', '1', PHONE_REASONS.empty],
		['rejects a value that is not text', 5555551234, '1', PHONE_REASONS.notAPhoneNumber],
		['rejects letters', '1-800-FLOWERS', '1', PHONE_REASONS.notAPhoneNumber],
		['rejects a + in the middle', '555+1234', '1', PHONE_REASONS.notAPhoneNumber],
		['rejects unbalanced parentheses', '(555 555-1234', '1', PHONE_REASONS.notAPhoneNumber],
		['rejects an extension written with x', '+1 555 555 1234 x123', undefined, PHONE_REASONS.extension],
		['rejects an extension written with ext.', '555-555-1234 ext. 12', '1', PHONE_REASONS.extension],
		['rejects an extension written with #', '555-555-1234 #12', '1', PHONE_REASONS.extension],
		['needs a default calling code for a national number', '07700', undefined, PHONE_REASONS.needsCallingCode],
		['does not read 011 as a prefix outside NANP', '0113 496 0000', undefined, PHONE_REASONS.needsCallingCode],
		['rejects a malformed default calling code', '07700 900123', 'UK', PHONE_REASONS.badCallingCode],
		['rejects a calling code starting with 0', '+0 555 555 1234', undefined, PHONE_REASONS.countryCodeZero],
		['rejects a NANP number of the wrong length', '555-1234', '1', PHONE_REASONS.nanpLength],
		['rejects a NANP area code starting with 1', '155-555-1234', '1', PHONE_REASONS.nanpAreaCode],
		['reads 00 from NANP as no international prefix', '0044 7700 900123', '1', PHONE_REASONS.nanpLength],
		['rejects fewer than 7 digits', '+723456', undefined, PHONE_REASONS.tooShort],
		['rejects more than 15 digits', '+7234567890123456', undefined, PHONE_REASONS.tooLong],
		['rejects a national number that is only a trunk 0', '0', '44', PHONE_REASONS.tooShort],
		// +1 is NANP however it is written: the same rules as a national number with default code 1 (issue 14).
		['rejects +1 with 7 digits', '+1 555 1234', undefined, PHONE_REASONS.nanpLength],
		['rejects +1 with 11 digits', '+1 555 555 12345', undefined, PHONE_REASONS.nanpLength],
		['rejects a +1 area code starting with 0', '+1 (055) 555-1234', undefined, PHONE_REASONS.nanpAreaCode],
		['rejects a +1 area code starting with 1', '+1 155 555 1234', undefined, PHONE_REASONS.nanpAreaCode],
		['rejects a +1 exchange starting with 0', '+1 555 055 1234', undefined, PHONE_REASONS.nanpExchange],
		['rejects a +1 exchange starting with 1', '+1 555 155 1234', undefined, PHONE_REASONS.nanpExchange],
		['rejects 011 1 … from NANP with a bad area code', '011 1 055 555 1234', '1', PHONE_REASONS.nanpAreaCode],
		['rejects 001 … from abroad with a bad exchange', '001 555 155 1234', '44', PHONE_REASONS.nanpExchange],
		['rejects a national NANP exchange starting with 0', '555-055-1234', '1', PHONE_REASONS.nanpExchange],
		// N11 codes (211–911) are dialled services, never a number's area code or exchange.
		['rejects a +1 N11 area code (911)', '+1 911 555 0100', undefined, PHONE_REASONS.nanpServiceCode],
		['rejects a national N11 area code (411)', '(411) 555-0100', '1', PHONE_REASONS.nanpServiceCode],
		['rejects a +1 N11 exchange (211)', '+1 (212) 211-0100', undefined, PHONE_REASONS.nanpServiceCode],
		['rejects an N11 exchange written with its leading 1', '1 646 911 0100', '1', PHONE_REASONS.nanpServiceCode],
		['rejects 011 1 … from NANP with an N11 exchange', '011 1 212 311 0100', '1', PHONE_REASONS.nanpServiceCode],
	];

	test.each(REJECTED)('%s: %j', (_, raw, defaultCallingCode, reason) => {
		expect(normalizePhoneNumber(raw, { defaultCallingCode })).toEqual({ ok: false, reason });
	});
});

import { EMAIL_REASONS, emailComparisonKey, normalizeEmail } from '../../../nodes/shared/domain';

describe('normalizeEmail', () => {
	test.each<[behaviour: string, raw: string, email: string]>([
		['keeps a plain address', 'ann@example.com', 'ann@example.com'],
		['trims surrounding whitespace and line breaks', '  ann@example.com\r\n', 'ann@example.com'],
		['lowercases the domain', 'ann@Example.COM', 'ann@example.com'],
		['keeps the part before @ as typed', 'Ann.Lee+vip@example.com', 'Ann.Lee+vip@example.com'],
		['accepts subdomains and hyphens', 'a@mail.my-shop.co.uk', 'a@mail.my-shop.co.uk'],
		['accepts an internationalized domain', 'ann@bücher.de', 'ann@bücher.de'],
		// NFD (a letter, then a combining accent) is composed to NFC: one address, one identifier (issue 14).
		['composes an NFD domain to NFC', 'ann@bu\u0308cher.de', 'ann@b\u00fccher.de'],
		['composes an NFD part before @ to NFC', 'jose\u0301@example.com', 'jos\u00e9@example.com'],
		['accepts a domain whose script keeps combining marks in NFC', 'ann@example.\u092d\u093e\u0930\u0924', 'ann@example.\u092d\u093e\u0930\u0924'],
	])('%s', (_, raw, email) => {
		expect(normalizeEmail(raw)).toEqual({ ok: true, email });
	});

	test.each<[behaviour: string, raw: unknown, reason: string]>([
		['rejects a value that is not text', 42, EMAIL_REASONS.notAnEmail],
		['rejects an empty value', ' ', EMAIL_REASONS.empty],
		['rejects a header injection', 'a@b.co\r\nBcc: victim@example.com', EMAIL_REASONS.controlCharacters],
		['rejects a NUL byte', 'ann\u0000@example.com', EMAIL_REASONS.controlCharacters],
		['rejects inner spaces', 'ann lee@example.com', EMAIL_REASONS.spaces],
		['rejects more than 254 characters', `${'a'.repeat(60)}@${'b'.repeat(190)}.com`, EMAIL_REASONS.tooLong],
		['rejects a missing @', 'ann.example.com', EMAIL_REASONS.missingAt],
		['rejects two @', 'ann@lee@example.com', EMAIL_REASONS.severalAts],
		['rejects nothing before @', '@example.com', EMAIL_REASONS.missingLocalPart],
		['rejects a part before @ over 64 characters', `${'a'.repeat(65)}@example.com`, EMAIL_REASONS.localPartTooLong],
		['rejects a leading dot', '.ann@example.com', EMAIL_REASONS.invalidLocalPart],
		['rejects two dots in a row', 'ann..lee@example.com', EMAIL_REASONS.invalidLocalPart],
		['rejects characters that need quoting', 'ann<lee>@example.com', EMAIL_REASONS.invalidLocalPart],
		['rejects nothing after @', 'ann@', EMAIL_REASONS.missingDomain],
		['rejects a domain without a dot', 'ann@localhost', EMAIL_REASONS.domainWithoutDot],
		['rejects an empty domain label', 'ann@example..com', EMAIL_REASONS.invalidDomain],
		['rejects a label starting with a hyphen', 'ann@-example.com', EMAIL_REASONS.invalidDomain],
		['rejects an IP address as domain', 'ann@192.168.0.1', EMAIL_REASONS.invalidDomain],
		['rejects a domain literal', 'ann@[192.168.0.1]', EMAIL_REASONS.invalidDomain],
	])('%s', (_, raw, reason) => {
		expect(normalizeEmail(raw)).toEqual({ ok: false, reason });
	});
});

test('one address in NFC and in NFD compares as one identifier', () => {
	const nfd = normalizeEmail('Jose\u0301@Bu\u0308cher.de');
	const nfc = normalizeEmail('Jos\u00e9@B\u00fccher.de');
	expect(nfd).toEqual(nfc);
	expect(emailComparisonKey('Jose\u0301@bu\u0308cher.de')).toBe(emailComparisonKey('jos\u00e9@B\u00fccher.DE'));
});

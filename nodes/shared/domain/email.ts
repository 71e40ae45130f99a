/**
 * Email addresses before they reach Klaviyo's `email` identifier: a shape check that catches typos and hostile
 * input (header injection such as `a@b.c\r\nBcc: …`), not full RFC 5321 validation. Klaviyo has the last word.
 */

export type EmailNormalization = { ok: true; email: string } | { ok: false; reason: string };

export const EMAIL_REASONS = {
	notAnEmail: 'not an email address',
	empty: 'empty',
	controlCharacters: 'contains control characters',
	spaces: 'contains spaces',
	tooLong: 'too long for an email address (more than 254 characters)',
	missingAt: 'missing @',
	severalAts: 'more than one @',
	missingLocalPart: 'nothing before @',
	localPartTooLong: 'the part before @ is longer than 64 characters',
	invalidLocalPart: 'invalid characters or dots before @',
	missingDomain: 'nothing after @',
	domainWithoutDot: 'domain has no dot',
	invalidDomain: 'invalid domain',
} as const;

// RFC 5321 limits: 254 for a usable address (a 256-octet path minus its angle brackets), 64 for the local part.
const MAX_ADDRESS_LENGTH = 254;
const MAX_LOCAL_PART_LENGTH = 64;
// Format characters (\p{Cf}: zero-width spaces and joiners, bidirectional overrides, soft hyphens) are invisible:
// in an address they only serve to make two different addresses look alike.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\p{Cf}]/u;
/** Characters that need quoting in a local part; quoted local parts are too rare to be worth the risk. */
const LOCAL_PART_SPECIALS = /[<>()[\]\\,;:"]/;
/**
 * A DNS label, letters in any script allowed (internationalized domains), with the combining marks some scripts
 * keep even in NFC (the vowel sign in भारत) after its first character.
 */
const DOMAIN_LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{M}\p{N}-]{0,61}[\p{L}\p{M}\p{N}])?$/u;

/**
 * Trims, composes Unicode to NFC and lowercases the domain (domains are case-insensitive by definition). NFC first:
 * `é` typed as one character or as `e` plus a combining accent is one address, and must be one identifier. The
 * part before `@` is kept as typed otherwise: RFC 5321 lets a mail server treat it case-sensitively, and Klaviyo
 * matches emails case-insensitively anyway, so lowercasing it would only alter what the person typed. Compare
 * addresses with `emailComparisonKey`.
 */
export function normalizeEmail(raw: unknown): EmailNormalization {
	if (typeof raw !== 'string') return fail(EMAIL_REASONS.notAnEmail);
	const text = raw.trim().normalize('NFC');
	if (text === '') return fail(EMAIL_REASONS.empty);
	if (CONTROL_CHARACTERS.test(text)) return fail(EMAIL_REASONS.controlCharacters);
	if (/\s/.test(text)) return fail(EMAIL_REASONS.spaces);
	if (text.length > MAX_ADDRESS_LENGTH) return fail(EMAIL_REASONS.tooLong);

	const parts = text.split('@');
	if (parts.length === 1) return fail(EMAIL_REASONS.missingAt);
	if (parts.length > 2) return fail(EMAIL_REASONS.severalAts);
	const [localPart, domain] = parts;

	if (localPart === '') return fail(EMAIL_REASONS.missingLocalPart);
	if (localPart.length > MAX_LOCAL_PART_LENGTH) return fail(EMAIL_REASONS.localPartTooLong);
	if (LOCAL_PART_SPECIALS.test(localPart) || /^\.|\.$|\.\./.test(localPart)) {
		return fail(EMAIL_REASONS.invalidLocalPart);
	}

	const domainReason = checkDomain(domain.toLowerCase());
	if (domainReason) return fail(domainReason);
	return { ok: true, email: `${localPart}@${domain.toLowerCase()}` };
}

function checkDomain(domain: string): string | undefined {
	if (domain === '') return EMAIL_REASONS.missingDomain;
	if (!domain.includes('.')) return EMAIL_REASONS.domainWithoutDot;
	const labels = domain.split('.');
	if (!labels.every((label) => DOMAIN_LABEL.test(label))) return EMAIL_REASONS.invalidDomain;
	// An all-digit top-level label means an IP address, which Klaviyo cannot use as a mailbox domain.
	if (/^\d+$/.test(labels[labels.length - 1])) return EMAIL_REASONS.invalidDomain;
	return undefined;
}

function fail(reason: string): EmailNormalization {
	return { ok: false, reason };
}

/** The form two addresses are compared in: NFC, trimmed, lowercased (Klaviyo matches emails case-insensitively). */
export function emailComparisonKey(email: string): string {
	return email.trim().normalize('NFC').toLowerCase();
}

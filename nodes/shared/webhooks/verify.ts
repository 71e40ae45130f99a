import type { HeaderMap } from './headers';
import { SIGNATURE_SCHEMES, type SchemeOptions, type SignatureScheme, type Verdict } from './signatures';

export const DEFAULT_TOLERANCE_SECONDS = 300;

export interface VerifyWebhookInput {
	scheme: SignatureScheme;
	/** The signing secret, or several while rotating (any may match). */
	secret?: string | string[];
	headers: HeaderMap;
	/** The exact bytes received: re-serialized JSON would not match any signature. */
	rawBody: Buffer | string;
	nowSeconds?: number;
	toleranceSeconds?: number;
	options?: SchemeOptions;
}

/**
 * Checks that a delivery was signed with the secret. Pure and total: bad input gives `valid: false` with a short
 * reason, never an exception, and the reason never contains the secret or the signature expected.
 */
export function verifyWebhookSignature(input: VerifyWebhookInput): Verdict {
	if (input.scheme === 'none') return { valid: true, reason: 'signature verification disabled' };
	const verifier = SIGNATURE_SCHEMES[input.scheme];
	if (!verifier) return { valid: false, reason: `unknown signature scheme "${String(input.scheme)}"` };
	const secrets = (Array.isArray(input.secret) ? input.secret : [input.secret]).filter(
		(secret): secret is string => typeof secret === 'string' && secret !== '',
	);
	if (secrets.length === 0) return { valid: false, reason: 'no signing secret configured' };
	try {
		return verifier({
			secrets,
			headers: input.headers ?? {},
			rawBody: Buffer.isBuffer(input.rawBody) ? input.rawBody : Buffer.from(String(input.rawBody ?? ''), 'utf8'),
			nowSeconds: input.nowSeconds ?? Math.floor(Date.now() / 1000),
			toleranceSeconds: input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS,
			options: input.options ?? {},
		});
	} catch {
		return { valid: false, reason: 'the signature could not be checked' };
	}
}

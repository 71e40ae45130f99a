import type { HeaderMap } from './headers';
import { SIGNATURE_SCHEMES, type SchemeOptions, type SignatureScheme, type Verdict } from './signatures';

export const DEFAULT_TOLERANCE_SECONDS = 300;

export interface VerifyWebhookInput {
	scheme: SignatureScheme;
	/** The signing secret, or several while rotating (any one may match). */
	secret?: string | string[];
	/** Request headers in any case; a list value counts by its first entry (Standard Webhooks: all entries). */
	headers: HeaderMap;
	/** The exact bytes received: re-serialized JSON would not match any signature. */
	rawBody: Buffer | string;
	/** Unix seconds; defaults to the clock. Injectable for tests. */
	nowSeconds?: number;
	/** Replay window of the timestamped schemes (Standard Webhooks, Stripe-style), both directions; default 300. */
	toleranceSeconds?: number;
	options?: SchemeOptions;
}

const hasScheme = (scheme: unknown): scheme is keyof typeof SIGNATURE_SCHEMES =>
	typeof scheme === 'string' && Object.prototype.hasOwnProperty.call(SIGNATURE_SCHEMES, scheme);

const finite = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** Reasons are built from fixed text and header names; this keeps a secret out even if one was used as a name. */
function withoutSecrets(verdict: Verdict, secrets: string[]): Verdict {
	const reason = verdict.reason;
	if (reason === undefined || !secrets.some((secret) => secret.length >= 4 && reason.includes(secret))) return verdict;
	return { ...verdict, reason: 'signature rejected' };
}

/**
 * Checks that a delivery was signed with the secret. Pure and total: bad input gives `valid: false` with a short,
 * specific reason, never an exception, and the reason never contains the secret or the expected signature. A valid
 * verdict says what the signature covered (`signedHeaders`, and `deliveryId` only when signed): hand both to
 * normalizeWebhookDelivery, so that unsigned headers can never identify or approve an event.
 */
export function verifyWebhookSignature(input: VerifyWebhookInput): Verdict {
	try {
		const scheme: unknown = input?.scheme;
		// Nothing is signed then, not even the body: it is still the only content there is.
		if (scheme === 'none') return { valid: true, reason: 'signature verification disabled', scheme, signedHeaders: [] };
		if (!hasScheme(scheme)) return { valid: false, reason: 'unknown signature scheme' };
		const secrets = (Array.isArray(input.secret) ? input.secret : [input.secret]).filter(
			(secret): secret is string => typeof secret === 'string' && secret.trim() !== '',
		);
		if (secrets.length === 0) return { valid: false, reason: 'no signing secret configured' };
		const rawBody = input.rawBody;
		if (!Buffer.isBuffer(rawBody) && typeof rawBody !== 'string') return { valid: false, reason: 'no raw body to verify' };
		const headers = typeof input.headers === 'object' && input.headers !== null ? input.headers : {};
		const verdict = SIGNATURE_SCHEMES[scheme]({
			secrets,
			headers,
			rawBody: Buffer.isBuffer(rawBody) ? rawBody : Buffer.from(rawBody, 'utf8'),
			nowSeconds: finite(input.nowSeconds) ? Math.floor(input.nowSeconds) : Math.floor(Date.now() / 1000),
			toleranceSeconds:
				finite(input.toleranceSeconds) && input.toleranceSeconds >= 0 ? input.toleranceSeconds : DEFAULT_TOLERANCE_SECONDS,
			options: typeof input.options === 'object' && input.options !== null ? input.options : {},
		});
		return withoutSecrets({ ...verdict, scheme, ...(verdict.valid ? { signedHeaders: verdict.signedHeaders ?? [] } : {}) }, secrets);
	} catch {
		return { valid: false, reason: 'the signature could not be checked' };
	}
}

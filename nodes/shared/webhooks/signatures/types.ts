import type { HeaderMap } from '../headers';
import type { HmacAlgorithm, SignatureEncoding } from '../hmac';

export type SignatureScheme =
	| 'refersion'
	| 'rewardful'
	| 'uppromote'
	| 'firstpromoter'
	| 'standard-webhooks'
	| 'stripe'
	| 'github'
	| 'generic-hmac'
	| 'none';

/** Settings of the configurable schemes: generic HMAC, and the header name of the Stripe style. */
export interface SchemeOptions {
	headerName?: string;
	algorithm?: HmacAlgorithm;
	encoding?: SignatureEncoding;
	/** Text before the signature in its header, e.g. `sha256=`. */
	prefix?: string;
}

export interface SchemeInput {
	/** One or more candidate secrets (rotation): any may match. Never empty here. */
	secrets: string[];
	headers: HeaderMap;
	rawBody: Buffer;
	nowSeconds: number;
	toleranceSeconds: number;
	options: SchemeOptions;
}

export interface Verdict {
	valid: boolean;
	/** Short and specific; never contains a secret or an expected signature. */
	reason?: string;
	/** The scheme that was checked. */
	scheme?: SignatureScheme;
	/**
	 * On a valid verdict: the lower-case names of the request headers the signature covers besides the body
	 * (Standard Webhooks: `webhook-id` and `webhook-timestamp`, or their `svix-` twins); empty for the schemes that
	 * sign the body only. Pass it to the normalizer: every other header is unsigned and may only route a delivery.
	 */
	signedHeaders?: string[];
	/**
	 * The delivery id, only when the signature covers it (Standard Webhooks `webhook-id`). Body-only schemes report
	 * none: an unsigned delivery header (`X-GitHub-Delivery`, `X-Event-Id`) can be changed on a resent body.
	 */
	deliveryId?: string;
	timestamp?: number;
}

export type SchemeVerifier = (input: SchemeInput) => Verdict;

export const refuse = (reason: string, extra: Partial<Verdict> = {}): Verdict => ({ valid: false, reason, ...extra });

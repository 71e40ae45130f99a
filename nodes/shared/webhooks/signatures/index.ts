import { bodyHmacScheme } from './bodyHmac';
import { verifyStandardWebhooks } from './standardWebhooks';
import { verifyStripeStyle } from './stripeStyle';
import { refuse, type SchemeInput, type SchemeVerifier, type SignatureScheme } from './types';

/**
 * Every signature scheme, one row each. Platforms that sign the raw body with HMAC only differ in header, encoding
 * and prefix; facts from the platforms' docs (see the README's trigger section for sources).
 */
export const SIGNATURE_SCHEMES: Record<Exclude<SignatureScheme, 'none'>, SchemeVerifier> = {
	// Refersion: base64 HMAC-SHA256 of the raw body.
	refersion: bodyHmacScheme({ header: 'Refersion-Signature', encodings: ['base64'] }),
	// Rewardful: hex HMAC-SHA256 of the raw body.
	rewardful: bodyHmacScheme({ header: 'X-Rewardful-Signature', encodings: ['hex'] }),
	// UpPromote: HMAC-SHA256 of the raw body; hex in known receivers, base64 accepted as its docs do not say.
	uppromote: bodyHmacScheme({ header: 'X-UpPromote-Signature', encodings: ['hex', 'base64'] }),
	// FirstPromoter v2: HMAC-SHA256, encoding not documented; its delivery id comes in X-Event-Id.
	firstpromoter: bodyHmacScheme({
		header: 'X-Webhook-Signature',
		encodings: ['hex', 'base64'],
		deliveryIdHeader: 'X-Event-Id',
	}),
	github: bodyHmacScheme({
		header: 'X-Hub-Signature-256',
		encodings: ['hex'],
		prefix: 'sha256=',
		deliveryIdHeader: 'X-GitHub-Delivery',
	}),
	'standard-webhooks': verifyStandardWebhooks,
	stripe: verifyStripeStyle,
	'generic-hmac': (input: SchemeInput) => {
		const { headerName, algorithm, encoding, prefix } = input.options;
		if (!headerName) return refuse('generic HMAC needs a signature header name');
		return bodyHmacScheme({ header: headerName, algorithm: algorithm ?? 'sha256', encodings: [encoding ?? 'hex'], prefix })(input);
	},
};

export type { SchemeOptions, SignatureScheme, Verdict } from './types';

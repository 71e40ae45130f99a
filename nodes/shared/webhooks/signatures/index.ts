import { firstPromoterScheme } from './firstpromoter';
import { genericHmacScheme } from './genericHmac';
import { githubScheme } from './github';
import { refersionScheme } from './refersion';
import { rewardfulScheme } from './rewardful';
import { standardWebhooksScheme } from './standardWebhooks';
import { stripeStyleScheme } from './stripeStyle';
import { upPromoteScheme } from './uppromote';
import type { SchemeVerifier, SignatureScheme } from './types';

/** Every signature scheme, one row each: adding a scheme is one file and one row here. */
export const SIGNATURE_SCHEMES: Record<Exclude<SignatureScheme, 'none'>, SchemeVerifier> = {
	refersion: refersionScheme,
	rewardful: rewardfulScheme,
	uppromote: upPromoteScheme,
	firstpromoter: firstPromoterScheme,
	'standard-webhooks': standardWebhooksScheme,
	stripe: stripeStyleScheme,
	github: githubScheme,
	'generic-hmac': genericHmacScheme,
};

export type { SchemeOptions, SignatureScheme, Verdict } from './types';

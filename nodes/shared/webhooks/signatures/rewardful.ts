import { bodyHmacScheme } from './bodyHmac';

/** Rewardful: `X-Rewardful-Signature` = hex HMAC-SHA256(signing secret, raw body), no timestamp (signed-webhooks doc). */
export const rewardfulScheme = bodyHmacScheme({ header: 'X-Rewardful-Signature', encodings: ['hex'] });

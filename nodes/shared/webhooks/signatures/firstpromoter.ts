import { bodyHmacScheme } from './bodyHmac';

/**
 * FirstPromoter webhooks v2: `X-Webhook-Signature` = HMAC-SHA256 of the raw body. The docs do not say hex or base64,
 * so both are accepted (a digest decoded either way must still equal the HMAC, so this costs no security). The
 * de-duplication key is the signed body's `event_id`; the `X-Event-Id` header repeats it unsigned, so it is not used.
 */
export const firstPromoterScheme = bodyHmacScheme({ header: 'X-Webhook-Signature', encodings: ['hex', 'base64'] });

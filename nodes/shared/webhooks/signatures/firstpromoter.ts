import { bodyHmacScheme } from './bodyHmac';

/**
 * FirstPromoter webhooks v2: `X-Webhook-Signature` = HMAC-SHA256 of the raw body. The docs do not say hex or base64,
 * so both are accepted (a digest decoded either way must still equal the HMAC, so this costs no security). The
 * delivery id, FirstPromoter's documented de-duplication key, comes in `X-Event-Id`.
 */
export const firstPromoterScheme = bodyHmacScheme({
	header: 'X-Webhook-Signature',
	encodings: ['hex', 'base64'],
	deliveryIdHeader: 'X-Event-Id',
});

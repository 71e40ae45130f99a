import { bodyHmacScheme } from './bodyHmac';

/**
 * Refersion: `Refersion-Signature` = base64(HMAC-SHA256(webhook signing secret, raw body))
 * (refersion.dev, "Webhook validation"). No timestamp and no event id, so nothing limits replays here.
 */
export const refersionScheme = bodyHmacScheme({ header: 'Refersion-Signature', encodings: ['base64'] });

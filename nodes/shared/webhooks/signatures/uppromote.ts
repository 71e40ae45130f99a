import { bodyHmacScheme } from './bodyHmac';

/**
 * UpPromote: `X-UpPromote-Signature` = HMAC-SHA256(subscription secret, raw body). UpPromote's docs do not name the
 * encoding; the one known receiver (PostHog's UpPromote source) compares hex, so hex is expected — base64 is accepted
 * as well, since either way only the secret's holder can produce the digest: accepting both costs no security.
 */
export const upPromoteScheme = bodyHmacScheme({ header: 'X-UpPromote-Signature', encodings: ['hex', 'base64'] });

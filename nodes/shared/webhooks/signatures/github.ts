import { bodyHmacScheme } from './bodyHmac';

/**
 * GitHub (and the many senders that copy it): `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>`;
 * (docs.github.com, "Validating webhook deliveries"). The delivery GUID in `X-GitHub-Delivery` is not signed, so
 * it is not the event id: the same signed body resent under a new GUID is the same event.
 */
export const githubScheme = bodyHmacScheme({ header: 'X-Hub-Signature-256', encodings: ['hex'], prefix: 'sha256=' });

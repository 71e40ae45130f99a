import { bodyHmacScheme } from './bodyHmac';

/**
 * GitHub (and the many senders that copy it): `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>`;
 * the delivery GUID comes in `X-GitHub-Delivery` (docs.github.com, "Validating webhook deliveries").
 */
export const githubScheme = bodyHmacScheme({
	header: 'X-Hub-Signature-256',
	encodings: ['hex'],
	prefix: 'sha256=',
	deliveryIdHeader: 'X-GitHub-Delivery',
});

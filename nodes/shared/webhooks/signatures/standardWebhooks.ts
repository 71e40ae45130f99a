import { headerValue, headerValues } from '../headers';
import { decodeSignature, hmac, sameBytes } from '../hmac';
import { refuse, type SchemeInput, type Verdict } from './types';

const SECRET_PREFIX = 'whsec_';

/** The signing key: the base64 after `whsec_` (the prefix is optional, as in the reference library). */
export function standardWebhooksKey(secret: string): Buffer | undefined {
	const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
	const key = decodeSignature(encoded, 'base64');
	return key && key.length > 0 ? key : undefined;
}

/**
 * Standard Webhooks (Svix, Okendo): `webhook-id`, `webhook-timestamp` and `webhook-signature: v1,<base64> …` (also
 * under `svix-` names), HMAC-SHA256 of `${id}.${timestamp}.${body}`. The timestamp must be within the tolerance in
 * both directions; any `v1` entry may match; other versions (`v1a` is ed25519) are skipped.
 */
export function verifyStandardWebhooks(input: SchemeInput): Verdict {
	const header = (name: string) => headerValue(input.headers, `webhook-${name}`) ?? headerValue(input.headers, `svix-${name}`);
	const deliveryId = header('id');
	const timestampText = header('timestamp');
	const signatureHeader = [...headerValues(input.headers, 'webhook-signature'), ...headerValues(input.headers, 'svix-signature')];
	if (!deliveryId) return refuse('missing header webhook-id');
	if (!timestampText) return refuse('missing header webhook-timestamp', { deliveryId });
	if (signatureHeader.length === 0) return refuse('missing header webhook-signature', { deliveryId });
	if (!/^\d+$/.test(timestampText)) return refuse('webhook-timestamp is not a number', { deliveryId });
	const timestamp = Number(timestampText);
	if (Math.abs(input.nowSeconds - timestamp) > input.toleranceSeconds) {
		return refuse(`timestamp outside the ${input.toleranceSeconds} s tolerance`, { deliveryId, timestamp });
	}
	const candidates = signatureHeader
		.flatMap((value) => value.split(' '))
		.map((entry) => entry.split(','))
		.filter(([version, signature]) => version === 'v1' && signature)
		.map(([, signature]) => decodeSignature(signature, 'base64'));
	if (candidates.length === 0) return refuse('webhook-signature has no v1 signature', { deliveryId, timestamp });
	const content = Buffer.concat([Buffer.from(`${deliveryId}.${timestamp}.`), input.rawBody]);
	let usableSecret = false;
	for (const secret of input.secrets) {
		const key = standardWebhooksKey(secret);
		if (!key) continue;
		usableSecret = true;
		const expected = hmac('sha256', key, content);
		if (candidates.some((candidate) => sameBytes(expected, candidate))) return { valid: true, deliveryId, timestamp };
	}
	return refuse(usableSecret ? 'no matching signature' : 'the secret is not whsec_ followed by base64', { deliveryId, timestamp });
}

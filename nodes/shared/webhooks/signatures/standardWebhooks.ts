import { headerValue, headerValues } from '../headers';
import { decodeSignature, hmac, sameBytes } from '../hmac';
import { timestampProblem } from './timestamp';
import { refuse, type SchemeInput, type Verdict } from './types';

const SECRET_PREFIX = 'whsec_';

/**
 * The signing key of a Standard Webhooks secret: the base64 after `whsec_`, decoded. The prefix is optional, as in
 * the reference JavaScript library (which verifies with and without it); a secret that is not base64 is unusable,
 * because a sender following the spec signs with the decoded bytes, never with the text.
 */
export function standardWebhooksKey(secret: string): Buffer | undefined {
	const encoded = (secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret).trim();
	if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) return undefined;
	const key = Buffer.from(encoded, 'base64');
	return key.length > 0 ? key : undefined;
}

/**
 * A `webhook-*` header, or the same under Svix's `svix-*` name (Svix-based senders such as Okendo send those), with
 * the name it was found under: that header's value is what gets signed.
 */
function header(input: SchemeInput, name: string): { name: string; value: string } | undefined {
	for (const prefix of ['webhook-', 'svix-']) {
		const value = headerValue(input.headers, `${prefix}${name}`);
		if (value !== undefined) return { name: `${prefix}${name}`, value };
	}
	return undefined;
}

/**
 * Standard Webhooks: HMAC-SHA256 of `${webhook-id}.${webhook-timestamp}.${body}`, base64, sent as space-separated
 * `v1,<signature>` entries in `webhook-signature` (several while the sender rotates secrets; any may match). Other
 * versions (`v1a` is ed25519) are skipped. The delivery id is `webhook-id`, the spec's idempotency key, and it is
 * signed: it and the timestamp header are reported as signed headers.
 */
export function standardWebhooksScheme(input: SchemeInput): Verdict {
	const idHeader = header(input, 'id');
	if (!idHeader) return refuse('missing header webhook-id');
	const deliveryId = idHeader.value;
	const timestampHeader = header(input, 'timestamp');
	if (!timestampHeader) return refuse('missing header webhook-timestamp', { deliveryId });
	const timestampText = timestampHeader.value;
	const signatureHeaders = [...headerValues(input.headers, 'webhook-signature'), ...headerValues(input.headers, 'svix-signature')];
	if (signatureHeaders.join('').trim() === '') return refuse('missing header webhook-signature', { deliveryId });
	const problem = timestampProblem(timestampText.trim(), input.nowSeconds, input.toleranceSeconds);
	const timestamp = problem === 'timestamp is not a number of seconds' ? undefined : Number(timestampText);
	if (problem) return refuse(problem, { deliveryId, timestamp });

	const v1 = signatureHeaders
		.flatMap((value) => value.trim().split(/\s+/))
		.map((entry) => entry.split(','))
		.filter(([version]) => version === 'v1')
		.map(([, signature = '']) => signature);
	if (v1.length === 0) return refuse('webhook-signature has no v1 signature', { deliveryId, timestamp });
	const candidates = v1
		.map((signature) => decodeSignature(signature, 'base64'))
		.filter((candidate): candidate is Buffer => candidate !== undefined && candidate.length === 32);
	if (candidates.length === 0) return refuse('webhook-signature has no well-formed v1 signature', { deliveryId, timestamp });

	const keys = input.secrets.map(standardWebhooksKey).filter((key): key is Buffer => key !== undefined);
	if (keys.length === 0) return refuse('the signing secret is not whsec_ followed by base64', { deliveryId, timestamp });
	// The timestamp is signed as sent (its text), never re-rendered from the parsed number.
	const content = Buffer.concat([Buffer.from(`${deliveryId}.${timestampText.trim()}.`, 'utf8'), input.rawBody]);
	for (const key of keys) {
		const expected = hmac('sha256', key, content);
		if (candidates.some((candidate) => sameBytes(expected, candidate))) {
			return { valid: true, deliveryId, timestamp, signedHeaders: [idHeader.name, timestampHeader.name] };
		}
	}
	return refuse('no matching signature', { deliveryId, timestamp });
}

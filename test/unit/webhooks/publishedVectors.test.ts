import { standardWebhooksKey, verifyWebhookSignature } from '../../../nodes/shared/webhooks';

/**
 * Published test vectors: inputs and signatures exactly as their authors printed them, so these cases check the
 * verifier against the senders' own arithmetic rather than against this suite's.
 */

describe('GitHub', () => {
	// docs.github.com, "Validating webhook deliveries" → "Testing the webhook payload validation".
	const vector = {
		secret: "It's a Secret to Everybody",
		payload: 'Hello, World!',
		signature: 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
	};

	test.each<[string, string | Buffer]>([
		['string', vector.payload],
		['Buffer', Buffer.from(vector.payload)],
	])('accepts the documented signature over a %s body', (_, rawBody) => {
		const verdict = verifyWebhookSignature({
			scheme: 'github',
			secret: vector.secret,
			headers: { 'X-Hub-Signature-256': vector.signature },
			rawBody,
		});
		expect(verdict).toEqual({ valid: true, scheme: 'github', signedHeaders: [] });
	});

	test('accepts the same vector through generic HMAC configured as GitHub', () => {
		const verdict = verifyWebhookSignature({
			scheme: 'generic-hmac',
			secret: vector.secret,
			headers: { 'x-hub-signature-256': vector.signature },
			rawBody: vector.payload,
			options: { headerName: 'X-Hub-Signature-256', algorithm: 'sha256', encoding: 'hex', prefix: 'sha256=' },
		});
		expect(verdict.valid).toBe(true);
	});

	test('rejects the documented signature over "Hello, World?"', () => {
		const verdict = verifyWebhookSignature({
			scheme: 'github',
			secret: vector.secret,
			headers: { 'X-Hub-Signature-256': vector.signature },
			rawBody: 'Hello, World?',
		});
		expect(verdict.valid).toBe(false);
	});
});

describe('Standard Webhooks', () => {
	// standard-webhooks/standard-webhooks, libraries/javascript/src/webhook.test.ts, test "sign function works".
	const vector = {
		key: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
		msgId: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
		timestamp: '1614265330',
		payload: '{"test": 2432232314}',
		signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
	};
	const input = (secret: string, headerPrefix = 'webhook') => ({
		scheme: 'standard-webhooks' as const,
		secret,
		headers: {
			[`${headerPrefix}-id`]: vector.msgId,
			[`${headerPrefix}-timestamp`]: vector.timestamp,
			[`${headerPrefix}-signature`]: vector.signature,
		},
		rawBody: vector.payload,
		nowSeconds: Number(vector.timestamp),
	});

	test.each<[string, ReturnType<typeof input>]>([
		['with the whsec_ prefix', input(vector.key)],
		['without the whsec_ prefix', input(vector.key.slice('whsec_'.length))],
		['under the svix- header names', input(vector.key, 'svix')],
	])('accepts the library’s signature %s', (_, delivery) => {
		const prefix = Object.keys(delivery.headers)[0].split('-')[0];
		expect(verifyWebhookSignature(delivery)).toEqual({
			valid: true,
			scheme: 'standard-webhooks',
			deliveryId: vector.msgId,
			timestamp: 1614265330,
			signedHeaders: [`${prefix}-id`, `${prefix}-timestamp`],
		});
	});

	test('rejects it 301 s later', () => {
		const verdict = verifyWebhookSignature({ ...input(vector.key), nowSeconds: Number(vector.timestamp) + 301 });
		expect(verdict).toMatchObject({ valid: false, reason: expect.stringMatching(/tolerance/) });
	});

	test('decodes the key to the base64 bytes after the prefix', () => {
		expect(standardWebhooksKey(vector.key)).toEqual(Buffer.from('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'base64'));
	});
});

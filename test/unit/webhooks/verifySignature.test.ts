import { verifyWebhookSignature } from '../../../nodes/shared/webhooks';
import { BODY_HMAC_SUITES, GENERIC_MISCONFIGURATIONS } from './cases/bodyHmacCases';
import { TIMESTAMPED_SUITES } from './cases/timestampedCases';
import { BODY } from './cases/types';

/** Every signature scheme against the same list of behaviours; the cases live in ./cases. */
describe.each([...BODY_HMAC_SUITES, ...TIMESTAMPED_SUITES].map((suite) => [suite.label, suite] as const))('%s', (_, suite) => {
	test.each(suite.cases.map((c) => [c.behaviour, c] as const))('%s', (__, c) => {
		const verdict = verifyWebhookSignature(c.input);
		expect(verdict.valid).toBe(c.valid);
		if (c.valid) expect(verdict.reason).toBeUndefined();
		if (c.reason) expect(verdict.reason).toMatch(c.reason);
		if (c.valid) {
			expect(verdict.deliveryId).toBe(c.deliveryId);
			expect(verdict.signedHeaders).toEqual(c.signedHeaders ?? []);
		}
	});
});

describe('generic HMAC settings', () => {
	test.each(GENERIC_MISCONFIGURATIONS.map((c) => [c.behaviour, c] as const))('%s', (_, c) => {
		const verdict = verifyWebhookSignature(c.input);
		expect(verdict.valid).toBe(false);
		expect(verdict.reason).toMatch(c.reason as RegExp);
	});
});

describe('scheme none', () => {
	test.each([
		['without a secret or headers', {}],
		['with a secret and a wrong signature', { secret: 'x', headers: { 'X-Signature': 'nope' } }],
	])('is valid %s, and says verification is off', (_, extra) => {
		const verdict = verifyWebhookSignature({ scheme: 'none', headers: {}, rawBody: BODY, ...extra });
		expect(verdict).toEqual({ valid: true, reason: expect.stringMatching(/disabled/), scheme: 'none', signedHeaders: [] });
	});
});

describe('input the verifier cannot use', () => {
	test.each<[string, Record<string, unknown>, RegExp]>([
		['an unknown scheme', { scheme: 'hmac-md5' }, /unknown signature scheme/],
		['a scheme named like an Object property', { scheme: 'toString' }, /unknown signature scheme/],
		['no raw body', { scheme: 'rewardful', rawBody: undefined }, /no raw body/],
		['a parsed body instead of the raw bytes', { scheme: 'rewardful', rawBody: { id: 1 } }, /no raw body/],
		['headers that are not an object', { scheme: 'rewardful', headers: null }, /missing header/],
	])('rejects %s without throwing', (_, change, reason) => {
		const input = { scheme: 'rewardful', secret: 'secret', headers: {}, rawBody: BODY, ...change };
		const verdict = verifyWebhookSignature(input as unknown as Parameters<typeof verifyWebhookSignature>[0]);
		expect(verdict.valid).toBe(false);
		expect(verdict.reason).toMatch(reason);
	});
});

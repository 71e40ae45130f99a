import {
	DEFAULT_RETRY_POLICY,
	isRetriable,
	parseRetryAfter,
	retryDelayMs,
	type Failure,
} from '../../../nodes/shared/klaviyo/retryPolicy';

describe('which failures are retried', () => {
	test.each<[string, Failure, boolean]>([
		['429 throttled', { kind: 'http', status: 429 }, true],
		['502 bad gateway', { kind: 'http', status: 502 }, true],
		['503 unavailable', { kind: 'http', status: 503 }, true],
		['504 gateway timeout', { kind: 'http', status: 504 }, true],
		['524 Cloudflare timeout', { kind: 'http', status: 524 }, true],
		['500 is usually deterministic', { kind: 'http', status: 500 }, false],
		['400 invalid input', { kind: 'http', status: 400 }, false],
		['401 bad key', { kind: 'http', status: 401 }, false],
		['409 duplicate profile', { kind: 'http', status: 409 }, false],
		['connection reset', { kind: 'network', code: 'ECONNRESET', message: 'read ECONNRESET' }, true],
		['client timeout', { kind: 'network', code: 'ECONNABORTED', message: 'timeout of 30000ms exceeded' }, true],
		['socket hang up without a code', { kind: 'network', message: 'socket hang up' }, true],
		['a certificate problem', { kind: 'network', code: 'CERT_HAS_EXPIRED', message: 'certificate has expired' }, false],
	])('%s', (_name, failure, expected) => {
		expect(isRetriable(failure)).toBe(expected);
	});
});

describe('how long to wait', () => {
	test('a 429 never retries before Retry-After', () => {
		for (const random of [0, 0.5, 0.999]) {
			const delay = retryDelayMs({ kind: 'http', status: 429, retryAfterSeconds: 3 }, 1, DEFAULT_RETRY_POLICY, () => random);
			expect(delay).toBeGreaterThanOrEqual(3000);
			expect(delay).toBeLessThan(3250);
		}
	});

	test('a 429 without Retry-After waits at least a second', () => {
		expect(retryDelayMs({ kind: 'http', status: 429 }, 1, DEFAULT_RETRY_POLICY, () => 0)).toBe(1000);
	});

	test('other failures back off exponentially with ±50 % jitter, capped', () => {
		const failure: Failure = { kind: 'http', status: 503 };
		const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000 };
		expect(retryDelayMs(failure, 1, policy, () => 0.5)).toBe(100);
		expect(retryDelayMs(failure, 3, policy, () => 0.5)).toBe(400);
		expect(retryDelayMs(failure, 3, policy, () => 0)).toBe(200);
		expect(retryDelayMs(failure, 3, policy, () => 1)).toBe(600);
		expect(retryDelayMs(failure, 10, policy, () => 0.5)).toBe(1000);
	});
});

describe('reading Retry-After', () => {
	const now = Date.parse('2026-11-23T10:00:00Z');
	test.each<[unknown, number | undefined]>([
		['2', 2],
		['0', 0],
		[5, 5],
		[['7'], 7],
		['Mon, 23 Nov 2026 10:00:04 GMT', 4],
		['', undefined],
		['soon', undefined],
		[undefined, undefined],
	])('%p → %p', (value, expected) => {
		expect(parseRetryAfter(value, now)).toBe(expected);
	});
});

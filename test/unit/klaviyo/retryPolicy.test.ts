import {
	budgetedDelayMs,
	DEFAULT_RETRY_POLICY,
	describeWait,
	isRetriable,
	LONGEST_TIMER_MS,
	parseRetryAfter,
	retryDelayMs,
	sharedThrottleMs,
	timerSafeMs,
	type Failure,
} from '../../../nodes/shared/klaviyo/retryPolicy';
import { longThrottleError } from '../../../nodes/shared/klaviyo/errors';

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
		['-5', undefined],
		['1e9', undefined],
		['0x7fffffff', undefined],
		['Dec 2099', undefined],
		[-1, undefined],
		[undefined, undefined],
		// Strict HTTP-dates: RFC 9110's three forms, GMT only; Date.parse's guesses are not dates.
		['Monday, 23-Nov-26 10:00:05 GMT', 5],
		['Mon Nov 23 10:00:06 2026', 6],
		['Mon, 23 Nov 2026 09:59:00 GMT', 0],
		['Retry at May 1 10:00:00', undefined],
		['Mon, 23 Nov 2026 10:00:04', undefined],
		['Mon, 23 Nov 2026 10:00:04 +0100', undefined],
		['Mon, 31 Feb 2026 10:00:04 GMT', undefined],
		['2026-11-23T10:00:04Z', undefined],
		// One value is expected; several give the longest, never an early retry.
		['5, 7', 7],
		[['5', '7'], 7],
		[['soon', '3'], 3],
	])('%p → %p', (value, expected) => {
		expect(parseRetryAfter(value, now)).toBe(expected);
	});
});

describe('bounded waits (issue 14)', () => {
	test('no delay handed to a timer exceeds what setTimeout holds, or is negative', () => {
		expect(timerSafeMs(40 * 86_400_000)).toBe(LONGEST_TIMER_MS);
		expect(timerSafeMs(Number.POSITIVE_INFINITY)).toBe(LONGEST_TIMER_MS);
		expect(timerSafeMs(-5)).toBe(0);
		expect(timerSafeMs(Number.NaN)).toBe(0);
		expect(timerSafeMs(1500)).toBe(1500);
	});

	test.each<[string, number, number | undefined, boolean, number]>([
		['Klaviyo-sized, retrying', 2100, 2, true, 2100],
		['Klaviyo-sized, giving up', 2100, 2, false, 2100],
		['beyond Klaviyo but retrying within the budget', 120_100, 120, true, 60_000],
		['a day, giving up', 86_400_100, 86_400, false, 1000],
		['40 days, giving up', 3_456_000_100, 3_456_000, false, 1000],
	])('the shared gate after a 429 (%s)', (_name, delay, stated, retrying, expected) => {
		expect(sharedThrottleMs(delay, stated, retrying)).toBe(expected);
	});

	test.each([
		[45, '45 s'],
		[86_400, '86400 s (about 24 hours)'],
		[3_456_000, '3456000 s (about 40 days)'],
		[600, '600 s (about 10 minutes)'],
	])('%p seconds reads as %p', (seconds, text) => {
		expect(describeWait(seconds)).toBe(text);
	});
});

describe('the retry budget', () => {
	const policy = { ...DEFAULT_RETRY_POLICY, maxTotalWaitMs: 10_000 };
	const throttled = (retryAfterSeconds?: number): Failure => ({ kind: 'http', status: 429, retryAfterSeconds });

	test('a Retry-After of exactly what is left is retried whatever the jitter, the jitter cut to the budget', () => {
		expect(budgetedDelayMs(throttled(10), 10_249, 0, policy)).toBe(10_000);
		expect(budgetedDelayMs(throttled(4), 4_100, 6_000, policy)).toBe(4_000);
		expect(budgetedDelayMs(throttled(3), 3_100, 0, policy)).toBe(3_100);
	});

	test('a Retry-After past what is left, or a backoff past it, is not retried', () => {
		expect(budgetedDelayMs(throttled(11), 11_000, 0, policy)).toBeUndefined();
		expect(budgetedDelayMs(throttled(), 1_200, 9_500, policy)).toBeUndefined();
		expect(budgetedDelayMs({ kind: 'http', status: 503 }, 4_001, 6_000, policy)).toBeUndefined();
		expect(budgetedDelayMs({ kind: 'http', status: 503 }, 4_000, 6_000, policy)).toBe(4_000);
	});
});

describe('the error of a 429 that outlasts the retry budget', () => {
	const node = { id: 'n1', name: 'Klaviyo', type: 'klaviyoTest', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };
	const throttle = { operation: 'GET /api/lists', retryAfter: '', statedSeconds: 0, remainingSeconds: 12.5, attempts: 5 };

	test('a wait past Klaviyo’s longest window is blamed on what stands in front of Klaviyo', () => {
		const error = longThrottleError(node, { ...throttle, retryAfter: '86400', statedSeconds: 86_400 });
		expect(error.message).toBe('Klaviyo 429: asked to wait 86400 s (about 24 hours) before GET /api/lists is tried again');
		expect(error.description).toMatch(/12 s left of its retry budget\), so it failed after 5 attempts.*usually comes from a proxy/);
	});

	test('a Klaviyo-sized wait that only outlasted what retries left is not blamed on a proxy', () => {
		const error = longThrottleError(node, { ...throttle, retryAfter: '30', statedSeconds: 30 });
		expect(error.description).toMatch(/12 s left of its retry budget\), so it failed after 5 attempts and was not retried again\. Run it again later\.$/);
		expect(error.description).not.toMatch(/proxy/);
	});
});

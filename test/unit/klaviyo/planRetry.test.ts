import { longThrottleError as klaviyoLongThrottleError } from '../../../nodes/shared/klaviyo/errors';
import { DEFAULT_RETRY_POLICY, parseRetryAfter, planRetry, type Failure, type RetryPlan } from '../../../nodes/shared/klaviyo/retryPolicy';
import { longThrottleError as platformLongThrottleError } from '../../../nodes/shared/platforms/errors';

/** The one retry decision both clients make (issue 20): what a failure, its attempt and the time waited lead to. */
const policy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 5, baseDelayMs: 500, maxTotalWaitMs: 10_000 };
const throttled = (retryAfterSeconds?: number): Failure => ({ kind: 'http', status: 429, retryAfterSeconds });
const DRAWS = [0, 0.5, 0.999];

describe('a 429 whose Retry-After is exactly what is left of the budget', () => {
	test.each([
		['nothing waited yet', 10, 0],
		['after earlier waits', 4, 6_000],
	])('is retried after exactly the Retry-After, whatever the jitter draw (%s)', (_name, seconds, waited) => {
		for (const draw of DRAWS) {
			expect(planRetry(throttled(seconds), 2, waited, policy, () => draw)).toEqual({ retry: true, delayMs: seconds * 1000 });
		}
	});

	test('is retried on every one of 250 real draws', () => {
		const plans = Array.from({ length: 250 }, () => planRetry(throttled(10), 1, 0, policy));
		expect(plans.filter((plan) => !plan.retry)).toEqual([]);
	});

	test('one second more stops with the long-wait outcome, naming the stated wait and what was left', () => {
		for (const draw of DRAWS) {
			const plan = planRetry(throttled(5), 2, 6_000, policy, () => draw);
			expect(plan).toMatchObject({ retry: false, longWait: { statedSeconds: 5, budgetLeftMs: 4_000 } });
		}
	});
});

test('a fractional Retry-After equal to what is left is retried too: binary rounding never tips it over', () => {
	const refused: string[] = [];
	for (let ms = 1; ms <= 10_000; ms++) {
		const stated = parseRetryAfter(String(ms / 1000));
		const plan = planRetry({ kind: 'http', status: 429, retryAfterSeconds: stated }, 1, DEFAULT_RETRY_POLICY.maxTotalWaitMs - ms, DEFAULT_RETRY_POLICY, () => 0.5);
		if (!plan.retry || plan.delayMs !== ms) refused.push(`${ms / 1000} s with ${ms} ms left: ${JSON.stringify(plan)}`);
	}
	expect(refused.slice(0, 3)).toEqual([]);
	// Never sooner than stated: a wait of 2.0004 s is 2,001 ms.
	expect(planRetry({ kind: 'http', status: 429, retryAfterSeconds: 2.0004 }, 1, 0, DEFAULT_RETRY_POLICY, () => 0).delayMs).toBe(2001);
});

describe('the other decisions', () => {
	// At a draw of 0.5 a backoff is exactly its nominal value and a 429's wait gets 125 ms of jitter on top.
	const JITTER = 125;
	test.each<[string, Failure, number, number, RetryPlan]>([
		['a 503 backs off within the budget', { kind: 'http', status: 503 }, 3, 0, { retry: true, delayMs: 2_000 }],
		['a 503 whose backoff outlasts the budget stops, without a long wait', { kind: 'http', status: 503 }, 3, 8_500, { retry: false, delayMs: 2_000 }],
		['a 400 is not retried', { kind: 'http', status: 400 }, 1, 0, { retry: false, delayMs: 500 }],
		['a 429 on the last attempt stops, without a long wait, when its wait fits', throttled(2), 5, 0, { retry: false, delayMs: 2_000 + JITTER }],
		['a 429 naming no wait that outlasts the budget stops, without a long wait', throttled(), 1, 9_500, { retry: false, delayMs: 1_000 + JITTER }],
		['a 429 on the last attempt whose wait outlasts the budget is still a long wait', throttled(20), 5, 0, { retry: false, delayMs: 20_000 + JITTER, longWait: { statedSeconds: 20, budgetLeftMs: 10_000 } }],
	])('%s', (_name, failure, attempt, waited, expected) => {
		expect(planRetry(failure, attempt, waited, policy, () => 0.5)).toEqual(expected);
	});
});

describe('the long-wait error never contradicts itself', () => {
	const node = { id: 'n1', name: 'Node', type: 'test', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };

	test('a long wait is set exactly when the stated wait is longer than what is left', () => {
		for (let waited = 0; waited <= policy.maxTotalWaitMs; waited += 250) {
			for (let seconds = 0; seconds <= 12; seconds += 0.5) {
				const plan = planRetry(throttled(seconds), 1, waited, policy, () => 0.999);
				expect({ seconds, waited, longWait: !plan.retry && plan.longWait !== undefined }).toEqual({
					seconds,
					waited,
					longWait: seconds * 1000 > policy.maxTotalWaitMs - waited,
				});
			}
		}
	});

	test('both clients’ messages state a wait longer than the seconds they say were left', () => {
		const plan = planRetry(throttled(4), 3, 6_250, policy, () => 0.999);
		if (plan.retry || !plan.longWait) throw new Error('expected a long wait');
		const { statedSeconds, budgetLeftMs } = plan.longWait;
		const klaviyo = klaviyoLongThrottleError(node, { operation: 'GET /api/lists', retryAfter: '4', statedSeconds, remainingSeconds: budgetLeftMs / 1000, attempts: 3 });
		const platform = platformLongThrottleError(node, { platformLabel: 'Rewardful', operation: 'GET /affiliates', statedSeconds, remainingSeconds: budgetLeftMs / 1000 });
		for (const error of [klaviyo, platform]) {
			expect(error.message).toMatch(/asked to wait 4 s /);
			expect(error.description).toMatch(/\(3 s left of its retry budget\)/);
		}
	});
});

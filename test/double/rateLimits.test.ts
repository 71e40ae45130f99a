import { FakeClock, useFakeClock } from './clock';
import { operationTiers, rateLimitFloorSeconds } from './index';
import { HANDLERS } from './handlers';
import { RateLimiter, parseTier } from './rateLimiter';
import { startKlaviyoDouble } from './server';
import { call, describeNeedsSpec, specViolations, useDouble } from './support/harness';

const RATE_HEADERS = ['ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset'];

describe('rate limits (real tiers, fixed windows per operation)', () => {
	const getDouble = useDouble({ rateLimits: { enabled: true, multiplier: 1 } });
	let fake: FakeClock;
	beforeEach(() => (fake = useFakeClock(Date.parse('2026-03-01T12:00:00Z'))));
	afterEach(() => fake.restore());

	test('GET /api/accounts (1/s): the 2nd call in the same second is a 429 with Retry-After and no RateLimit-* headers', async () => {
		const double = getDouble();
		const first = await call(double, 'GET', '/api/accounts');
		expect(first.status).toBe(200);
		expect(first.headers).toMatchObject({ 'ratelimit-limit': '15', 'ratelimit-remaining': '14', 'ratelimit-reset': '60' });
		fake.advance(400);
		const second = await call(double, 'GET', '/api/accounts');
		expect(second.status).toBe(429);
		expect(second.headers['retry-after']).toBe('1');
		for (const header of RATE_HEADERS) expect(second.headers[header]).toBeUndefined();
		expect(second.body).toEqual({
			errors: [{
				id: expect.any(String), status: 429, code: 'throttled', title: 'Request was throttled.',
				detail: 'Request was throttled. Expected available in 1 second.', source: { pointer: '/data' },
				links: { type: 'https://developers.klaviyo.com/en/docs/rate_limits_and_error_handling#rate-limits' }, meta: {},
			}],
		});
		expect(specViolations('get_accounts', second)).toEqual([]);
		fake.advance(600);
		expect((await call(double, 'GET', '/api/accounts')).status).toBe(200);
	});

	test('GET /api/accounts (15/m): the 16th call inside the minute waits for the steady window', async () => {
		const double = getDouble();
		for (let i = 0; i < 15; i++) {
			expect((await call(double, 'GET', '/api/accounts')).status).toBe(200);
			fake.advance(1000);
		}
		const blocked = await call(double, 'GET', '/api/accounts');
		expect(blocked.status).toBe(429);
		expect(blocked.headers['retry-after']).toBe('45');
		expect(blocked.body.errors[0].detail).toBe('Request was throttled. Expected available in 45 seconds.');
	});

	test('an L-tier endpoint (75/s): exactly the 76th call in one second is the first 429', async () => {
		const double = getDouble();
		const statuses: number[] = [];
		for (let i = 0; i < 80; i++) statuses.push((await call(double, 'GET', '/api/lists')).status);
		expect(statuses.indexOf(429)).toBe(75);
		expect(statuses.slice(0, 75).every((s) => s === 200)).toBe(true);
	});

	test('RateLimit-* headers describe the steady window on every non-429 answer, errors included', async () => {
		const double = getDouble();
		const ok = await call(double, 'GET', '/api/lists');
		const bad = await call(double, 'GET', '/api/lists', { query: { 'page[size]': '11' } });
		expect(bad.status).toBe(400);
		expect(ok.headers).toMatchObject({ 'ratelimit-limit': '750', 'ratelimit-remaining': '749' });
		expect(bad.headers).toMatchObject({ 'ratelimit-limit': '750', 'ratelimit-remaining': '748' });
	});

	test('each operationId is its own bucket', async () => {
		const double = getDouble();
		await call(double, 'GET', '/api/accounts');
		expect((await call(double, 'GET', '/api/accounts')).status).toBe(429);
		expect((await call(double, 'GET', '/api/lists')).status).toBe(200);
	});

	describeNeedsSpec('quotas stated in the spec\'s prose', () => {
		test('additional-fields[list]=profile_count draws from its own 1/s quota as well', async () => {
			const double = getDouble();
			const query = { 'additional-fields[list]': 'profile_count' };
			expect((await call(double, 'GET', '/api/lists/Xk3Nws', { query })).status).toBe(200);
			expect((await call(double, 'GET', '/api/lists/Xk3Nws', { query })).status).toBe(429);
			expect((await call(double, 'GET', '/api/lists/Xk3Nws')).status).toBe(200);
		});
	});
});

describe('rate limit options', () => {
	test.each([
		[{ enabled: false }, 200],
		[{ enabled: true, multiplier: 2 }, 200],
		[{ enabled: true, multiplier: 1 }, 429],
	])('rateLimits=%j: the 2nd GET /api/accounts in a second answers %i', async (rateLimits, status) => {
		const double = await startKlaviyoDouble({ quiet: true, rateLimits });
		const fake = useFakeClock();
		try {
			await call(double, 'GET', '/api/accounts');
			expect((await call(double, 'GET', '/api/accounts')).status).toBe(status);
		} finally {
			fake.restore();
			await double.close();
		}
	});
});

describe('operationTiers and rateLimitFloorSeconds', () => {
	test('the tiers of the operations the nodes call (from the spec, else the handlers\' own)', () => {
		const tiers = operationTiers();
		expect(tiers.get_accounts).toEqual({ burstPerSecond: 1, steadyPerMinute: 15 });
		expect(tiers.create_or_update_profile).toEqual({ burstPerSecond: 75, steadyPerMinute: 750 });
		expect(tiers.create_event).toEqual({ burstPerSecond: 350, steadyPerMinute: 3500 });
		expect(tiers.bulk_import_profiles).toEqual({ burstPerSecond: 10, steadyPerMinute: 150 });
	});

	describeNeedsSpec('the spec\'s x-klaviyo-ratelimit', () => {
		test('covers every operation, and each handler\'s own tier (used without the spec) agrees with it', () => {
			const tiers = operationTiers();
			expect(Object.keys(tiers).length).toBeGreaterThan(200);
			for (const handler of HANDLERS) {
				expect([handler.operationId, parseTier(handler.fallbackTier)]).toEqual([handler.operationId, tiers[handler.operationId]]);
			}
		});
	});

	test.each([
		[{ get_accounts: 1 }, 0],
		[{ get_accounts: 2 }, 1],
		[{ get_accounts: 15 }, 14],
		[{ get_accounts: 16 }, 60],
		[{ get_lists: 75 }, 0],
		[{ get_lists: 76 }, 1],
		[{ get_lists: 750 }, 9],
		[{ get_lists: 751 }, 60],
		[{ create_event: 5000 }, 64],
		[{ get_accounts: 2, get_lists: 751, create_event: 10 }, 60],
		[{ get_lists: 0 }, 0],
	])('%j → %i s', (calls, seconds) => {
		expect(rateLimitFloorSeconds(calls)).toBe(seconds);
	});

	test('an unknown operationId is an error', () => {
		expect(() => rateLimitFloorSeconds({ not_an_operation: 1 })).toThrow(/not_an_operation/);
	});

	test.each([['get_accounts', 40], ['get_lists', 1600], ['bulk_create_events', 400]])(
		'the floor for %s ×%i is exactly what a greedy client achieves against the limiter',
		(operationId, calls) => {
			const tier = operationTiers()[operationId];
			const limiter = new RateLimiter(true);
			let now = 0;
			for (let i = 0; i < calls; i++) {
				for (;;) {
					const decision = limiter.take([{ key: operationId, tier }], now);
					if (decision.allowed) break;
					now += decision.retryAfterSeconds * 1000;
				}
			}
			expect(now / 1000).toBe(rateLimitFloorSeconds({ [operationId]: calls }));
		},
	);
});

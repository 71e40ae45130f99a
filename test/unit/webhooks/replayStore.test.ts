import { DEFAULT_REPLAY_MAX_ENTRIES, DEFAULT_REPLAY_TTL_SECONDS, rememberDelivery } from '../../../nodes/shared/webhooks';
import { claimDelivery, DEFAULT_CLAIM_LEASE_SECONDS, settleDelivery } from '../../../nodes/shared/webhooks/replayStore';

/**
 * The replay store lives in n8n's workflow static data: a plain object that n8n saves as JSON between executions,
 * so every behaviour is also checked after a JSON round trip.
 */
type Store = Record<string, unknown>;

const T0 = 1_700_000_000;
const roundTrip = (store: Store): Store => JSON.parse(JSON.stringify(store)) as Store;
const seen = (store: Store, id: string, now: number, options?: Parameters<typeof rememberDelivery>[3]) =>
	rememberDelivery(store, id, now, options).duplicate;

/** How many ids the store currently counts as seen, asked without changing it (on a copy). */
function remembered(store: Store, ids: string[], now: number, options?: Parameters<typeof rememberDelivery>[3]): string[] {
	const copy = roundTrip(store);
	return ids.filter((id) => seen(copy, id, now, { ...options, maxEntries: Number.MAX_SAFE_INTEGER }));
}

describe('duplicate detection', () => {
	test.each<[behaviour: string, steps: Array<[id: string, secondsAfterT0: number]>, expected: boolean[]]>([
		['a first delivery is new', [['refersion:a', 0]], [false]],
		['the same id again is a duplicate', [['refersion:a', 0], ['refersion:a', 5]], [false, true]],
		['another id is new', [['refersion:a', 0], ['refersion:b', 5]], [false, false]],
		['ids are compared exactly, case included', [['rewardful:ABC', 0], ['rewardful:abc', 1]], [false, false]],
		['a third delivery is still a duplicate', [['fp:1', 0], ['fp:1', 1], ['fp:1', 2]], [false, true, true]],
		['ids named like Object properties are ordinary ids', [['__proto__', 0], ['constructor', 0], ['__proto__', 1]], [false, false, true]],
	])('%s', (_, steps, expected) => {
		const store: Store = {};
		expect(steps.map(([id, at]) => seen(store, id, T0 + at))).toEqual(expected);
	});

	test('leaves the rest of the static data alone', () => {
		const store: Store = { lastPoll: 'kept', nested: { a: 1 } };
		seen(store, 'x', T0);
		expect(store).toMatchObject({ lastPoll: 'kept', nested: { a: 1 } });
	});

	test('starts afresh over state it cannot read', () => {
		const store: Store = {};
		seen(store, 'x', T0);
		const key = Object.keys(store)[0];
		store[key] = 'garbage';
		expect(seen(store, 'x', T0 + 1)).toBe(false);
		expect(seen(store, 'x', T0 + 2)).toBe(true);
	});
});

describe('expiry', () => {
	const TTL = 600;
	test.each<[behaviour: string, secondsLater: number, duplicate: boolean]>([
		['a redelivery one second before the TTL ends is a duplicate', TTL - 1, true],
		['a redelivery when the TTL ends is new again', TTL, false],
		['a redelivery long after the TTL is new again', TTL * 10, false],
	])('%s', (_, later, duplicate) => {
		const store: Store = {};
		seen(store, 'uppromote:1', T0, { ttlSeconds: TTL });
		expect(seen(store, 'uppromote:1', T0 + later, { ttlSeconds: TTL })).toBe(duplicate);
	});

	test('a duplicate does not extend the window: it counts from the first delivery', () => {
		const store: Store = {};
		seen(store, 'id', T0, { ttlSeconds: TTL });
		expect(seen(store, 'id', T0 + TTL - 1, { ttlSeconds: TTL })).toBe(true);
		expect(seen(store, 'id', T0 + TTL, { ttlSeconds: TTL })).toBe(false);
	});

	test('an id new again after expiry is remembered for a fresh window', () => {
		const store: Store = {};
		seen(store, 'id', T0, { ttlSeconds: TTL });
		seen(store, 'id', T0 + TTL, { ttlSeconds: TTL });
		expect(seen(store, 'id', T0 + 2 * TTL - 1, { ttlSeconds: TTL })).toBe(true);
	});

	test('the default TTL is three days', () => {
		expect(DEFAULT_REPLAY_TTL_SECONDS).toBe(3 * 24 * 3600);
		const store: Store = {};
		seen(store, 'id', T0);
		expect(seen(store, 'id', T0 + DEFAULT_REPLAY_TTL_SECONDS - 1)).toBe(true);
		expect(seen(store, 'id', T0 + DEFAULT_REPLAY_TTL_SECONDS)).toBe(false);
	});

	test('expired ids take no room under the cap', () => {
		const store: Store = {};
		const options = { ttlSeconds: TTL, maxEntries: 100 };
		for (let i = 0; i < 100; i++) seen(store, `old-${i}`, T0, options);
		const fresh = Array.from({ length: 100 }, (_, i) => `fresh-${i}`);
		for (const id of fresh) seen(store, id, T0 + TTL, options);
		expect(remembered(store, fresh, T0 + TTL)).toEqual(fresh);
	});

	test('expired ids leave the saved static data', () => {
		const store: Store = {};
		for (let i = 0; i < 100; i++) seen(store, `old-${i}`, T0, { ttlSeconds: TTL });
		seen(store, 'fresh', T0 + TTL, { ttlSeconds: TTL });
		expect(JSON.stringify(store)).not.toContain('old-');
		expect(JSON.stringify(store)).toContain('fresh');
	});

	test('a shorter TTL after a longer one never makes an expired id a duplicate', () => {
		const store: Store = {};
		seen(store, 'long', T0, { ttlSeconds: 10_000 });
		seen(store, 'short', T0, { ttlSeconds: 10 });
		expect(seen(store, 'short', T0 + 10, { ttlSeconds: 10 })).toBe(false);
	});
});

describe('cap', () => {
	test('drops the oldest ids first', () => {
		const store: Store = {};
		for (const id of ['a', 'b', 'c', 'd']) seen(store, id, T0, { maxEntries: 3 });
		expect(remembered(store, ['a', 'b', 'c', 'd'], T0)).toEqual(['b', 'c', 'd']);
	});

	test('a duplicate does not move an id to the back of the queue', () => {
		const store: Store = {};
		for (const id of ['a', 'b', 'c']) seen(store, id, T0, { maxEntries: 3 });
		seen(store, 'a', T0 + 1, { maxEntries: 3 });
		seen(store, 'd', T0 + 2, { maxEntries: 3 });
		expect(remembered(store, ['a', 'b', 'c', 'd'], T0 + 2)).toEqual(['b', 'c', 'd']);
	});

	test(`keeps ${DEFAULT_REPLAY_MAX_ENTRIES} ids by default, and 5,000 stay 5,000`, () => {
		expect(DEFAULT_REPLAY_MAX_ENTRIES).toBe(5000);
		const store: Store = {};
		const ids = Array.from({ length: 5000 }, (_, i) => `generic:msg_${i}`);
		ids.forEach((id, i) => expect(seen(store, id, T0 + i)).toBe(false));
		expect(remembered(store, ids, T0 + 5000)).toHaveLength(5000);
		seen(store, 'generic:msg_5000', T0 + 5000);
		const after = remembered(store, [...ids, 'generic:msg_5000'], T0 + 5000);
		expect(after).toHaveLength(5000);
		expect(after).not.toContain('generic:msg_0');
	});

	test('stays bounded in size over many more deliveries than the cap', () => {
		const store: Store = {};
		for (let i = 0; i < 20_000; i++) seen(store, `id-${i}`, T0 + i, { maxEntries: 500 });
		const bytes = JSON.stringify(store).length;
		expect(bytes).toBeLessThan(500 * 2 * 40 * 3);
		expect(remembered(store, ['id-19499', 'id-19500', 'id-19999'], T0 + 20_000)).toEqual(['id-19500', 'id-19999']);
	});
});

describe('JSON round trip (n8n saves static data as JSON)', () => {
	test('duplicates are still found after every save and load', () => {
		let store: Store = {};
		const results: boolean[] = [];
		for (const [id, at] of [['a', 0], ['b', 1], ['a', 2], ['c', 3], ['b', 4]] as const) {
			results.push(seen(store, id, T0 + at));
			store = roundTrip(store);
		}
		expect(results).toEqual([false, false, true, false, true]);
	});

	test('expiry and the cap keep working after a round trip', () => {
		let store: Store = {};
		for (const id of ['a', 'b', 'c']) seen(store, id, T0, { maxEntries: 3, ttlSeconds: 100 });
		store = roundTrip(store);
		seen(store, 'd', T0 + 1, { maxEntries: 3, ttlSeconds: 100 });
		store = roundTrip(store);
		expect(remembered(store, ['a', 'b', 'c', 'd'], T0 + 1)).toEqual(['b', 'c', 'd']);
		expect(remembered(store, ['b', 'c', 'd'], T0 + 100)).toEqual(['d']);
	});

	test('a round trip keeps the store equal to itself', () => {
		const store: Store = {};
		for (let i = 0; i < 50; i++) seen(store, `id-${i}`, T0 + i, { maxEntries: 20 });
		expect(roundTrip(store)).toEqual(store);
	});
});

describe('claims: an id counts as received only once its run succeeded', () => {
	const claim = (store: Store, id: string, now: number, options?: Parameters<typeof claimDelivery>[3]) => claimDelivery(store, id, now, options);

	test.each<[behaviour: string, steps: Array<(store: Store) => unknown>, expected: unknown[]]>([
		['a first delivery is claimed', [(s) => claim(s, 'a', T0)], ['fresh']],
		['the same id while its run is in progress is running', [(s) => claim(s, 'a', T0), (s) => claim(s, 'a', T0 + 5)], ['fresh', 'running']],
		['another id while one runs is fresh', [(s) => claim(s, 'a', T0), (s) => claim(s, 'b', T0 + 1)], ['fresh', 'fresh']],
		[
			'after a successful run the id is done',
			[(s) => claim(s, 'a', T0), (s) => settleDelivery(s, 'a', T0 + 3, true), (s) => claim(s, 'a', T0 + 60)],
			['fresh', undefined, 'done'],
		],
		[
			'after a failed run the id is fresh again: the redelivery runs',
			[(s) => claim(s, 'a', T0), (s) => settleDelivery(s, 'a', T0 + 3, false), (s) => claim(s, 'a', T0 + 60)],
			['fresh', undefined, 'fresh'],
		],
		[
			'a claim whose outcome never came ends with its lease',
			[(s) => claim(s, 'a', T0, { leaseSeconds: 100 }), (s) => claim(s, 'a', T0 + 99), (s) => claim(s, 'a', T0 + 100)],
			['fresh', 'running', 'fresh'],
		],
		[
			'an id remembered on arrival (answering immediately) is done for claims too',
			[(s) => seen(s, 'a', T0), (s) => claim(s, 'a', T0 + 1)],
			[false, 'done'],
		],
	])('%s', (_, steps, expected) => {
		const store: Store = {};
		expect(steps.map((step) => step(store))).toEqual(expected);
	});

	test('a succeeded id expires with the window, like any remembered id', () => {
		const store: Store = {};
		claim(store, 'a', T0);
		settleDelivery(store, 'a', T0, true, { ttlSeconds: 600 });
		expect(claim(store, 'a', T0 + 599, { ttlSeconds: 600 })).toBe('done');
		expect(claim(store, 'a', T0 + 600, { ttlSeconds: 600 })).toBe('fresh');
	});

	test('claims and outcomes survive a JSON round trip, and a store saved before claims existed still reads', () => {
		let store: Store = {};
		seen(store, 'old', T0);
		store = roundTrip(store);
		expect(claim(store, 'a', T0 + 1)).toBe('fresh');
		store = roundTrip(store);
		expect(claim(store, 'a', T0 + 2)).toBe('running');
		settleDelivery(store, 'a', T0 + 3, true);
		store = roundTrip(store);
		expect([claim(store, 'a', T0 + 4), claim(store, 'old', T0 + 4)]).toEqual(['done', 'done']);
	});

	test('abandoned claims cannot pile up past the cap', () => {
		const store: Store = {};
		for (let i = 0; i < 1000; i++) claim(store, `id-${i}`, T0 + i, { leaseSeconds: 10, maxEntries: 50 });
		expect(JSON.stringify(store).length).toBeLessThan(50 * 2 * 40);
		expect(claim(store, 'id-999', T0 + 1000, { leaseSeconds: 10, maxEntries: 50 })).toBe('running');
	});

	test('claims still in their lease (senders that hung up on slow runs) stay under the cap, at O(1) each', () => {
		const store: Store = {};
		const started = Date.now();
		for (let i = 0; i < 8000; i++) claim(store, `hung-up-${i}`, T0);
		const elapsedMs = Date.now() - started;
		const claims = (store[Object.keys(store)[0]] as { claims: { size: number; queue: unknown[] } }).claims;
		expect(claims.size).toBeLessThanOrEqual(DEFAULT_REPLAY_MAX_ENTRIES);
		expect(claims.queue.length).toBeLessThanOrEqual(2 * DEFAULT_REPLAY_MAX_ENTRIES);
		// The newest keep their lease; a scan of every claim per call took minutes here (quadratic).
		expect(claim(store, 'hung-up-7999', T0 + 1)).toBe('running');
		expect(elapsedMs).toBeLessThan(3000);
	});

	test('settled claims leave no stale entries piling up behind one that hung up', () => {
		const store: Store = {};
		claim(store, 'hung-up', T0, { maxEntries: 100 });
		for (let i = 0; i < 5000; i++) {
			claim(store, `ok-${i}`, T0 + Math.floor(i / 100), { maxEntries: 100 });
			settleDelivery(store, `ok-${i}`, T0 + Math.floor(i / 100), i % 2 === 0, { maxEntries: 100 });
		}
		expect(JSON.stringify(store).length).toBeLessThan(100 * 4 * 40);
		expect(claim(store, 'ok-4998', T0 + 60, { maxEntries: 100 })).toBe('done');
		expect(claim(store, 'ok-4999', T0 + 60, { maxEntries: 100 })).toBe('fresh');
		expect(claim(store, 'hung-up', T0 + 60, { maxEntries: 100 })).toBe('running');
	});

	test('settling an id that was never claimed forgets nothing else', () => {
		const store: Store = {};
		claim(store, 'a', T0);
		settleDelivery(store, 'b', T0 + 1, false);
		expect(claim(store, 'a', T0 + 2)).toBe('running');
	});

	test(`the default lease is ${DEFAULT_CLAIM_LEASE_SECONDS / 60} minutes`, () => {
		const store: Store = {};
		claim(store, 'a', T0);
		expect(claim(store, 'a', T0 + DEFAULT_CLAIM_LEASE_SECONDS - 1)).toBe('running');
		expect(claim(store, 'a', T0 + DEFAULT_CLAIM_LEASE_SECONDS)).toBe('fresh');
	});
});

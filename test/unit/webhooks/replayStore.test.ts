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
		const onlyFresh: Store = {};
		seen(onlyFresh, 'fresh', T0 + TTL, { ttlSeconds: TTL });
		expect(JSON.stringify(store)).toBe(JSON.stringify(onlyFresh));
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

describe('what n8n saves (the whole static data is read and written on every new delivery)', () => {
	test('at the cap of 5,000 ids the store is about 117 KB, however long the ids', () => {
		const short: Store = {};
		const long: Store = {};
		for (let i = 0; i < DEFAULT_REPLAY_MAX_ENTRIES + 10; i++) {
			seen(short, `r:${i}`, T0 + i);
			seen(long, `refersion:conversion:${'x'.repeat(200)}:${i}`, T0 + i);
		}
		expect(JSON.stringify(short).length).toBeLessThan(DEFAULT_REPLAY_MAX_ENTRIES * 24 + 200);
		expect(JSON.stringify(long).length).toBe(JSON.stringify(short).length);
	});

	test('no platform id is written to static data, only its hash', () => {
		const store: Store = {};
		seen(store, 'refersion:conversion:880123', T0);
		claimDelivery(store, 'rewardful:sale_42', T0);
		expect(JSON.stringify(store)).not.toMatch(/880123|sale_42|refersion|rewardful/);
	});

	test('a store saved by the first layout keeps its ids, claims and order after an upgrade', () => {
		// What versions before the compact layout saved: `#` + id → expiry, a queue in insertion order with a head,
		// entries before the head or whose expiry differs from the map's being gone.
		const firstLayout = (entries: Array<[string, number]>, head: number, expiries: Record<string, number>) => ({ expiries, queue: entries, head, size: Object.keys(expiries).length });
		const store: Store = {
			kept: 1,
			affiliateWebhookDeliveries: {
				...firstLayout(
					[['gone-before-head', T0 + 500], ['a', T0 + 100], ['stale', T0 + 50], ['b', T0 + 200], ['stale', T0 + 300]],
					1,
					{ '#a': T0 + 100, '#b': T0 + 200, '#stale': T0 + 300, '#gone-before-head': T0 + 500 },
				),
				claims: firstLayout([['running', T0 + 900]], 0, { '#running': T0 + 900 }),
			},
		};
		const upgraded = roundTrip(store);
		expect(remembered(upgraded, ['a', 'b', 'stale', 'gone-before-head', 'new'], T0 + 1)).toEqual(['a', 'b', 'stale']);
		expect(claimDelivery(roundTrip(store), 'running', T0 + 1)).toBe('running');
		// Each keeps its own expiry ...
		expect(remembered(upgraded, ['a', 'b', 'stale'], T0 + 150)).toEqual(['b', 'stale']);
		// ... and the order: under a cap of 3 the oldest (a) goes first.
		seen(upgraded, 'new', T0 + 2, { maxEntries: 3 });
		expect(remembered(upgraded, ['a', 'b', 'stale', 'new'], T0 + 2)).toEqual(['b', 'stale', 'new']);
		expect(upgraded.kept).toBe(1);
	});
});

describe('the compact layout holds at its edges', () => {
	/** A store whose every write, however deep, is counted — as n8n's static data marks itself changed on any set. */
	function watched(target: Store): { store: Store; writes: () => number } {
		let writes = 0;
		const wrap = (object: Record<string, unknown>): Record<string, unknown> =>
			new Proxy(object, {
				get: (inner, key) => {
					const value = Reflect.get(inner, key) as unknown;
					return typeof value === 'object' && value !== null ? wrap(value as Record<string, unknown>) : value;
				},
				set: (inner, key, value) => {
					writes++;
					return Reflect.set(inner, key, value);
				},
			});
		return { store: wrap(target), writes: () => writes };
	}

	test('a redelivery writes nothing, so n8n has no static data to save', () => {
		const plain: Store = {};
		seen(plain, 'a', T0);
		claimDelivery(plain, 'b', T0);
		const { store, writes } = watched(plain);
		expect(seen(store, 'a', T0 + 5)).toBe(true);
		expect(claimDelivery(store, 'b', T0 + 5)).toBe('running');
		expect(claimDelivery(store, 'a', T0 + 5)).toBe('done');
		expect(writes()).toBe(0);
		expect(seen(store, 'new', T0 + 6)).toBe(false);
		expect(writes()).toBeGreaterThan(0);
	});

	test.each([1e8 * 3600, Infinity])('a replay window of %p s keeps working (kept until the latest date the layout holds)', (ttlSeconds) => {
		const store: Store = {};
		expect(['a', 'b', 'a', 'b', 'c', 'a'].map((id, i) => seen(store, id, T0 + i, { ttlSeconds }))).toEqual([false, false, true, true, false, true]);
		expect(seen(roundTrip(store), 'c', T0 + 10 ** 9, { ttlSeconds })).toBe(true);
	});

	test('a fraction of a second is rounded up: an id is never forgotten before its window ends', () => {
		const store: Store = {};
		claimDelivery(store, 'f', T0 + 5.7, { leaseSeconds: 3 });
		expect(claimDelivery(store, 'f', T0 + 8.4, { leaseSeconds: 3 })).toBe('running');
	});

	test('ids differing only in a lone surrogate are different ids', () => {
		const store: Store = {};
		expect(['id\uD800', 'id\uDFFF', 'id\uFFFD'].map((id) => seen(store, id, T0))).toEqual([false, false, false]);
	});

	test.each<[string, (good: string) => unknown]>([
		['a stray comma inside an entry', (good) => `${good.slice(0, 10)},${good.slice(11)}`],
		['an expiry that is not base 36', (good) => `${good.slice(0, 17)}!!!!!!!`],
		['a cut entry', (good) => good.slice(0, 20)],
		['a number', () => 42],
	])('unreadable remembered ids (%s) start afresh; readable claims beside them are kept', (_, spoil) => {
		const store: Store = {};
		seen(store, 'a', T0);
		claimDelivery(store, 'b', T0);
		const state = store.affiliateWebhookDeliveries as { ids: unknown };
		state.ids = spoil(state.ids as string);
		const loaded = roundTrip(store);
		expect(seen(loaded, 'a', T0 + 1)).toBe(false);
		expect(seen(loaded, 'a', T0 + 2)).toBe(true);
		expect(claimDelivery(loaded, 'b', T0 + 2)).toBe('running');
	});

	test('a store not written by this process (after a restart, or by another one) is checked without failing, however large', () => {
		const store: Store = {};
		for (let i = 0; i < 50; i++) seen(store, `id-${i}`, T0);
		const state = store.affiliateWebhookDeliveries as { ids: string };
		// Text equal to nothing this module wrote: a million entries, valid, each expiring after T0 + 10.
		state.ids = `,${'A'.repeat(16)}${(T0 + 10).toString(36).padStart(7, '0')}`.repeat(1_000_000);
		expect(() => seen(store, 'id-1', T0 + 20)).not.toThrow();
		expect(seen(store, 'id-1', T0 + 21)).toBe(true);
	});

	test('a first-layout store far past the cap converts in one pass, keeping the newest ids', () => {
		const count = 50_000;
		const queue = Array.from({ length: count }, (_, i): [string, number] => [`id-${i}`, T0 + 1000]);
		const expiries = Object.fromEntries(queue.map(([id, expiry]) => [`#${id}`, expiry]));
		const store: Store = { affiliateWebhookDeliveries: { expiries, queue, head: 0, size: count } };
		const started = Date.now();
		expect(seen(store, 'id-49999', T0)).toBe(true);
		// Quadratic, this took minutes (40,000 entries: 119 s); one pass takes a fraction of a second.
		expect(Date.now() - started).toBeLessThan(3000);
		expect(remembered(store, ['id-0', 'id-44999', 'id-45000'], T0)).toEqual(['id-45000']);
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
		expect(JSON.stringify(store).length).toBeLessThan(DEFAULT_REPLAY_MAX_ENTRIES * 24 + 200);
		// The newest keep their lease; the oldest went at the cap. A scan of every claim per call took minutes here.
		expect(claim(store, 'hung-up-7999', T0 + 1)).toBe('running');
		expect(claim(store, 'hung-up-0', T0 + 1)).toBe('fresh');
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

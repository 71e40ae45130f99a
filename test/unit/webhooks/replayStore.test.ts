import { DEFAULT_REPLAY_MAX_ENTRIES, DEFAULT_REPLAY_TTL_SECONDS, rememberDelivery } from '../../../nodes/shared/webhooks';

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

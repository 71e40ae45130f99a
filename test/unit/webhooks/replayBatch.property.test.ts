import fc from 'fast-check';

import {
	claimDeliveries,
	claimDelivery,
	rememberDeliveries,
	rememberDelivery,
	REPLAY_STORE_KEY,
	settleDeliveries,
	settleDelivery,
} from '../../../nodes/shared/webhooks/replayStore';

/**
 * Issue 20: a delivery with thousands of events (a Refersion payment) records all its ids in one call, which reads the
 * store's list once. Property: any history of such calls leaves the same store and gives the same verdicts as the
 * same ids recorded one call each — through expiry, renewals, repeats within one call, caps of a few entries and TTL
 * changes that leave an expired entry behind a live one.
 */
type Store = Record<string, unknown>;
type Step = { kind: 'remember' | 'claim' | 'settle'; ids: string[]; later: number; ttl: number; lease: number; cap: number; succeeded: boolean };

const step: fc.Arbitrary<Step> = fc.record({
	kind: fc.constantFrom<Step['kind']>('remember', 'claim', 'settle'),
	ids: fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), { minLength: 1, maxLength: 8 }),
	later: fc.constantFrom(0, 0.4, 1, 3, 7, 40),
	ttl: fc.constantFrom(5, 50, 500),
	lease: fc.constantFrom(3, 30),
	cap: fc.constantFrom(1, 2, 3, 5, 100),
	succeeded: fc.boolean(),
});

function replay(steps: Step[], batched: boolean, start: Store = {}): { store: Store; verdicts: unknown[] } {
	const store = JSON.parse(JSON.stringify(start)) as Store;
	const verdicts: unknown[] = [];
	let now = 1_700_000_000;
	for (const { kind, ids, later, ttl, lease, cap, succeeded } of steps) {
		now += later;
		const options = { ttlSeconds: ttl, leaseSeconds: lease, maxEntries: cap };
		if (kind === 'remember') {
			verdicts.push(batched ? rememberDeliveries(store, ids, now, options) : ids.map((id) => rememberDelivery(store, id, now, options).duplicate));
		} else if (kind === 'claim') {
			verdicts.push(batched ? claimDeliveries(store, ids, now, options) : ids.map((id) => claimDelivery(store, id, now, options)));
		} else if (batched) settleDeliveries(store, ids, now, succeeded, options);
		else for (const id of ids) settleDelivery(store, id, now, succeeded, options);
	}
	return { store, verdicts };
}

describe('recording many ids in one call', () => {
	test('leaves the same store and verdicts as one call per id', () => {
		fc.assert(
			fc.property(fc.array(step, { maxLength: 12 }), (steps) => {
				expect(replay(steps, true)).toEqual(replay(steps, false));
			}),
			{ numRuns: 2000 },
		);
	});

	test('reads a list in which a key repeats (no list this module writes) as one call per id would', () => {
		const store: Store = {};
		rememberDeliveries(store, ['a', 'b'], 1_700_000_000, { ttlSeconds: 60 });
		const state = store[REPLAY_STORE_KEY] as { ids: string };
		const first = state.ids.slice(0, 24);
		state.ids = `${first}${state.ids.slice(24)}${first.slice(0, 17)}zzzzzzz`;
		fc.assert(
			fc.property(fc.array(step, { maxLength: 6 }), (steps) => {
				expect(replay(steps, true, store)).toEqual(replay(steps, false, store));
			}),
			{ numRuns: 300 },
		);
	});
});

import { DEFAULT_MAX_EVENTS, eventsAllowedFor, normalizedEventSchema, normalizeWebhookDelivery, type AffiliatePlatform } from '../../../nodes/shared/webhooks';
import { derivedId } from '../../../nodes/shared/webhooks/platforms/fields';
import { fixture } from './helpers';

/**
 * Issue 14: validly signed bodies that made the normalizer throw now give events — a field it cannot read is left
 * empty (a time: the time of receipt) with a warning naming the field.
 */
const NOW = new Date('2026-01-01T00:00:00Z');
const MICROSECONDS = 1_614_265_330_123_456;
const record = (name: string) => fixture<Record<string, unknown>>(name);

function normalize(platform: AffiliatePlatform, body: unknown, topic?: string) {
	const result = normalizeWebhookDelivery({ platform, headers: {}, body, options: { now: NOW, topic } });
	for (const event of result.events) expect(normalizedEventSchema.safeParse(event).success).toBe(true);
	return result;
}

const rewardful = (object: unknown, created_at: unknown) => ({ object, event: { id: 'evt_1', type: 'sale.created', created_at } });

describe('times', () => {
	test.each<[platform: AffiliatePlatform, body: () => unknown]>([
		['refersion', () => ({ ...record('refersion/conversion-pending.json'), updated: MICROSECONDS })],
		['rewardful', () => rewardful(record('rewardful/sale.json'), MICROSECONDS)],
		['uppromote', () => ({ ...record('uppromote/referral.json'), updated_at: String(MICROSECONDS) })],
		['firstpromoter', () => ({ event_id: 'e1', event_type: 'referral.created', timestamp: MICROSECONDS, data: {} })],
		['generic', () => ({ type: 'affiliate.approved', timestamp: MICROSECONDS })],
	])('%s: a microsecond epoch is read as microseconds, not as a year-55,000 date', (platform, body) => {
		const { events, warnings } = normalize(platform, body());
		expect(events[0].occurredAt).toBe('2021-02-25T15:02:10.123Z');
		expect(warnings).toEqual([]);
	});

	test.each<[platform: AffiliatePlatform, body: () => unknown, field: string]>([
		['refersion', () => ({ ...record('refersion/conversion-pending.json'), updated: '+275760-09-13T00:00:00Z' }), 'updated'],
		['rewardful', () => rewardful(record('rewardful/sale.json'), 'yesterday'), 'event.created_at'],
		['uppromote', () => ({ ...record('uppromote/referral.json'), created_at: 1e25 }), 'created_at'],
		['firstpromoter', () => ({ event_id: 'e1', event_type: 'referral.created', timestamp: { at: 1 }, data: {} }), 'timestamp'],
		['generic', () => ({ type: 'affiliate.approved', data: { created_at: '2026-02-30 10:00:00' } }), 'data.created_at'],
	])('%s: a time it cannot read is the time of receipt, with a warning naming the field', (platform, body, field) => {
		const { events, warnings } = normalize(platform, body());
		expect(events[0].occurredAt).toBe(NOW.toISOString());
		expect(warnings).toEqual([`${field} is not a readable time; occurredAt is the time of receipt`]);
	});
});

describe('amounts', () => {
	test('a Refersion payment whose amounts are past the largest number leaves each, and the payout amount, empty', () => {
		const body = fixture<{ data: { payments: Array<Record<string, unknown>> } }>('refersion/payment-listed.json');
		body.data.payments[0].commission_total = 1.7e308;
		body.data.payments[1].commission_total = 1.7e308;
		const { events, warnings } = normalize('refersion', body, 'NEW_PAYMENT');
		expect(events[0].payout).toMatchObject({ id: '9101,9102', amount: null });
		expect(warnings).toEqual([
			'payments[0].commission_total is not a usable amount; left empty',
			'payments[1].commission_total is not a usable amount; left empty',
		]);
	});

	test('a Refersion payment whose amounts are each possible but add up to more than money can be leaves the sum empty', () => {
		const body = fixture<{ data: { payments: Array<Record<string, unknown>> } }>('refersion/payment-listed.json');
		body.data.payments[0].commission_total = '60000000000000.00';
		body.data.payments[1].commission_total = '60000000000000.00';
		const { events, warnings } = normalize('refersion', body, 'NEW_PAYMENT');
		expect(events[0].payout).toMatchObject({ id: '9101,9102', amount: null });
		expect(warnings).toEqual(['the payments of affiliate 4711 add up to no usable amount; payout.amount left empty']);
	});

	test.each<[platform: AffiliatePlatform, body: () => unknown, field: string]>([
		['refersion', () => ({ ...record('refersion/conversion-approved.json'), total: 1e300 }), 'total'],
		['rewardful', () => rewardful({ ...record('rewardful/sale.json'), sale_amount_cents: '9'.repeat(400) }, '2026-01-01T00:00:00Z'), 'sale_amount_cents'],
		['uppromote', () => ({ ...record('uppromote/referral.json'), commission: 'twelve' }), 'commission'],
		['firstpromoter', () => ({ event_id: 'e1', event_type: 'commission.created', data: { amount: 1.7e308 } }), 'data.amount'],
		['generic', () => ({ type: 'conversion.created', data: { amount: -1e200 } }), 'data.amount'],
	])('%s: an amount that cannot be money is left empty, with a warning naming the field', (platform, body, field) => {
		const { warnings } = normalize(platform, body());
		expect(warnings).toEqual([`${field} is not a usable amount; left empty`]);
	});

	test.each<[sent: unknown, cents: boolean]>([
		['-0', false],
		[-0, false],
		['-0.00', false],
		[-0.4, true],
	])('an amount of %p (cents: %p) is a plain zero, not minus zero', (sent, cents) => {
		const { events } = cents
			? normalize('rewardful', rewardful({ ...record('rewardful/sale.json'), sale_amount_cents: sent }, '2026-01-01T00:00:00Z'))
			: normalize('refersion', { ...record('refersion/conversion-pending.json'), total: sent });
		expect(Object.is(events[0].conversion?.amount, 0)).toBe(true);
	});
});

describe('a body the platform reader cannot handle at all', () => {
	test('is one `unknown` event with the raw body and a warning, not an exception', () => {
		const hostile = Object.defineProperty({}, 'data', {
			enumerable: true,
			get() {
				throw new TypeError('not readable');
			},
		});
		const { events, warnings } = normalizeWebhookDelivery({ platform: 'refersion', headers: {}, body: hostile, options: { now: NOW } });
		expect(events).toEqual([expect.objectContaining({ type: 'unknown', platform: 'refersion', raw: hostile, occurredAt: NOW.toISOString() })]);
		expect(warnings).toEqual(['the refersion payload could not be read (TypeError); kept as unknown']);
	});
});

describe('deeply nested bodies', () => {
	// 20,000 levels is 180 KB of JSON: well inside the trigger's 1 MB body cap, far past a recursive walk's stack.
	const nested = (depth: number) => '{"data":'.repeat(depth) + '{"id":1}' + '}'.repeat(depth);

	test.each<AffiliatePlatform>(['refersion', 'rewardful', 'uppromote', 'firstpromoter', 'generic'])(
		'%s: a body nested 20,000 deep is read without the safety net, and its redelivery gets the same id',
		(platform) => {
			const text = nested(20_000);
			const first = normalize(platform, JSON.parse(text));
			const again = normalize(platform, JSON.parse(text));
			expect(first.warnings).toEqual([]);
			expect(again.events.map((event) => event.id)).toEqual(first.events.map((event) => event.id));
			expect(normalize(platform, JSON.parse(nested(20_001))).events[0].id).not.toBe(first.events[0].id);
		},
	);
});

describe('a delivery with many events', () => {
	/** A Refersion payment to 500 affiliates whose payments each add up past any real amount: one warning each, naming it. */
	const payment = (affiliates: number) => ({
		affiliates: Object.fromEntries(
			Array.from({ length: affiliates }, (_, index) => [String(index + 1), { id: index + 1, email: `a${index}@example.com`, payments: [{ id: 9000 + index, commission_total: '90000000000000', currency: 'USD' }, { id: 19000 + index, commission_total: '90000000000000', currency: 'USD' }] }]),
		),
	});

	test('warnings are bounded: the first 20 and how many more, not one per event on every event', () => {
		const { events, warnings } = normalize('refersion', payment(500));
		expect(events).toHaveLength(500);
		expect(warnings).toHaveLength(21);
		expect(warnings[20]).toBe('…and 480 more warnings');
	});

	test('a rare kind of warning is not hidden behind many of another', () => {
		const body = payment(30) as { affiliates: Record<string, unknown> };
		body.affiliates['999'] = { id: 999, email: 'late@example.com', payments: [{ id: 1, commission_total: '5.00', created: 'yesterday-ish' }] };
		const { warnings } = normalize('refersion', body);
		expect(warnings).toHaveLength(21);
		expect(warnings.some((warning) => warning.includes('not a readable time'))).toBe(true);
		expect(warnings[20]).toBe('…and 11 more warnings');
	});

	test('events keep the schema’s key order whatever order a reader built them in: raw comes last', () => {
		for (const event of normalize('refersion', payment(2)).events) {
			expect(Object.keys(event)).toEqual(['id', 'factId', 'platform', 'type', 'sourceType', 'occurredAt', 'affiliate', 'payout', 'raw']);
		}
	});

	test('one affiliate listed under several keys is one event, not one copy per key', () => {
		const body = {
			affiliates: Object.fromEntries(Array.from({ length: 1000 }, (_, index) => [`k${index}`, { id: 7, email: 'a@example.com' }])),
			payments: Array.from({ length: 50 }, (_, index) => ({ id: 9000 + index, affiliate_id: 7, commission_total: '1.00', currency: 'USD' })),
		};
		const { events, warnings } = normalize('refersion', body);
		expect(events).toHaveLength(1);
		expect(events[0].payout).toMatchObject({ amount: 50, currency: 'USD' });
		expect(warnings).toContain('999 events repeated the id of an earlier one in the same delivery (the same affiliate listed twice) and were left out');
	});

	test('each event of a payment to several affiliates carries its own part of it as raw, not the whole body', () => {
		const { events } = normalize('refersion', payment(3));
		expect(events.map((event) => Object.keys((event.raw as { affiliates: object }).affiliates))).toEqual([['1'], ['2'], ['3']]);
		expect(JSON.stringify(events.map((event) => event.raw)).length).toBeLessThan(JSON.stringify(payment(3)).length + 200);
	});

	describe('a delivery may start one event per 100 bytes of the body cap; one naming more is kept whole', () => {
		const tiny = (count: number) => ({ affiliates: Object.fromEntries(Array.from({ length: count }, (_, index) => [String(100000 + index), 0])) });

		test('the bound at the trigger’s default cap of 1024 KB', () => {
			expect(eventsAllowedFor(1024 * 1024)).toBe(10_485);
			expect(DEFAULT_MAX_EVENTS).toBe(10_485);
			expect(eventsAllowedFor(99)).toBe(1);
		});

		test('exactly the bound: one event per affiliate', () => {
			const { events, warnings } = normalize('refersion', tiny(DEFAULT_MAX_EVENTS));
			expect(events).toHaveLength(DEFAULT_MAX_EVENTS);
			expect(warnings).toEqual([]);
		});

		test('one more: one unknown event with the whole body, its id from the body, and a warning naming both numbers', () => {
			const body = tiny(DEFAULT_MAX_EVENTS + 1);
			const { events, warnings } = normalize('refersion', body);
			expect(events).toHaveLength(1);
			expect(events[0]).toMatchObject({ type: 'unknown', factId: null, id: derivedId('refersion', 'unknown', body) });
			expect(events[0].raw).toBe(body);
			expect(warnings).toEqual([
				`the payload names 10486 events, more than the 10485 one delivery may start (one per 100 bytes of the body cap); kept whole as unknown`,
			]);
		});

		test('found by review: a bound below 1 is 1, NaN the default; an affiliate listed twice counts once', () => {
			const body = tiny(3);
			const at = (maxEvents: number, payload: unknown = body) =>
				normalizeWebhookDelivery({ platform: 'refersion', headers: {}, body: payload, options: { now: NOW, maxEvents } }).events.map((event) => event.type);
			expect(at(0)).toEqual(['unknown']);
			expect(at(-1)).toEqual(['unknown']);
			expect(at(0.5)).toEqual(['unknown']);
			expect(at(Number.NaN)).toHaveLength(3);
			expect(eventsAllowedFor(Number.NaN)).toBe(DEFAULT_MAX_EVENTS);
			expect(eventsAllowedFor(-5)).toBe(DEFAULT_MAX_EVENTS);
			const oneAffiliateThreeKeys = { affiliates: { a: { id: 7 }, b: { id: 7 }, c: { id: 7 } } };
			expect(at(2, oneAffiliateThreeKeys)).toEqual(['commission.paid']);
			expect(at(1, oneAffiliateThreeKeys)).toEqual(['commission.paid']);
		});

		test('maxEvents sets the bound; a redelivery gets the same id', () => {
			const body = tiny(4);
			const at = (maxEvents: number) => normalizeWebhookDelivery({ platform: 'refersion', headers: {}, body, options: { now: NOW, maxEvents } });
			expect(at(4).events).toHaveLength(4);
			expect(at(3).events.map((event) => event.type)).toEqual(['unknown']);
			expect(at(3).events[0].id).toBe(at(3).events[0].id);
		});
	});
});

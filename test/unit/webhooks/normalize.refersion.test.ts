import { normalizeAffiliateWebhook, normalizedEventSchema, normalizeWebhookDelivery, type NormalizedEventType } from '../../../nodes/shared/webhooks';
import { fixture } from './helpers';

/**
 * Refersion: the topic comes in `Refersion-Topic`. Only AFFILIATE_DETAILS_CHANGE and APPROVED_CONVERSION are published;
 * the other values are inferred in the same style (see platforms/refersion.ts). Fixtures follow the payload fields of
 * the facts file, section 1.4.
 */
const NOW = new Date('2026-01-01T00:00:00Z');

function refersion(body: unknown, topic?: string, options: { sourceTimeZone?: string } = {}) {
	const headers: Record<string, string> = { 'content-type': 'application/json' };
	if (topic !== undefined) headers['Refersion-Topic'] = topic;
	return normalizeAffiliateWebhook({ platform: 'refersion', headers, body, options: { now: NOW, ...options } });
}

function only(body: unknown, topic?: string, options?: { sourceTimeZone?: string }) {
	const events = refersion(body, topic, options);
	expect(events).toHaveLength(1);
	return events[0];
}

describe('Refersion topics', () => {
	test.each<[topic: string, fixtureName: string, type: NormalizedEventType]>([
		['NEW_CONVERSION', 'refersion/conversion-pending.json', 'conversion.created'],
		['APPROVED_CONVERSION', 'refersion/conversion-approved.json', 'conversion.approved'],
		['DENIED_CONVERSION', 'refersion/conversion-denied.json', 'conversion.denied'],
		['NEW_AFFILIATE', 'refersion/affiliate-new.json', 'affiliate.created'],
		['NEW_AFFILIATE', 'refersion/affiliate-active.json', 'affiliate.approved'],
		['AFFILIATE_STATUS_CHANGE', 'refersion/affiliate-active.json', 'affiliate.approved'],
		['AFFILIATE_STATUS_CHANGE', 'refersion/affiliate-inactive.json', 'affiliate.deactivated'],
		['AFFILIATE_STATUS_CHANGE', 'refersion/affiliate-denied.json', 'affiliate.deactivated'],
		['AFFILIATE_STATUS_CHANGE', 'refersion/affiliate-new.json', 'affiliate.updated'],
		['AFFILIATE_DETAILS_CHANGE', 'refersion/affiliate-details-changed.json', 'affiliate.updated'],
		['NEW_CONVERSION_TRIGGER', 'refersion/conversion-trigger-coupon.json', 'coupon.issued'],
		['NEW_CONVERSION_TRIGGER', 'refersion/conversion-trigger-email.json', 'affiliate.updated'],
		['BONUS_TIER_MOVEMENT', 'refersion/bonus-tier-movement.json', 'tier.reached'],
		['NEW_PAYMENT', 'refersion/payment-two-affiliates.json', 'commission.paid'],
	])('%s with %s is %s', (topic, fixtureName, type) => {
		const events = refersion(fixture(fixtureName), topic);
		expect(events.length).toBeGreaterThan(0);
		for (const event of events) {
			expect(event.type).toBe(type);
			expect(event.platform).toBe('refersion');
			expect(event.sourceType).toBe(topic);
			expect(normalizedEventSchema.safeParse(event).success).toBe(true);
		}
	});

	test.each([
		['the words in another order', 'CONVERSION_APPROVED', 'conversion.approved'],
		['lower case', 'approved_conversion', 'conversion.approved'],
		['spaces', 'Approved Conversion', 'conversion.approved'],
		['dashes and CHANGED', 'affiliate-details-changed', 'affiliate.updated'],
	])('recognizes a topic written with %s', (_, topic, type) => {
		const body = type.startsWith('conversion') ? fixture('refersion/conversion-approved.json') : fixture('refersion/affiliate-details-changed.json');
		expect(only(body, topic).type).toBe(type);
	});

	test.each<[fixtureName: string, type: NormalizedEventType, sourceType: string]>([
		['refersion/conversion-pending.json', 'conversion.created', 'NEW_CONVERSION'],
		['refersion/conversion-approved.json', 'conversion.approved', 'APPROVED_CONVERSION'],
		['refersion/conversion-denied.json', 'conversion.denied', 'DENIED_CONVERSION'],
		['refersion/conversion-trigger-coupon.json', 'coupon.issued', 'NEW_CONVERSION_TRIGGER'],
		['refersion/bonus-tier-movement.json', 'tier.reached', 'BONUS_TIER_MOVEMENT'],
		['refersion/payment-two-affiliates.json', 'commission.paid', 'NEW_PAYMENT'],
		['refersion/payment-marketplace.json', 'commission.paid', 'NEW_PAYMENT'],
	])('without a topic header, infers %s from its shape', (fixtureName, type, sourceType) => {
		for (const event of refersion(fixture(fixtureName))) {
			expect(event.type).toBe(type);
			expect(event.sourceType).toBe(sourceType);
		}
		// An unrecognized header is treated like a missing one when the shape is clear.
		expect(refersion(fixture(fixtureName), 'SOME_FUTURE_TOPIC')[0].type).toBe(type);
	});

	test.each<[fixtureName: string, type: NormalizedEventType]>([
		['refersion/affiliate-new.json', 'affiliate.updated'],
		['refersion/affiliate-active.json', 'affiliate.approved'],
		['refersion/affiliate-details-changed.json', 'affiliate.approved'],
		['refersion/affiliate-inactive.json', 'affiliate.deactivated'],
		['refersion/affiliate-denied.json', 'affiliate.deactivated'],
	])('under a topic it does not recognize, reads the affiliate record %s by its own status as %s', (fixtureName, type) => {
		expect(only(fixture(fixtureName), 'SOME_FUTURE_TOPIC')).toMatchObject({ type, sourceType: 'SOME_FUTURE_TOPIC' });
	});

	// Refersion sends Refersion-Topic on every delivery: a record without one came through something that strips
	// headers. Its status decides (an approval is never dropped in silence), and a warning says the topic was missing.
	test.each([
		['affiliate-active', 'affiliate.approved'],
		['affiliate-details-changed', 'affiliate.approved'],
		['affiliate-inactive', 'affiliate.deactivated'],
		['affiliate-denied', 'affiliate.deactivated'],
	])('without any topic, the affiliate record refersion/%s.json is read by its status as %s, with a warning naming Refersion-Topic', (name, type) => {
		const { events, warnings } = normalizeWebhookDelivery({ platform: 'refersion', headers: {}, body: fixture(`refersion/${name}.json`), options: { now: NOW } });
		expect(events).toHaveLength(1);
		expect(events[0]).toMatchObject({ type, sourceType: null });
		expect(warnings).toEqual([expect.stringContaining('Refersion-Topic is missing')]);
	});

	test('keeps an unknown topic with an unknown shape as `unknown`, with the raw payload', () => {
		const body = fixture('refersion/unknown-shape.json');
		const event = only(body, 'SOME_FUTURE_TOPIC');
		expect(event).toMatchObject({ type: 'unknown', sourceType: 'SOME_FUTURE_TOPIC', raw: body, occurredAt: NOW.toISOString() });
		expect(only(body).type).toBe('unknown');
	});
});

describe('Refersion conversions', () => {
	test('carry the order, amounts as numbers, the customer and the affiliate', () => {
		const event = only(fixture('refersion/conversion-approved.json'), 'APPROVED_CONVERSION');
		expect(event.conversion).toEqual({
			id: '880123',
			orderId: '1001',
			amount: 59,
			commission: 5.9,
			currency: 'USD',
			status: 'approved',
			customerEmail: 'grace@example.com',
		});
		expect(event.affiliate).toEqual({
			id: '4711',
			code: 'a3y7',
			email: 'ada@example.com',
			firstName: 'Ada',
			lastName: 'Lovelace',
			phone: null,
			referralLink: null,
			couponCode: 'ADA10',
			offerId: '12',
			offerName: 'Spring Offer',
			status: null,
		});
	});

	test.each<[zone: string | undefined, occurredAt: string]>([
		[undefined, '2020-02-21T09:00:00.000Z'],
		['UTC', '2020-02-21T09:00:00.000Z'],
		['America/New_York', '2020-02-21T14:00:00.000Z'],
		['Europe/Berlin', '2020-02-21T08:00:00.000Z'],
		['+02:00', '2020-02-21T07:00:00.000Z'],
		['-03:30', '2020-02-21T12:30:00.000Z'],
		['Not/A_Zone', '2020-02-21T09:00:00.000Z'],
	])('read the zone-less "updated" time in %s', (zone, occurredAt) => {
		expect(only(fixture('refersion/conversion-approved.json'), 'APPROVED_CONVERSION', { sourceTimeZone: zone }).occurredAt).toBe(occurredAt);
	});

	test('a marketplace delivery (no customer) still normalizes', () => {
		const body = { ...fixture('refersion/conversion-pending.json'), customer: undefined, merchant: { name: 'Acme' }, product_names: ['Tea'] };
		expect(only(body, 'NEW_CONVERSION').conversion?.customerEmail).toBeNull();
	});
});

describe('Refersion payments', () => {
	test('give one event per affiliate, each with its own payout and id', () => {
		const events = refersion(fixture('refersion/payment-two-affiliates.json'), 'NEW_PAYMENT');
		expect(events.map((event) => [event.affiliate.id, event.affiliate.email, event.payout, event.occurredAt])).toEqual([
			['4711', 'ada@example.com', { id: '9001', amount: 17.7, currency: 'USD' }, '2020-03-01T12:00:00.000Z'],
			['4712', 'charles@example.com', { id: '9002', amount: 4, currency: 'USD' }, '2020-03-01T12:00:05.000Z'],
		]);
		expect(new Set(events.map((event) => event.id)).size).toBe(2);
	});

	test('tie payments listed beside the affiliates by affiliate_id, summing each affiliate’s', () => {
		const events = refersion(fixture('refersion/payment-listed.json'), 'NEW_PAYMENT');
		expect(events.map((event) => [event.affiliate.id, event.payout])).toEqual([
			['4711', { id: '9101,9102', amount: 12.5, currency: 'EUR' }],
			['4712', { id: '9103', amount: 7, currency: 'EUR' }],
		]);
	});

	test('read the marketplace-affiliate flat variant as one payment', () => {
		expect(only(fixture('refersion/payment-marketplace.json'), 'NEW_PAYMENT').payout).toEqual({ id: '5501', amount: 42, currency: 'USD' });
	});

	test('leave the sum out rather than add different currencies', () => {
		const body = fixture<{ data: { payments: Array<Record<string, unknown>> } }>('refersion/payment-listed.json');
		body.data.payments[1].currency = 'USD';
		expect(refersion(body, 'NEW_PAYMENT')[0].payout).toEqual({ id: '9101,9102', amount: null, currency: null });
	});
});

describe('Refersion affiliates, triggers and tiers', () => {
	test('an affiliate event carries the affiliate record, status in lower case', () => {
		const event = only(fixture('refersion/affiliate-active.json'), 'AFFILIATE_STATUS_CHANGE');
		expect(event.affiliate).toEqual({
			id: '4711',
			code: 'a3y7',
			email: 'ada@example.com',
			firstName: 'Ada',
			lastName: 'Lovelace',
			phone: '555-555-1234',
			referralLink: null,
			couponCode: null,
			offerId: '12',
			offerName: 'Spring Offer',
			status: 'active',
		});
		// No event time in affiliate payloads: the time of receipt stands in.
		expect(event.occurredAt).toBe(NOW.toISOString());
	});

	test('a coupon trigger gives the affiliate its coupon code', () => {
		const event = only(fixture('refersion/conversion-trigger-coupon.json'), 'NEW_CONVERSION_TRIGGER');
		expect(event.affiliate).toMatchObject({ id: '4711', couponCode: 'ADA15', email: null });
	});

	test('an email trigger is not taken for a coupon', () => {
		expect(only(fixture('refersion/conversion-trigger-email.json'), 'NEW_CONVERSION_TRIGGER').affiliate.couponCode).toBeNull();
	});

	test('a bonus tier carries the reward', () => {
		const event = only(fixture('refersion/bonus-tier-movement.json'), 'BONUS_TIER_MOVEMENT');
		expect(event.tier).toEqual({ id: '77', name: 'Silver tier', milestone: '10 conversions', amount: 25 });
		expect(event.affiliate).toMatchObject({ id: '4711', email: 'ada@example.com', offerId: '12' });
	});
});

describe('Refersion event ids (Refersion sends none: they are derived)', () => {
	const cases: Array<[topic: string, fixtureName: string]> = [
		['NEW_CONVERSION', 'refersion/conversion-pending.json'],
		['APPROVED_CONVERSION', 'refersion/conversion-approved.json'],
		['DENIED_CONVERSION', 'refersion/conversion-denied.json'],
		['NEW_AFFILIATE', 'refersion/affiliate-new.json'],
		['AFFILIATE_STATUS_CHANGE', 'refersion/affiliate-inactive.json'],
		['AFFILIATE_DETAILS_CHANGE', 'refersion/affiliate-details-changed.json'],
		['NEW_CONVERSION_TRIGGER', 'refersion/conversion-trigger-coupon.json'],
		['BONUS_TIER_MOVEMENT', 'refersion/bonus-tier-movement.json'],
		['NEW_PAYMENT', 'refersion/payment-two-affiliates.json'],
		['SOME_FUTURE_TOPIC', 'refersion/unknown-shape.json'],
	];

	test.each(cases)('%s: a redelivery gets the same id', (topic, fixtureName) => {
		const first = refersion(fixture(fixtureName), topic).map((event) => event.id);
		const again = refersion(JSON.parse(JSON.stringify(fixture(fixtureName))), topic).map((event) => event.id);
		expect(again).toEqual(first);
	});

	test('every topic and fixture gives a different id', () => {
		const ids = cases.flatMap(([topic, fixtureName]) => refersion(fixture(fixtureName), topic).map((event) => event.id));
		expect(new Set(ids).size).toBe(ids.length);
	});

	test('key order does not change the id', () => {
		const body = fixture('refersion/affiliate-details-changed.json');
		const reversed = Object.fromEntries(Object.entries(body).reverse());
		expect(only(reversed, 'AFFILIATE_DETAILS_CHANGE').id).toBe(only(body, 'AFFILIATE_DETAILS_CHANGE').id);
	});

	test('the same conversion in another status is another event', () => {
		const pending = only(fixture('refersion/conversion-pending.json'), 'NEW_CONVERSION');
		const approved = only(fixture('refersion/conversion-approved.json'), 'APPROVED_CONVERSION');
		expect(pending.id).not.toBe(approved.id);
	});

	test('a conversion redelivered with a later `updated` time is the same event', () => {
		const body = fixture('refersion/conversion-approved.json');
		expect(only({ ...body, updated: '2020-02-22 10:00:00' }, 'APPROVED_CONVERSION').id).toBe(only(body, 'APPROVED_CONVERSION').id);
	});

	test('an affiliate going inactive and then denied gives two events', () => {
		const inactive = only(fixture('refersion/affiliate-inactive.json'), 'AFFILIATE_STATUS_CHANGE');
		const denied = only(fixture('refersion/affiliate-denied.json'), 'AFFILIATE_STATUS_CHANGE');
		expect(inactive.id).not.toBe(denied.id);
	});

	test('two different detail changes are two events; a new last_login alone is not a change', () => {
		const body = fixture('refersion/affiliate-details-changed.json');
		const id = only(body, 'AFFILIATE_DETAILS_CHANGE').id;
		expect(only({ ...body, city: 'Cambridge' }, 'AFFILIATE_DETAILS_CHANGE').id).not.toBe(id);
		expect(only({ ...body, last_login: '2020-03-09 10:00:00' }, 'AFFILIATE_DETAILS_CHANGE').id).toBe(id);
	});

	test('a payment redelivered with its affiliates in another order keeps each affiliate’s id', () => {
		const body = fixture<{ data: { affiliates: Record<string, unknown> } }>('refersion/payment-two-affiliates.json');
		const swapped = { data: { affiliates: Object.fromEntries(Object.entries(body.data.affiliates).reverse()) } };
		const byAffiliate = (events: ReturnType<typeof refersion>) => Object.fromEntries(events.map((event) => [event.affiliate.id, event.id]));
		expect(byAffiliate(refersion(swapped, 'NEW_PAYMENT'))).toEqual(byAffiliate(refersion(body, 'NEW_PAYMENT')));
	});

	test('the same affiliate paid again (another payment id) is another event', () => {
		const body = fixture<{ data: { affiliates: Record<string, { payments: Array<{ id: number }> }> } }>('refersion/payment-two-affiliates.json');
		const first = refersion(body, 'NEW_PAYMENT')[0].id;
		body.data.affiliates['4711'].payments[0].id = 9999;
		expect(refersion(body, 'NEW_PAYMENT')[0].id).not.toBe(first);
	});

	test('ids carry no personal data (they are hashed)', () => {
		for (const [topic, fixtureName] of cases) {
			for (const event of refersion(fixture(fixtureName), topic)) expect(event.id).toMatch(/^refersion:[0-9a-f]{32}$/);
		}
	});
});

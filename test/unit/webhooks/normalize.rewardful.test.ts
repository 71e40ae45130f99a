import { normalizeAffiliateWebhook, normalizedEventSchema, type NormalizedEventType } from '../../../nodes/shared/webhooks';
import { fixture } from './helpers';

/**
 * Rewardful: `{ object, event: { id, type, created_at, api_version }, request: { id } }`, `object` in its REST API shape
 * (facts file, section 3). Money is in cents, as in Rewardful's API.
 */
const NOW = new Date('2026-01-01T00:00:00Z');

function delivery(type: string, object: unknown, eventId = `evt_${type}`, requestId = 'req_1') {
	return { object, event: { id: eventId, type, created_at: '2019-07-03T10:00:00.000Z', api_version: '2020-01-01' }, request: { id: requestId } };
}

const rewardful = (body: unknown) => normalizeAffiliateWebhook({ platform: 'rewardful', headers: {}, body, options: { now: NOW } });

function only(body: unknown) {
	const events = rewardful(body);
	expect(events).toHaveLength(1);
	return events[0];
}

describe('Rewardful event types', () => {
	test.each<[eventType: string, objectFixture: string, type: NormalizedEventType]>([
		['affiliate.created', 'rewardful/affiliate.json', 'affiliate.created'],
		['affiliate.confirmed', 'rewardful/affiliate.json', 'affiliate.approved'],
		['affiliate.updated', 'rewardful/affiliate.json', 'affiliate.updated'],
		['affiliate.deleted', 'rewardful/affiliate.json', 'affiliate.deactivated'],
		['affiliate_link.created', 'rewardful/affiliate-link.json', 'affiliate.updated'],
		['affiliate_link.updated', 'rewardful/affiliate-link.json', 'affiliate.updated'],
		['affiliate_coupon.created', 'rewardful/affiliate-coupon.json', 'coupon.issued'],
		['affiliate_coupon.activated', 'rewardful/affiliate-coupon.json', 'coupon.issued'],
		['affiliate_coupon.updated', 'rewardful/affiliate-coupon.json', 'affiliate.updated'],
		['referral.created', 'rewardful/referral.json', 'referral.created'],
		['referral.lead', 'rewardful/referral.json', 'referral.created'],
		['referral.converted', 'rewardful/referral.json', 'conversion.created'],
		['sale.created', 'rewardful/sale.json', 'conversion.created'],
		['sale.refunded', 'rewardful/sale.json', 'conversion.denied'],
		['commission.created', 'rewardful/commission.json', 'commission.created'],
		['commission.paid', 'rewardful/commission-paid.json', 'commission.paid'],
		['commission.voided', 'rewardful/commission.json', 'conversion.denied'],
		['payout.paid', 'rewardful/payout.json', 'payout.paid'],
	])('%s is %s', (eventType, objectFixture, type) => {
		const event = only(delivery(eventType, fixture(objectFixture)));
		expect(event).toMatchObject({ type, platform: 'rewardful', sourceType: eventType, occurredAt: '2019-07-03T10:00:00.000Z' });
		expect(normalizedEventSchema.safeParse(event).success).toBe(true);
	});

	test.each([
		'affiliate_link.deleted',
		'affiliate_coupon.deleted',
		'affiliate_coupon.deactivated',
		'referral.deleted',
		'sale.updated',
		'sale.deleted',
		'commission.updated',
		'commission.deleted',
		'campaign.created',
	])(
		'%s has no counterpart: `unknown`, with the raw payload',
		(eventType) => {
			const body = delivery(eventType, fixture('rewardful/sale.json'));
			expect(only(body)).toMatchObject({ type: 'unknown', sourceType: eventType, raw: body });
		},
	);
});

describe('Rewardful fields', () => {
	test('an affiliate carries its link token as code, link, coupon and campaign', () => {
		expect(only(delivery('affiliate.confirmed', fixture('rewardful/affiliate.json'))).affiliate).toEqual({
			id: '3433fffa-8255-4843-81b1-22aebc21eb34',
			code: 'james',
			email: 'james@example.com',
			firstName: 'James',
			lastName: 'Bond',
			phone: null,
			referralLink: 'https://www.example.com/?via=james',
			couponCode: 'JAMES007',
			offerId: 'c3482343-8680-40c5-af9a-9efa119713b3',
			offerName: 'Friends of Acme',
			status: 'active',
		});
	});

	test('a new link or coupon is the affiliate’s link or coupon', () => {
		expect(only(delivery('affiliate_link.created', fixture('rewardful/affiliate-link.json'))).affiliate).toMatchObject({
			id: '3433fffa-8255-4843-81b1-22aebc21eb34',
			referralLink: 'https://www.example.com/?via=bond',
		});
		expect(only(delivery('affiliate_coupon.created', fixture('rewardful/affiliate-coupon.json'))).affiliate).toMatchObject({
			email: 'james@example.com',
			couponCode: 'BOND10',
		});
	});

	test('a sale has its amounts in major units (cents / 100)', () => {
		expect(only(delivery('sale.created', fixture('rewardful/sale.json'))).conversion).toEqual({
			id: 'sale_99',
			orderId: 'in_1',
			amount: 59,
			commission: 11.8,
			currency: 'USD',
			status: null,
			customerEmail: 'friend@example.com',
		});
	});

	test('a paid commission carries the payout and the sale', () => {
		const event = only(delivery('commission.paid', fixture('rewardful/commission.json')));
		expect(event.payout).toEqual({ id: 'com_7', amount: 11.8, currency: 'USD' });
		expect(event.conversion).toMatchObject({ id: 'sale_99', amount: 59, commission: 11.8 });
		expect(event.affiliate.email).toBe('james@example.com');
	});

	test('a paid payout carries its amount', () => {
		expect(only(delivery('payout.paid', fixture('rewardful/payout.json'))).payout).toEqual({ id: 'pay_3', amount: 42, currency: 'USD' });
	});

	test('a referral names the referrer and the referred customer', () => {
		expect(only(delivery('referral.created', fixture('rewardful/referral.json'))).referral).toMatchObject({
			id: 'ref_55',
			referrerEmail: 'james@example.com',
			recipientEmail: 'friend@example.com',
		});
	});
});

describe('Rewardful event ids', () => {
	test('are the event id, the same on every retry (the request id changes per attempt)', () => {
		const first = only(delivery('sale.created', fixture('rewardful/sale.json'), 'evt_123', 'req_1'));
		const retry = only(delivery('sale.created', fixture('rewardful/sale.json'), 'evt_123', 'req_2'));
		expect(first.id).toBe('rewardful:evt_123');
		expect(retry.id).toBe(first.id);
	});

	test('differ between events', () => {
		expect(only(delivery('sale.created', fixture('rewardful/sale.json'), 'evt_1')).id).not.toBe(
			only(delivery('sale.refunded', fixture('rewardful/sale.json'), 'evt_2')).id,
		);
	});

	test('without an event id, are derived from the payload: stable, and different for a different state', () => {
		const body = delivery('commission.created', fixture('rewardful/commission.json'));
		const withoutId = { ...body, event: { ...body.event, id: undefined } };
		const id = only(withoutId).id;
		expect(id).toMatch(/^rewardful:[0-9a-f]{32}$/);
		expect(only(JSON.parse(JSON.stringify(withoutId))).id).toBe(id);
		expect(only({ ...withoutId, object: { ...fixture('rewardful/commission.json'), state: 'paid' } }).id).not.toBe(id);
	});
});

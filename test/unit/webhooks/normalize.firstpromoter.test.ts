import { normalizeAffiliateWebhook, normalizedEventSchema, type NormalizedEventType } from '../../../nodes/shared/webhooks';
import { fixture } from './helpers';

/**
 * FirstPromoter webhooks v2: `{ event_id, event_type, action, entity_type, entity_id, changes, data, timestamp }`,
 * with `changes` as `{ field: [old, new] }` (facts file, section 3). Money in cents.
 */
const NOW = new Date('2026-01-01T00:00:00Z');

function v2(eventType: string, data: Record<string, unknown>, changes: Record<string, unknown[]> = {}, eventId = `8d7f-${eventType}`) {
	const [entity] = eventType.split('.');
	return {
		event_id: eventId,
		event_type: eventType,
		action: eventType.split('.').pop(),
		entity_type: entity,
		entity_id: data.id,
		changes,
		data,
		timestamp: '2025-03-07T10:00:00Z',
	};
}

const firstPromoter = (body: unknown, headers: Record<string, string> = {}) =>
	normalizeAffiliateWebhook({ platform: 'firstpromoter', headers, body, options: { now: NOW } });

function only(body: unknown, headers?: Record<string, string>) {
	const events = firstPromoter(body, headers);
	expect(events).toHaveLength(1);
	return events[0];
}

const commission = (status: string) => ({ ...fixture('firstpromoter/commission.json'), status });
const campaign = (state: string) => ({ ...fixture('firstpromoter/promoter-campaign.json'), state });

describe('FirstPromoter v2 event types', () => {
	test.each<[eventType: string, body: () => unknown, type: NormalizedEventType]>([
		['promoter.created', () => v2('promoter.created', fixture('firstpromoter/promoter.json')), 'affiliate.created'],
		['promoter.updated', () => v2('promoter.updated', fixture('firstpromoter/promoter.json'), { email: ['a@example.com', 'jane@example.com'] }), 'affiliate.updated'],
		['promoter.updated', () => v2('promoter.updated', { ...fixture('firstpromoter/promoter.json'), status: 'inactive' }, { status: ['active', 'inactive'] }), 'affiliate.deactivated'],
		['promoter.profile.updated', () => v2('promoter.profile.updated', fixture('firstpromoter/promoter.json')), 'affiliate.updated'],
		['promoter.deleted', () => v2('promoter.deleted', fixture('firstpromoter/promoter.json')), 'affiliate.deactivated'],
		['promoter_campaign.created', () => v2('promoter_campaign.created', campaign('pending')), 'affiliate.updated'],
		['promoter_campaign.created', () => v2('promoter_campaign.created', campaign('accepted')), 'affiliate.approved'],
		['promoter_campaign.updated', () => v2('promoter_campaign.updated', campaign('accepted'), { state: ['pending', 'accepted'] }), 'affiliate.approved'],
		['promoter_campaign.updated', () => v2('promoter_campaign.updated', campaign('denied'), { state: ['pending', 'denied'] }), 'affiliate.deactivated'],
		['promoter_campaign.deleted', () => v2('promoter_campaign.deleted', campaign('accepted')), 'affiliate.deactivated'],
		['referral.created', () => v2('referral.created', fixture('firstpromoter/referral.json')), 'referral.created'],
		['referral.updated', () => v2('referral.updated', { ...fixture('firstpromoter/referral.json'), state: 'customer' }, { state: ['signup', 'customer'] }), 'conversion.created'],
		['commission.created', () => v2('commission.created', commission('pending')), 'commission.created'],
		['commission.updated', () => v2('commission.updated', commission('approved'), { status: ['pending', 'approved'] }), 'conversion.approved'],
		['commission.updated', () => v2('commission.updated', commission('denied'), { status: ['pending', 'denied'] }), 'conversion.denied'],
		['commission.updated', () => v2('commission.updated', commission('paid'), { status: ['approved', 'paid'] }), 'commission.paid'],
		['payout.updated', () => v2('payout.updated', fixture('firstpromoter/payout.json'), { status: ['pending', 'paid'] }), 'payout.paid'],
	])('%s (%#) is %s', (eventType, body, type) => {
		const event = only(body());
		expect(event).toMatchObject({ type, platform: 'firstpromoter', sourceType: eventType, occurredAt: '2025-03-07T10:00:00.000Z' });
		expect(normalizedEventSchema.safeParse(event).success).toBe(true);
	});

	test.each(['promoter.balance.updated', 'referral.deleted', 'referral.moved', 'commission.deleted', 'payout.created', 'payout.commissions.created'])(
		'%s has no counterpart: `unknown`, with the raw payload',
		(eventType) => {
			const body = v2(eventType, { id: 1, status: 'pending' });
			expect(only(body)).toMatchObject({ type: 'unknown', sourceType: eventType, raw: body });
		},
	);
});

describe('FirstPromoter fields', () => {
	test('an accepted promoter campaign carries the promoter, ref token, link and campaign', () => {
		expect(only(v2('promoter_campaign.updated', campaign('accepted'), { state: ['pending', 'accepted'] })).affiliate).toEqual({
			id: '12345',
			code: 'jane',
			email: 'jane@example.com',
			firstName: 'Jane',
			lastName: 'Doe',
			phone: null,
			referralLink: 'https://www.example.com/?fpr=jane',
			couponCode: null,
			offerId: '13202',
			offerName: 'Main Campaign',
			status: 'accepted',
		});
	});

	test('a promoter carries its profile', () => {
		expect(only(v2('promoter.created', fixture('firstpromoter/promoter.json'))).affiliate).toMatchObject({
			id: '12345',
			email: 'jane@example.com',
			firstName: 'Jane',
			lastName: 'Doe',
			phone: '+15555550123',
			code: 'jane',
			status: 'active',
		});
	});

	test('a commission has its amounts in major units (cents / 100)', () => {
		expect(only(v2('commission.updated', commission('approved'), { status: ['pending', 'approved'] })).conversion).toEqual({
			id: '4242',
			orderId: 'in_123',
			amount: 59,
			commission: 11.8,
			currency: 'USD',
			status: 'approved',
			customerEmail: 'lead@example.com',
		});
	});

	test('a paid payout carries its amount', () => {
		expect(only(v2('payout.updated', fixture('firstpromoter/payout.json'), { status: ['pending', 'paid'] })).payout).toEqual({
			id: '606',
			amount: 42,
			currency: 'USD',
		});
	});

	test('a referral names the referrer and the lead', () => {
		expect(only(v2('referral.created', fixture('firstpromoter/referral.json'))).referral).toMatchObject({
			id: '2138151',
			referrerEmail: 'jane@example.com',
			recipientEmail: 'lead@example.com',
		});
	});
});

describe('FirstPromoter event ids', () => {
	test('are event_id, FirstPromoter’s de-duplication key, the same on every retry', () => {
		const body = v2('commission.created', commission('pending'), {}, 'a1b2c3d4-e5f6-7890-abcd-ef1234567890');
		expect(only(body).id).toBe('firstpromoter:a1b2c3d4-e5f6-7890-abcd-ef1234567890');
		expect(only(JSON.parse(JSON.stringify(body))).id).toBe(only(body).id);
	});

	test('take the type from the unsigned X-Event-Type header when the body lacks one, but never the id from X-Event-Id', () => {
		const { event_id: _id, event_type: _type, ...body } = v2('commission.created', commission('pending'));
		const event = only(body, { 'X-Event-Id': 'evt-from-header', 'X-Event-Type': 'commission.created' });
		expect(event).toMatchObject({ id: expect.stringMatching(/^firstpromoter:[0-9a-f]{32}$/), type: 'commission.created' });
		expect(only(body, { 'X-Event-Id': 'another-header-id', 'X-Event-Type': 'commission.created' }).id).toBe(event.id);
	});

	test('differ between events', () => {
		const approved = only(v2('commission.updated', commission('approved'), { status: ['pending', 'approved'] }, 'evt-1'));
		const paid = only(v2('commission.updated', commission('paid'), { status: ['approved', 'paid'] }, 'evt-2'));
		expect(approved.id).not.toBe(paid.id);
	});
});

describe('FirstPromoter legacy webhooks', () => {
	test('promoter_accepted is an approved affiliate with its promotion’s code, link and coupon', () => {
		const event = only(fixture('firstpromoter/legacy-promoter-accepted.json'));
		expect(event).toMatchObject({
			id: 'firstpromoter:22733469',
			type: 'affiliate.approved',
			sourceType: 'promoter_accepted',
			occurredAt: '2024-10-03T11:57:31.228Z',
		});
		expect(event.affiliate).toMatchObject({
			id: '9000754',
			email: 'promoter@example.com',
			firstName: 'Pat',
			code: 'myrefid',
			referralLink: 'https://www.example.com/?fpr=myrefid',
			couponCode: 'PAT5',
			offerName: 'Main Campaign',
		});
	});

	test.each<[legacyType: string, type: NormalizedEventType]>([
		['promoter_signed_up', 'affiliate.created'],
		['lead_signup', 'referral.created'],
		['lead_becomes_referral', 'conversion.created'],
		['new_customer', 'conversion.created'],
		['reward_created', 'commission.created'],
		['lead_cancelled', 'unknown'],
		['fulfilment_pending', 'unknown'],
	])('%s is %s', (legacyType, type) => {
		expect(only({ event: { id: 1, type: legacyType, created_at: '2024-10-03T13:45:20.103Z' }, data: { id: 5 } }).type).toBe(type);
	});
});

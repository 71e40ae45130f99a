import { normalizeAffiliateWebhook, normalizedEventSchema, type NormalizedEventType } from '../../../nodes/shared/webhooks';
import { fixture } from './helpers';

/**
 * UpPromote posts the bare object with no event name (facts file, section 3). The name comes from a topic header if
 * one is sent, else from the `topic` option (the trigger reads `?topic=` on the URL registered for that event), else
 * from the payload's shape.
 */
const NOW = new Date('2026-01-01T00:00:00Z');

const upPromote = (body: unknown, topic?: string, headers: Record<string, string> = {}) =>
	normalizeAffiliateWebhook({ platform: 'uppromote', headers, body, options: { now: NOW, topic } });

function only(body: unknown, topic?: string, headers?: Record<string, string>) {
	const events = upPromote(body, topic, headers);
	expect(events).toHaveLength(1);
	return events[0];
}

const affiliate = (status: string) => ({ ...fixture('uppromote/affiliate.json'), status });
const referral = (status: string) => ({ ...fixture('uppromote/referral.json'), status });

describe('UpPromote events', () => {
	test.each<[topic: string, body: () => unknown, type: NormalizedEventType]>([
		['referral.new', () => referral('pending'), 'conversion.created'],
		['referral.approved', () => referral('approved'), 'conversion.approved'],
		['referral.denied', () => referral('denied'), 'conversion.denied'],
		['referral.status-changed', () => ({ ...referral('approved'), previous_status: 'pending', current_status: 'approved' }), 'conversion.approved'],
		['referral.status-changed', () => ({ ...referral('denied'), previous_status: 'pending', current_status: 'denied' }), 'conversion.denied'],
		['affiliate.new', () => affiliate('pending'), 'affiliate.created'],
		['affiliate.new', () => affiliate('approved'), 'affiliate.approved'],
		['affiliate.approved', () => affiliate('approved'), 'affiliate.approved'],
		['affiliate.inactive', () => affiliate('inactive'), 'affiliate.deactivated'],
		['affiliate.status-changed', () => fixture('uppromote/affiliate-status-changed.json'), 'affiliate.deactivated'],
		['affiliate.status-changed', () => ({ affiliate_id: 501, previous_status: 'pending', current_status: 'approved' }), 'affiliate.approved'],
		['affiliate.status-changed', () => ({ affiliate_id: 501, previous_status: 'approved', current_status: 'denied' }), 'affiliate.deactivated'],
		['payment.paid', () => fixture('uppromote/payment.json'), 'commission.paid'],
	])('%s (%#) is %s', (topic, body, type) => {
		const event = only(body(), topic);
		expect(event).toMatchObject({ type, platform: 'uppromote', sourceType: topic });
		expect(normalizedEventSchema.safeParse(event).success).toBe(true);
	});

	test('a topic header wins over the configured topic', () => {
		expect(only(affiliate('approved'), 'affiliate.new', { 'X-UpPromote-Topic': 'affiliate.approved' }).sourceType).toBe('affiliate.approved');
	});

	test.each([
		['upper case', 'REFERRAL.NEW'],
		['an underscore for the dash', 'referral.status_changed'],
	])('recognizes a topic written in %s', (_, topic) => {
		expect(only({ ...referral('approved'), current_status: 'approved' }, topic).type).toMatch(/^conversion\./);
	});

	test.each<[fixtureName: string, sourceType: string, type: NormalizedEventType]>([
		['uppromote/referral.json', 'referral.new', 'conversion.created'],
		['uppromote/affiliate.json', 'affiliate.new', 'affiliate.created'],
		['uppromote/affiliate-status-changed.json', 'affiliate.status-changed', 'affiliate.deactivated'],
		['uppromote/payment.json', 'payment.paid', 'commission.paid'],
	])('without a topic, infers %s as %s from its shape', (fixtureName, sourceType, type) => {
		expect(only(fixture(fixtureName))).toMatchObject({ sourceType, type });
	});

	test.each<[behaviour: string, body: () => unknown, sourceType: string, type: NormalizedEventType]>([
		['an approved referral', () => referral('approved'), 'referral.approved', 'conversion.approved'],
		['a denied referral', () => referral('denied'), 'referral.denied', 'conversion.denied'],
		['an inactive affiliate', () => affiliate('inactive'), 'affiliate.inactive', 'affiliate.deactivated'],
		['an approved affiliate', () => affiliate('approved'), 'affiliate.new', 'affiliate.approved'],
	])('without a topic, reads %s from its status', (_, body, sourceType, type) => {
		expect(only(body())).toMatchObject({ sourceType, type });
	});

	test('an unknown topic with an unknown shape is `unknown`, with the raw payload', () => {
		const body = { something: 'else' };
		expect(only(body, 'referral.archived')).toMatchObject({ type: 'unknown', sourceType: 'referral.archived', raw: body });
	});
});

describe('UpPromote fields', () => {
	test('an affiliate carries link, coupon, program and status', () => {
		expect(only(affiliate('approved'), 'affiliate.approved').affiliate).toEqual({
			id: '501',
			code: null,
			email: 'mina@example.com',
			firstName: 'Mina',
			lastName: 'Harker',
			phone: '+447700900123',
			referralLink: 'https://shop.example.com/?sca_ref=501.AbCd',
			couponCode: 'MINA10',
			offerId: '3',
			offerName: 'Default program',
			status: 'approved',
		});
	});

	test('a referral is a conversion with amounts as numbers and its time in UTC', () => {
		const event = only(referral('pending'), 'referral.new');
		expect(event.conversion).toEqual({
			id: '9001',
			orderId: '#1042',
			amount: 120.5,
			commission: 12.05,
			currency: 'EUR',
			status: 'pending',
			customerEmail: 'buyer@example.com',
		});
		expect(event.affiliate).toMatchObject({ id: '501', email: 'mina@example.com' });
		expect(event.occurredAt).toBe('2025-05-02T07:15:00.000Z');
	});

	test('a status change names the affiliate and its new status', () => {
		expect(only(fixture('uppromote/affiliate-status-changed.json'), 'affiliate.status-changed').affiliate).toMatchObject({
			id: '501',
			status: 'inactive',
		});
	});

	test('a payment carries the payout', () => {
		expect(only(fixture('uppromote/payment.json'), 'payment.paid').payout).toEqual({ id: '777', amount: 48.2, currency: 'EUR' });
	});
});

describe('UpPromote event ids (none sent: derived from the signed payload alone)', () => {
	test('a redelivery gets the same id', () => {
		expect(only(referral('pending'), 'referral.new').id).toBe(only(JSON.parse(JSON.stringify(referral('pending'))), 'referral.new').id);
	});

	test('another status is another event; another event name on the same body is not', () => {
		expect(only(referral('approved'), 'referral.status-changed').id).toBe(only(referral('approved'), 'referral.approved').id);
		const ids = [
			only(referral('pending'), 'referral.new').id,
			only(referral('approved'), 'referral.approved').id,
			only({ affiliate_id: 501, previous_status: 'pending', current_status: 'approved' }, 'affiliate.status-changed').id,
			only({ affiliate_id: 501, previous_status: 'approved', current_status: 'inactive' }, 'affiliate.status-changed').id,
		];
		expect(new Set(ids).size).toBe(ids.length);
	});
});

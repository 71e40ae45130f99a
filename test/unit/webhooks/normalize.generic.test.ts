import { normalizeAffiliateWebhook, normalizedEventSchema, type NormalizedEventType } from '../../../nodes/shared/webhooks';
import { fixture } from './helpers';

/**
 * Generic: a Standard-Webhooks-style body (`{ type, timestamp, data }`, as Okendo-style referral programs would send)
 * or any JSON. What can be mapped is; the rest is `unknown` with the raw payload.
 */
const NOW = new Date('2026-01-01T00:00:00Z');

/** Headers as sent; `signedHeaders` as the verifier reports them (Standard Webhooks signs its id and timestamp). */
const generic = (body: unknown, headers: Record<string, string> = {}, deliveryId?: string, signedHeaders?: string[]) =>
	normalizeAffiliateWebhook({ platform: 'generic', headers, body, options: { now: NOW, deliveryId, signedHeaders } });

function only(body: unknown, headers?: Record<string, string>, deliveryId?: string, signedHeaders?: string[]) {
	const events = generic(body, headers, deliveryId, signedHeaders);
	expect(events).toHaveLength(1);
	return events[0];
}

describe('generic event names', () => {
	test.each<[name: string, type: NormalizedEventType]>([
		['affiliate.approved', 'affiliate.approved'],
		['coupon.redeemed', 'coupon.redeemed'],
		['Sent Okendo Referral', 'referral.created'],
		['Received Okendo Referral Coupon', 'coupon.issued'],
		['Redeemed Okendo Referral Coupon', 'coupon.redeemed'],
		['partner_approved', 'affiliate.approved'],
		['affiliate_deactivated', 'affiliate.deactivated'],
		['promoter.created', 'affiliate.created'],
		['affiliate.updated', 'affiliate.updated'],
		['order.approved', 'conversion.approved'],
		['sale.refunded', 'conversion.denied'],
		['conversion.new', 'conversion.created'],
		['commission.paid', 'commission.paid'],
		['payout.sent', 'payout.paid'],
		['tier.upgraded', 'tier.reached'],
		['invoice.finalized', 'unknown'],
	])('%s is %s', (name, type) => {
		const body = { type: name, data: {} };
		expect(only(body)).toMatchObject({ type, sourceType: name.toLowerCase() });
	});

	test.each(['type', 'event_type', 'event', 'topic'])('reads the name from `%s`', (field) => {
		expect(only({ [field]: 'Sent Okendo Referral' }).type).toBe('referral.created');
	});
});

describe('generic referral events (Okendo-style)', () => {
	test('a sent referral names the referrer (as the affiliate) and the recipient', () => {
		const event = only(fixture('generic/okendo-sent-referral.json'), { 'webhook-id': 'msg_2Xk9' }, undefined, ['webhook-id']);
		expect(event).toMatchObject({
			id: 'generic:msg_2Xk9',
			platform: 'okendo',
			type: 'referral.created',
			occurredAt: '2026-01-05T10:00:00.000Z',
		});
		expect(event.affiliate).toMatchObject({
			email: 'referrer@example.com',
			firstName: 'Rita',
			phone: '+15555550100',
			referralLink: 'https://shop.example.com/r/rita',
		});
		expect(event.referral).toEqual({
			id: 'rf_1',
			referrerEmail: 'referrer@example.com',
			referrerPhone: '+15555550100',
			referrerFirstName: 'Rita',
			recipientEmail: 'friend@example.com',
			recipientPhone: null,
			recipientFirstName: 'Fred',
			couponCode: null,
			orderId: null,
			amount: null,
			currency: null,
			actor: null,
		});
		expect(normalizedEventSchema.safeParse(event).success).toBe(true);
	});

	test('a redeemed coupon carries the coupon, the order and its amount as a number', () => {
		expect(only(fixture('generic/okendo-coupon-redeemed.json')).referral).toMatchObject({
			couponCode: 'FRIEND-20',
			orderId: '1099',
			amount: 80,
			currency: 'USD',
			recipientEmail: 'friend@example.com',
		});
	});
});

describe('generic affiliate events', () => {
	test('an `affiliate` object fills the affiliate', () => {
		expect(only(fixture('generic/affiliate-approved.json')).affiliate).toEqual({
			id: 'af_1',
			code: 'ZED',
			email: 'zed@example.com',
			firstName: 'Zed',
			lastName: 'Zero',
			phone: null,
			referralLink: 'https://x.example/?ref=zed',
			couponCode: 'ZED5',
			offerId: null,
			offerName: null,
			status: 'approved',
		});
	});

	test('arbitrary JSON is kept as `unknown`, with the raw payload and the time of receipt', () => {
		const body = fixture('generic/arbitrary.json');
		expect(only(body)).toMatchObject({ type: 'unknown', platform: 'generic', sourceType: null, raw: body, occurredAt: NOW.toISOString() });
	});

	test('a platform name that is not a plain word is not taken', () => {
		expect(only({ type: 'affiliate.created', platform: '<script>alert(1)</script>' }).platform).toBe('generic');
	});
});

describe('generic event ids', () => {
	const body = fixture('generic/okendo-sent-referral.json');

	test.each<[source: string, headers: Record<string, string>, deliveryId: string | undefined, signed: string[], id: string]>([
		['the delivery id passed in', {}, 'msg_passed', [], 'generic:msg_passed'],
		['the webhook-id header', { 'Webhook-Id': 'msg_header' }, undefined, ['webhook-id'], 'generic:msg_header'],
		['the svix-id header', { 'svix-id': 'msg_svix' }, undefined, ['svix-id'], 'generic:msg_svix'],
	])('are %s when the signature covers it', (_, headers, deliveryId, signed, id) => {
		expect(only(body, headers, deliveryId, signed).id).toBe(id);
	});

	test('are the body’s id otherwise', () => {
		expect(only(fixture('generic/affiliate-approved.json')).id).toBe('generic:evt_100');
	});

	test('are a hash of the body as a last resort: stable, and different for different bodies', () => {
		const id = only(body).id;
		expect(id).toMatch(/^generic:[0-9a-f]{32}$/);
		expect(only(JSON.parse(JSON.stringify(body))).id).toBe(id);
		expect(only({ ...body, type: 'Redeemed Okendo Referral Coupon' }).id).not.toBe(id);
	});
});

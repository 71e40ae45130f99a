import { normalizeAffiliateWebhook, normalizedEventSchema, type AffiliatePlatform } from '../../../nodes/shared/webhooks';
import { fixture } from './helpers';

/**
 * Issue 13, item 2: `referral.actor` says whose act a referral event is — the referrer's (their referral succeeded,
 * their coupon) or the recipient's (they retrieved or redeemed theirs) — from the payload's role field, else from the
 * only person it names; null when it does not say. Track Referral Event reads it to pick the profile.
 */
const NOW = new Date('2026-01-01T00:00:00Z');

function referralOf(platform: AffiliatePlatform, body: unknown) {
	const [event] = normalizeAffiliateWebhook({ platform, headers: {}, body, options: { now: NOW } });
	expect(normalizedEventSchema.safeParse(event).success).toBe(true);
	return event.referral;
}

const okendo = (type: string, data: Record<string, unknown>) => ({ type, timestamp: '2026-01-09T15:30:00Z', platform: 'okendo', data });
const rita = { email: 'rita@example.com' };
const fred = { email: 'fred@example.com' };

describe('generic (Okendo-style) referral events', () => {
	test.each<[field: string, value: string, actor: 'referrer' | 'recipient']>([
		['customer_role', 'referrer', 'referrer'],
		['customer_role', 'recipient', 'recipient'],
		['customerRole', 'Recipient', 'recipient'],
		['role', 'REFERRER', 'referrer'],
		['role', 'advocate', 'referrer'],
		['customer_role', 'friend', 'recipient'],
		['customerRole', 'referee', 'recipient'],
	])('%s "%s" makes the act the %s’s, even with both people named', (field, value, actor) => {
		const body = okendo('Redeemed Okendo Referral Coupon', { referrer: rita, recipient: fred, coupon_code: 'FRIEND-20', [field]: value });
		expect(referralOf('generic', body)?.actor).toBe(actor);
	});

	test('the role may sit beside `data`, at the top of the body', () => {
		expect(referralOf('generic', { ...okendo('Received Okendo Referral Coupon', { referrer: rita, recipient: fred }), customer_role: 'referrer' })?.actor).toBe(
			'referrer',
		);
	});

	test.each<[behaviour: string, data: Record<string, unknown>, actor: 'referrer' | 'recipient' | null]>([
		['only the recipient named: the recipient', { recipient: fred, coupon_code: 'FRIEND-20' }, 'recipient'],
		['only a recipient email named: the recipient', { recipient_email: 'fred@example.com' }, 'recipient'],
		['only the referrer named: the referrer', { referrer: rita, coupon_code: 'RITA-10' }, 'referrer'],
		['only an affiliate named: the referrer’s side', { affiliate: rita, recipient_email: undefined }, 'referrer'],
		['both named, no role: it does not say', { referrer: rita, recipient: fred }, null],
		['an affiliate and a recipient, no role: it does not say', { affiliate: rita, recipient: fred }, null],
		['nobody named: it does not say', { coupon_code: 'X' }, null],
		['a role it does not know, both named: it does not say', { referrer: rita, recipient: fred, role: 'customer' }, null],
	])('without a role: %s', (_, data, actor) => {
		expect(referralOf('generic', okendo('Received Okendo Referral Coupon', data))?.actor).toBe(actor);
	});

	test('role fields that disagree say nothing: null, not the first field’s word, wherever they sit', () => {
		const both = { referrer: rita, recipient: fred };
		expect(referralOf('generic', okendo('Redeemed Okendo Referral Coupon', { ...both, customer_role: 'referrer', role: 'recipient' }))?.actor).toBeNull();
		expect(referralOf('generic', { ...okendo('Redeemed Okendo Referral Coupon', { ...both, role: 'friend' }), customer_role: 'advocate' })?.actor).toBeNull();
		// The same word twice is no disagreement.
		expect(referralOf('generic', okendo('Redeemed Okendo Referral Coupon', { ...both, customer_role: 'Recipient', role: 'referee' }))?.actor).toBe('recipient');
	});

	test.each(['Customer Role', 'customer-role', 'CUSTOMER_ROLE', 'Role'])('the role field is found under the name "%s" (Okendo’s own property is “Customer Role”)', (field) => {
		const body = okendo('Redeemed Okendo Referral Coupon', { referrer: rita, recipient: fred, [field]: 'recipient' });
		expect(referralOf('generic', body)?.actor).toBe('recipient');
	});

	test('the sent-referral fixture names both people and no role', () => {
		expect(referralOf('generic', fixture('generic/okendo-sent-referral.json'))?.actor).toBeNull();
	});
});

describe('platforms with a referral object', () => {
	const rewardful = (object: unknown) => ({ object, event: { id: 'evt_1', type: 'referral.lead', created_at: '2026-01-01T00:00:00Z' } });

	// In an affiliate program a referral is the affiliate's: the pulled referral says the same (platforms/referrals.ts).
	test('Rewardful: a referral is the affiliate’s (the referrer’s), with or without its customer', () => {
		expect(referralOf('rewardful', rewardful(fixture('rewardful/referral.json')))?.actor).toBe('referrer');
		const { customer: _customer, ...visit } = fixture('rewardful/referral.json');
		expect(referralOf('rewardful', rewardful(visit))?.actor).toBe('referrer');
	});

	test('FirstPromoter: a referral is the promoter’s unless its data carries a role', () => {
		const body = { event_id: 'e1', event_type: 'referral.created', data: fixture('firstpromoter/referral.json') };
		expect(referralOf('firstpromoter', body)?.actor).toBe('referrer');
		expect(referralOf('firstpromoter', { ...body, data: { ...body.data, customer_role: 'recipient' } })?.actor).toBe('recipient');
	});
});

describe('schema', () => {
	test('`referral.actor` is referrer, recipient or null — nothing else', () => {
		const [event] = normalizeAffiliateWebhook({ platform: 'generic', headers: {}, body: okendo('Sent Okendo Referral', { referrer: rita }), options: { now: NOW } });
		expect(normalizedEventSchema.safeParse(event).success).toBe(true);
		expect(normalizedEventSchema.safeParse({ ...event, referral: { ...event.referral, actor: 'advocate' } }).success).toBe(false);
		const { actor: _actor, ...withoutActor } = event.referral!;
		expect(normalizedEventSchema.safeParse({ ...event, referral: withoutActor }).success).toBe(false);
	});
});

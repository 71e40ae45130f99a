import fc from 'fast-check';

import { factIdOf, withFactId, type EventDraft } from '../../../nodes/shared/webhooks/facts';
import { normalizeWebhookDelivery, type NormalizedEventType } from '../../../nodes/shared/webhooks';
import { emptyAffiliate } from '../../../nodes/shared/webhooks/platforms/fields';

/** One rule names the fact an event reports, from its normalized fields only: see factIdOf. */
const draft = (type: NormalizedEventType, parts: Partial<EventDraft> = {}): EventDraft => ({
	id: 'rewardful:evt_1',
	platform: 'rewardful',
	type,
	sourceType: null,
	occurredAt: '2026-01-01T00:00:00.000Z',
	affiliate: { ...emptyAffiliate(), id: 'aff_1', email: 'ada@example.com', status: 'active' },
	raw: {},
	...parts,
});
const conversion = { id: 'ref_55', orderId: 'o1', amount: 59, commission: 5.9, currency: 'USD', status: 'pending', customerEmail: 'buyer@example.com' };
const referral = {
	id: 'rf_1',
	referrerEmail: 'rita@example.com',
	referrerPhone: null,
	referrerFirstName: null,
	recipientEmail: 'rob@example.com',
	recipientPhone: null,
	recipientFirstName: null,
	couponCode: 'FRIEND-20',
	orderId: null,
	amount: null,
	currency: null,
	actor: 'recipient' as const,
};

describe('factIdOf', () => {
	test.each<[string, EventDraft, string | null]>([
		['an approval: the affiliate', draft('affiliate.approved'), 'rewardful:affiliate:aff_1:approved'],
		['a conversion: the conversion and what happened to it', draft('conversion.created', { conversion }), 'rewardful:conversion:ref_55:created'],
		['its approval is another fact', draft('conversion.approved', { conversion }), 'rewardful:conversion:ref_55:approved'],
		['its denial too', draft('conversion.denied', { conversion }), 'rewardful:conversion:ref_55:denied'],
		['a commission paid: the payment', draft('commission.paid', { conversion, payout: { id: 'com_7', amount: 11.8, currency: 'USD' } }), 'rewardful:commission:com_7:paid'],
		['a commission paid with no payout id: the conversion', draft('commission.paid', { conversion }), 'rewardful:commission:ref_55:paid'],
		['a payout', draft('payout.paid', { payout: { id: 'pay_3', amount: 42, currency: 'USD' } }), 'rewardful:payout:pay_3:paid'],
		['a lead that names who was referred', draft('referral.created', { referral }), 'rewardful:referral:rf_1:created'],
		['a visit that names no one: no fact', draft('referral.created', { referral: { ...referral, recipientEmail: null } }), null],
		['a coupon issued to the recipient', draft('coupon.issued', { referral }), 'rewardful:referral:rf_1:coupon.issued:recipient:FRIEND-20'],
		['a coupon whose holder is unknown: no fact', draft('coupon.redeemed', { referral: { ...referral, actor: null } }), null],
		['an update is no single fact', draft('affiliate.updated'), null],
		['a new affiliate is no single fact', draft('affiliate.created'), null],
		['an unknown delivery', draft('unknown'), null],
		['an approval without the affiliate id: never a guess', draft('affiliate.approved', { affiliate: { ...emptyAffiliate(), email: 'ada@example.com' } }), null],
		['a conversion without its id', draft('conversion.created', { conversion: { ...conversion, id: null } }), null],
	])('%s', (_label, event, expected) => {
		expect(factIdOf(event)).toBe(expected);
	});

	test('a short id cannot pose as a long one’s hash', () => {
		const long = 'x'.repeat(200);
		const hashed = factIdOf(draft('affiliate.approved', { affiliate: { ...emptyAffiliate(), id: long } }))!;
		const posing = hashed.split(':')[2];
		expect(factIdOf(draft('affiliate.approved', { affiliate: { ...emptyAffiliate(), id: posing } }))).not.toBe(hashed);
	});

	test('ids holding ":" cannot make another fact’s id (found by review)', () => {
		const coupon = (id: string, code: string) => factIdOf(draft('coupon.issued', { referral: { ...referral, id, couponCode: code, actor: 'referrer' } }));
		expect(coupon('R1', 'X:coupon.issued:recipient:Y')).not.toBe(coupon('R1:coupon.issued:referrer:X', 'Y'));
		const created = factIdOf(draft('referral.created', { referral: { ...referral, id: 'R2:coupon.issued:referrer' } }));
		expect(created).not.toBe(coupon('R2', 'created'));
		expect(created).toBe('rewardful:referral:R2%3Acoupon.issued%3Areferrer:created');
		// "%" is escaped too, so an escaped-looking id stays apart from the id it would spell.
		expect(coupon('R%3A1', 'Y')).not.toBe(coupon('R:1', 'Y'));
	});

	test('any two different ids of one kind of fact make different fact ids', () => {
		fc.assert(
			fc.property(fc.string({ maxLength: 12, unit: fc.constantFrom(':', '%', '3', 'A', 'a', '#') }), fc.string({ maxLength: 12, unit: fc.constantFrom(':', '%', '3', 'A', 'a', '#') }), (one, two) => {
				fc.pre(one.length > 0 && two.length > 0 && one !== two);
				const approval = (id: string) => factIdOf(draft('affiliate.approved', { affiliate: { ...emptyAffiliate(), id } }));
				expect(approval(one)).not.toBe(approval(two));
			}),
			{ numRuns: 500 },
		);
	});

	test('a generic body may not name itself after a platform read natively, whose fact ids it would take (found by review)', () => {
		const now = new Date('2026-01-01T00:00:00Z');
		for (const platform of ['rewardful', 'Refersion', 'uppromote', 'firstpromoter']) {
			const body = { type: 'affiliate.approved', platform, data: { affiliate: { id: 'A1', email: 'a@example.com', status: 'active' } } };
			const [event] = normalizeWebhookDelivery({ platform: 'generic', headers: {}, body, options: { now } }).events;
			// Kept apart from the native platform and from generic senders that give no name (second review).
			const named = `generic-${platform.toLowerCase()}`;
			expect(event).toMatchObject({ platform: named, factId: `${named}:affiliate:A1:approved` });
		}
		const okendo = { type: 'affiliate.approved', platform: 'okendo', data: { affiliate: { id: 'A1', status: 'active' } } };
		expect(normalizeWebhookDelivery({ platform: 'generic', headers: {}, body: okendo, options: { now } }).events[0].factId).toBe('okendo:affiliate:A1:approved');
	});

	test('FirstPromoter: a promoter_campaign event without promoter_id names no affiliate, not the entry’s id (found by review)', () => {
		const now = new Date('2026-01-01T00:00:00Z');
		const body = { event_id: 'e1', event_type: 'promoter_campaign.accepted', changes: {}, data: { id: 88, state: 'accepted', campaign_id: 3 } };
		const [event] = normalizeWebhookDelivery({ platform: 'firstpromoter', headers: {}, body, options: { now } }).events;
		expect(event.affiliate.id).toBeNull();
		expect(event.factId).toBeNull();
	});

	test('a megabyte-long id is hashed into a short part', () => {
		const id = factIdOf(draft('affiliate.approved', { affiliate: { ...emptyAffiliate(), id: 'x'.repeat(1_000_000) } }));
		expect(id).toMatch(/^rewardful:affiliate:#[0-9a-f]{32}:approved$/);
	});

	test('changing an identity field changes the fact; changing anything else does not', () => {
		const identityOf: Record<string, (event: EventDraft, value: string) => EventDraft> = {
			platform: (event, value) => ({ ...event, platform: value }),
			affiliateId: (event, value) => ({ ...event, affiliate: { ...event.affiliate, id: value } }),
		};
		const otherOf: Record<string, (event: EventDraft, value: string) => EventDraft> = {
			id: (event, value) => ({ ...event, id: value }),
			email: (event, value) => ({ ...event, affiliate: { ...event.affiliate, email: value } }),
			link: (event, value) => ({ ...event, affiliate: { ...event.affiliate, referralLink: value } }),
			time: (event) => ({ ...event, occurredAt: '2027-01-01T00:00:00.000Z' }),
			sourceType: (event, value) => ({ ...event, sourceType: value }),
			raw: (event, value) => ({ ...event, raw: { value } }),
		};
		const base = draft('affiliate.approved');
		fc.assert(
			fc.property(fc.string({ minLength: 1, maxLength: 40 }), fc.constantFrom(...Object.keys(identityOf)), fc.constantFrom(...Object.keys(otherOf)), (value, identity, other) => {
				fc.pre(value !== base.platform && value !== base.affiliate.id);
				expect(factIdOf(identityOf[identity](base, value))).not.toBe(factIdOf(base));
				expect(factIdOf(otherOf[other](base, value))).toBe(factIdOf(base));
			}),
			{ numRuns: 300 },
		);
	});
});

describe('withFactId', () => {
	test('puts the fact id right after the id, and recomputes it for an event re-typed later', () => {
		const updated = withFactId(draft('affiliate.updated'));
		expect(Object.keys(updated).slice(0, 2)).toEqual(['id', 'factId']);
		expect(updated.factId).toBeNull();
		expect(withFactId({ ...updated, type: 'affiliate.approved' }).factId).toBe('rewardful:affiliate:aff_1:approved');
	});
});

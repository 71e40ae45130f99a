import { affiliateRecord, asApproval, toAffiliateEvent, type AffiliateSnapshot } from '../../../nodes/shared/platforms/affiliates';
import { isSelected } from '../../../nodes/shared/platforms/records';
import { firstPromoterAffiliate } from '../../../nodes/shared/platforms/firstpromoter/affiliate';
import { rewardfulAffiliate } from '../../../nodes/shared/platforms/rewardful/affiliate';
import { normalizedEventSchema } from '../../../nodes/shared/webhooks/schema';

/** The affiliate object example of https://developers.rewardful.com/rest-api/affiliates/object (shape and values). */
const REWARDFUL_EXAMPLE = {
	id: 'd0ed8392-8880-4f39-8715-60230f9eceab',
	created_at: '2019-05-09T16:18:59.920Z',
	updated_at: '2019-05-09T16:25:42.614Z',
	first_name: 'Adam',
	last_name: 'Jones',
	email: 'Adam.Jones@example.com',
	paypal_email: null,
	state: 'active',
	stripe_customer_id: 'cus_ABCDEF123456',
	stripe_account_id: 'acct_ABCDEF123456',
	visitors: 100,
	leads: 42,
	conversions: 18,
	campaign: { id: 'a638ebe4-291d-47cd-a1dc-1519f9331bbd', created_at: '2019-04-27T18:13:13.123Z', updated_at: '2019-05-05T20:58:24.200Z', name: 'Best Friends of Kyle' },
	links: [{ id: 'eb844960-6c42-4a3b-8009-f588a42d8506', url: 'http://www.example.com/?via=adam', token: 'adam', visitors: 100, leads: 42, conversions: 18 }],
	coupon: { id: '75434e84-255b-4314-a278-820df5e76813', external_id: 'promo_1a2b3c', token: 'CODE', leads: 0, conversions: 0, affiliate_id: '95d48f70-f1d4-42d9-b929-21996b6d9eb4' },
};

/** A PromoterListItem as FirstPromoter's getPromoters documents it (fields the mapper reads). */
const FIRSTPROMOTER_EXAMPLE = {
	id: 8815216,
	email: 'Rita@Example.com',
	name: 'Rita Levi Montalcini',
	state: 'accepted',
	profile: { id: 8862106, first_name: 'Rita', last_name: 'Levi Montalcini', phone_number: '+14155550100' },
	joined_at: '2024-09-11T14:20:50.403Z',
	archived_at: null,
	created_at: '2024-09-11T14:20:50.403Z',
	updated_at: '2024-10-01T08:00:00.000Z',
	promoter_campaigns: [
		{ id: 1, campaign_id: 7, promoter_id: 8815216, state: 'pending', created_at: '2024-09-11T14:20:50.403Z', campaign: { id: 7, name: 'Old', color: '#000' }, coupon: 'OLD', ref_token: 'old', ref_link: 'https://x.example/?fpr=old' },
		{ id: 2, campaign_id: 26127, promoter_id: 8815216, state: 'accepted', created_at: '2024-09-12T10:00:00.000Z', campaign: { id: 26127, name: 'Make Campaign', color: '#fff' }, coupon: 'RITA10', ref_token: 'heubv', ref_link: 'https://lastechworld.com?fpr=heubv' },
	],
};

describe('Rewardful affiliate → trigger affiliate fields', () => {
	it('reads the documented example: first link, coupon token, campaign, state', () => {
		const { affiliate, updatedAt } = rewardfulAffiliate(REWARDFUL_EXAMPLE);
		expect(affiliate).toEqual({
			id: 'd0ed8392-8880-4f39-8715-60230f9eceab',
			code: 'adam',
			email: 'adam.jones@example.com',
			firstName: 'Adam',
			lastName: 'Jones',
			phone: null,
			referralLink: 'http://www.example.com/?via=adam',
			couponCode: 'CODE',
			offerId: 'a638ebe4-291d-47cd-a1dc-1519f9331bbd',
			offerName: 'Best Friends of Kyle',
			status: 'active',
		});
		expect(updatedAt).toBe('2019-05-09T16:25:42.614Z');
	});

	it('an archived (deactivated) coupon is not the affiliate’s coupon; missing expansions give nulls', () => {
		const { affiliate } = rewardfulAffiliate({ ...REWARDFUL_EXAMPLE, coupon: { ...REWARDFUL_EXAMPLE.coupon, archived: true }, links: undefined, campaign: undefined });
		expect(affiliate).toMatchObject({ couponCode: null, code: null, referralLink: null, offerId: null, offerName: null });
	});
});

describe('FirstPromoter promoter → trigger affiliate fields', () => {
	it('takes the accepted campaign’s link, token and coupon, and the profile’s names and phone', () => {
		const { affiliate, updatedAt } = firstPromoterAffiliate(FIRSTPROMOTER_EXAMPLE);
		expect(affiliate).toEqual({
			id: '8815216',
			code: 'heubv',
			email: 'rita@example.com',
			firstName: 'Rita',
			lastName: 'Levi Montalcini',
			phone: '+14155550100',
			referralLink: 'https://lastechworld.com?fpr=heubv',
			couponCode: 'RITA10',
			offerId: '26127',
			offerName: 'Make Campaign',
			status: 'accepted',
		});
		expect(updatedAt).toBe('2024-10-01T08:00:00.000Z');
	});

	it('without updated_at (absent from the published list schema) an approval is not hidden by Updated Since', () => {
		const { updated_at: _ignored, ...withoutUpdate } = FIRSTPROMOTER_EXAMPLE;
		const pending = { ...withoutUpdate, promoter_campaigns: FIRSTPROMOTER_EXAMPLE.promoter_campaigns.map((entry) => ({ ...entry, state: 'pending' })) };
		const now = new Date('2026-12-02T00:00:00Z');
		const before = affiliateRecord('firstpromoter', firstPromoterAffiliate(pending), now);
		const approved = affiliateRecord('firstpromoter', firstPromoterAffiliate(withoutUpdate), now);
		// Accepting a campaign changes no date the record carries: the approval must still pass a later Updated Since…
		expect(isSelected(approved, { status: 'approved', updatedSince: Date.parse('2025-01-01T00:00:00Z') })).toBe(true);
		// …be a new event (not a replay of the pending one), and still be dated by the latest date it carries.
		expect(approved.event.id).not.toBe(before.event.id);
		expect(approved.event.occurredAt).toBe('2024-09-12T10:00:00.000Z');
	});

	it('an archived promoter is archived whatever its campaigns say; names fall back to `name`', () => {
		const { affiliate } = firstPromoterAffiliate({ ...FIRSTPROMOTER_EXAMPLE, profile: {}, archived_at: '2024-11-01T00:00:00Z' });
		expect(affiliate).toMatchObject({ status: 'archived', firstName: 'Rita', lastName: 'Levi Montalcini' });
	});
});

describe('selection and the event shape', () => {
	const snapshot = (status: string, updatedAt: string | null): AffiliateSnapshot => ({
		...rewardfulAffiliate({ ...REWARDFUL_EXAMPLE, state: status }),
		updatedAt,
	});
	const record = (status: string, updatedAt: string | null) => affiliateRecord('rewardful', snapshot(status, updatedAt), new Date());

	it('Approved Only keeps active / accepted affiliates; Any keeps all', () => {
		expect(isSelected(record('active', null), { status: 'approved' })).toBe(true);
		expect(isSelected(record('accepted', null), { status: 'approved' })).toBe(true);
		expect(isSelected(record('disabled', null), { status: 'approved' })).toBe(false);
		expect(isSelected(record('pending', null), { status: 'approved' })).toBe(false);
		expect(isSelected(record('disabled', null), { status: 'any' })).toBe(true);
	});

	it('Updated Since keeps changes at or after the instant, and records with no time (never lost silently)', () => {
		const since = Date.parse('2026-01-01T00:00:00Z');
		expect(isSelected(record('active', '2026-01-01T00:00:00.000Z'), { status: 'any', updatedSince: since })).toBe(true);
		expect(isSelected(record('active', '2025-12-31T23:59:59.000Z'), { status: 'any', updatedSince: since })).toBe(false);
		expect(isSelected(record('active', null), { status: 'any', updatedSince: since })).toBe(true);
	});

	it('events conform to the trigger’s schema; the id changes with what the event carries, not with the update time', () => {
		const now = new Date('2026-12-02T00:00:00Z');
		const first = toAffiliateEvent('rewardful', snapshot('active', '2026-01-01T00:00:00.000Z'), now);
		const again = toAffiliateEvent('rewardful', snapshot('active', '2026-01-01T00:00:00.000Z'), now);
		// Rewardful bumps updated_at for visitor and lead counts, which the event does not carry: still a replay.
		const countsOnly = toAffiliateEvent('rewardful', snapshot('active', '2026-02-01T00:00:00.000Z'), now);
		const disabled = toAffiliateEvent('rewardful', snapshot('disabled', '2026-02-01T00:00:00.000Z'), now);
		const newCoupon = toAffiliateEvent('rewardful', { ...snapshot('active', '2026-02-01T00:00:00.000Z'), affiliate: { ...first.affiliate, couponCode: 'NEW10' } }, now);
		expect(normalizedEventSchema.parse(first)).toEqual(first);
		expect(first).toMatchObject({ platform: 'rewardful', type: 'affiliate.updated', occurredAt: '2026-01-01T00:00:00.000Z' });
		expect(again.id).toBe(first.id);
		expect(countsOnly.id).toBe(first.id);
		expect(new Set([first.id, disabled.id, newCoupon.id]).size).toBe(3);
		expect(first.id).toMatch(/^rewardful:affiliate:d0ed8392-8880-4f39-8715-60230f9eceab:[0-9a-f]{16}$/);
		expect(toAffiliateEvent('rewardful', snapshot('disabled', null), now)).toMatchObject({ type: 'affiliate.deactivated', occurredAt: now.toISOString() });
	});
});

describe('Rewardful: a sign-up that has not confirmed its email is no approval yet', () => {
	test.each([
		['a record that says it is unconfirmed', { confirmed_at: null }, 'unconfirmed', 'affiliate.updated'],
		['a confirmed one', { confirmed_at: '2019-05-09T16:20:00.000Z' }, 'active', 'affiliate.approved'],
		['the REST list’s record, which has no confirmed_at', {}, 'active', 'affiliate.approved'],
	])('%s', (_label, extra, status, type) => {
		const { event } = affiliateRecord('rewardful', rewardfulAffiliate({ ...REWARDFUL_EXAMPLE, ...extra }), new Date());
		expect(event.affiliate.status).toBe(status);
		expect(asApproval(event).type).toBe(type);
	});
});

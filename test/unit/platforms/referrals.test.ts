import { firstPromoterReferral } from '../../../nodes/shared/platforms/firstpromoter/referral';
import { isSelected } from '../../../nodes/shared/platforms/records';
import { referralRecord } from '../../../nodes/shared/platforms/referrals';
import { rewardfulReferral } from '../../../nodes/shared/platforms/rewardful/referral';
import { normalizedEventSchema } from '../../../nodes/shared/webhooks/schema';

const NOW = new Date('2026-12-02T00:00:00Z');

/** A Rewardful referral (https://developers.rewardful.com/rest-api/referrals/object), affiliate expanded. */
const REWARDFUL_REFERRAL = {
	id: '502e9d2a-9a61-4ee1-9e7c-5a8e1c2d9e11',
	created_at: '2026-03-01T10:00:00.000Z',
	updated_at: '2026-03-05T12:00:00.000Z',
	link: { id: 'eb844960', url: 'http://www.example.com/?via=adam', token: 'adam', visitors: 3, leads: 1, conversions: 1 },
	visits: 3,
	customer: { id: 'cus_1', name: 'Jane Q Doe', email: 'Jane@Example.net', platform: 'stripe' },
	affiliate: { id: 'd0ed8392', email: 'adam@example.com', first_name: 'Adam', last_name: 'Jones', state: 'active', campaign: { id: 'c1', name: 'Best Friends of Kyle' } },
	became_lead_at: '2026-03-01T10:00:00.000Z',
	became_conversion_at: '2026-03-05T12:00:00.000Z',
	expires_at: '2026-05-01T10:00:00.000Z',
	deactivated_at: null,
	conversion_state: 'conversion',
	stripe_account_id: null,
	stripe_customer_id: 'cus_1',
};

/** A FirstPromoter v2 `Referral` (its OpenAPI's `GET /referrals`). */
const FIRSTPROMOTER_REFERRAL = {
	id: 4001,
	email: 'Lead@Example.net',
	uid: 'cus_9',
	state: 'signup',
	created_at: '2026-04-01T09:00:00.000Z',
	customer_since: null,
	promoter_campaign: { id: 2, campaign_id: 26127, promoter_id: 8815216, created_at: '2026-01-01T00:00:00Z', promoter: { id: 8815216, email: 'Rita@Example.com', name: 'Rita Levi' }, campaign: { id: 26127, name: 'Make Campaign' } },
	first_name: 'Lea',
	last_name: 'D',
};

describe('pulled referrals → the trigger’s events', () => {
	it('a Rewardful conversion is conversion.created, on the affiliate, with the customer as recipient', () => {
		const { event, updatedAt } = referralRecord('rewardful', rewardfulReferral(REWARDFUL_REFERRAL), NOW);
		expect(normalizedEventSchema.parse(event)).toEqual(event);
		expect(event).toMatchObject({
			platform: 'rewardful',
			type: 'conversion.created',
			occurredAt: '2026-03-05T12:00:00.000Z',
			affiliate: { id: 'd0ed8392', email: 'adam@example.com', code: 'adam', referralLink: 'http://www.example.com/?via=adam', offerName: 'Best Friends of Kyle' },
			conversion: { id: REWARDFUL_REFERRAL.id, status: 'conversion', customerEmail: 'jane@example.net', amount: null },
			referral: { referrerEmail: 'adam@example.com', recipientEmail: 'jane@example.net', recipientFirstName: 'Jane' },
		});
		expect(updatedAt).toBe('2026-03-05T12:00:00.000Z');
	});

	it('a Rewardful lead is referral.created, without a conversion section; a lead that converts gets a new id', () => {
		const lead = referralRecord('rewardful', rewardfulReferral({ ...REWARDFUL_REFERRAL, conversion_state: 'lead', became_conversion_at: null, updated_at: '2026-03-01T10:00:00.000Z' }), NOW);
		const converted = referralRecord('rewardful', rewardfulReferral(REWARDFUL_REFERRAL), NOW);
		expect(lead.event.type).toBe('referral.created');
		expect(lead.event.conversion).toBeUndefined();
		expect(lead.event.occurredAt).toBe('2026-03-01T10:00:00.000Z');
		expect(lead.event.id).not.toBe(converted.event.id);
	});

	it('a FirstPromoter signup is a lead; with customer_since it is a conversion dated then', () => {
		const lead = referralRecord('firstpromoter', firstPromoterReferral(FIRSTPROMOTER_REFERRAL), NOW);
		expect(normalizedEventSchema.parse(lead.event)).toEqual(lead.event);
		expect(lead.event).toMatchObject({
			type: 'referral.created',
			affiliate: { id: '8815216', email: 'rita@example.com', firstName: 'Rita', lastName: 'Levi', offerId: '26127', offerName: 'Make Campaign' },
			referral: { recipientEmail: 'lead@example.net', recipientFirstName: 'Lea' },
		});
		const customer = referralRecord('firstpromoter', firstPromoterReferral({ ...FIRSTPROMOTER_REFERRAL, state: 'active', customer_since: '2026-04-03T00:00:00Z' }), NOW);
		expect(customer.event).toMatchObject({ type: 'conversion.created', occurredAt: '2026-04-03T00:00:00.000Z', conversion: { status: 'active', customerEmail: 'lead@example.net' } });
		expect(customer.updatedAt).toBe('2026-04-03T00:00:00.000Z');
	});

	it('a conversion keeps its id whatever changes on it later, so Track Referral Event records it once', () => {
		const converted = referralRecord('rewardful', rewardfulReferral(REWARDFUL_REFERRAL), NOW);
		// Rewardful bumps updated_at for later visits; the conversion is the same one.
		const revisited = referralRecord('rewardful', rewardfulReferral({ ...REWARDFUL_REFERRAL, visits: 9, updated_at: '2026-06-01T00:00:00.000Z' }), NOW);
		expect(revisited.event.id).toBe(converted.event.id);
		const customer = { ...FIRSTPROMOTER_REFERRAL, state: 'active', customer_since: '2026-04-03T00:00:00Z' };
		const active = referralRecord('firstpromoter', firstPromoterReferral(customer), NOW);
		const cancelled = referralRecord('firstpromoter', firstPromoterReferral({ ...customer, state: 'cancelled' }), NOW);
		expect(cancelled.event.id).toBe(active.event.id);
		expect(active.event.id).toBe('firstpromoter:referral:4001:conversion');
	});

	it('Conversions Only keeps conversions; Leads and Conversions keeps both', () => {
		const lead = referralRecord('firstpromoter', firstPromoterReferral(FIRSTPROMOTER_REFERRAL), NOW);
		const conversion = referralRecord('rewardful', rewardfulReferral(REWARDFUL_REFERRAL), NOW);
		expect(isSelected(lead, { status: 'conversions' })).toBe(false);
		expect(isSelected(conversion, { status: 'conversions' })).toBe(true);
		expect(isSelected(lead, { status: 'leadsAndConversions' })).toBe(true);
	});
});

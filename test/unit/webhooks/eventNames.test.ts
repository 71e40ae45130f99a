import type { NormalizedEventType } from '../../../nodes/shared/webhooks';
import type { AffiliatePlatform } from '../../../nodes/shared/webhooks/platforms';
import { fpCampaign, fpCommission, fpPayout, fpReferral, json, normalize, typeOf } from './readTypes';
import { fixture } from './helpers';

/**
 * Every event name the supported platforms document, and the negated and unfinished forms a sender may use, each
 * with the type it must be. Sources of the documented names (read 2026-12-07):
 * - Rewardful: https://developers.rewardful.com/webhooks/event-types (33 names; the payout.* rows from the
 *   api-evangelist capture of that page, which the stored copy cuts off);
 * - FirstPromoter webhooks v2: https://docs.firstpromoter.com/webhooks-v2/event-types (the June 2026 list, and the
 *   April list the API's own catalogue still shows); legacy: https://docs.firstpromoter.com/webhooks/event-types;
 * - UpPromote: https://aff-api.uppromote.com/docs/v2/webhook-overview-1623756m0 (names go in `?topic=`: the body has none);
 * - Refersion: https://www.refersion.dev/reference/webhooks-for-merchants (two topic values published, the rest in
 *   the same style);
 * - senders read by the generic platform: Affonso (https://docs.affonso.io/webhooks/events/*), Tolt
 *   (https://docs.tolt.com/webhooks/event-types), Dub (https://dub.co/docs/webhooks/event-types), PartnerStack
 *   (https://docs.partnerstack.com/docs/partnerstack-webhooks), Tapfiliate's trigger labels
 *   (https://tapfiliate.com/docs/guides/how-to-set-up-trigger-webhooks/), Okendo's metric names
 *   (https://support.okendo.io/en/articles/7963096-integrating-referrals-and-klaviyo).
 */
type Row = [name: string, status: string | null, type: NormalizedEventType];

/** Names a generic (Standard Webhooks, GitHub-style…) sender puts in the signed body's `type`. */
const GENERIC: Row[] = [
	// The five readings issue 20 found wrong.
	['affiliate.disapproved', 'disapproved', 'affiliate.deactivated'],
	['affiliate.unapproved', 'pending', 'affiliate.updated'],
	['affiliate.pending_approval', 'pending', 'affiliate.updated'],
	['conversion.disapproved', 'disapproved', 'conversion.denied'],
	['commission.unpaid', 'unpaid', 'commission.created'],
	// Negations, in every spelling.
	['affiliate.not_approved', null, 'affiliate.updated'],
	['affiliate.nonApproved', null, 'affiliate.updated'],
	['AffiliateNotApproved', null, 'affiliate.updated'],
	['affiliate.approval_revoked', null, 'affiliate.deactivated'],
	['affiliateApprovalRejected', null, 'affiliate.deactivated'],
	['affiliate.application-declined', null, 'affiliate.deactivated'],
	['affiliate.approval denied', null, 'affiliate.deactivated'],
	['affiliate.awaiting_approval', null, 'affiliate.updated'],
	['affiliate.approval_requested', null, 'affiliate.updated'],
	['partner.approval.pending', null, 'affiliate.updated'],
	['affiliate.unconfirmed', null, 'affiliate.updated'],
	['affiliate.suspended', null, 'affiliate.deactivated'],
	['affiliate.inactive', null, 'affiliate.deactivated'],
	['affiliate.reactivated', 'active', 'affiliate.approved'],
	['affiliateApproved', 'active', 'affiliate.approved'],
	['partner_approved', null, 'affiliate.approved'],
	['conversion.approval_pending', null, 'conversion.created'],
	['conversion.not-approved', null, 'conversion.created'],
	['conversionDenied', null, 'conversion.denied'],
	['order.refunded', null, 'conversion.denied'],
	['sale.reversed', null, 'conversion.denied'],
	['order.cancelled', null, 'conversion.denied'],
	['sale.chargeback', null, 'conversion.denied'],
	['transaction.voided', null, 'conversion.denied'],
	['order.updated', null, 'unknown'],
	['commissionPaid', 'paid', 'commission.paid'],
	['commission.payment_failed', null, 'commission.created'],
	['commission.voided', null, 'conversion.denied'],
	['commission.reversed', null, 'conversion.denied'],
	['commission.approved', null, 'conversion.approved'],
	['commission.not_paid', null, 'commission.created'],
	['commission.pending', null, 'commission.created'],
	['payout.failed', null, 'unknown'],
	['payout.pending', null, 'unknown'],
	['payout.not_paid', null, 'unknown'],
	['payout.cancelled', null, 'unknown'],
	['payout.completed', 'completed', 'payout.paid'],
	['Payout Sent', null, 'payout.paid'],
	['tier.downgraded', null, 'unknown'],
	['milestone.achieved', null, 'tier.reached'],
	['coupon.expired', null, 'unknown'],
	['coupon.revoked', null, 'unknown'],
	['referral.rejected', null, 'conversion.denied'],
	['referral.pending', null, 'referral.created'],
	['referral.successful', null, 'coupon.issued'],
	// Prefixes split off, undone and still-to-happen forms, and what is no approval at all (found by review).
	['affiliate.un-approved', null, 'affiliate.updated'],
	['affiliate.dis-approved', null, 'affiliate.deactivated'],
	['affiliate_dis_approved', null, 'affiliate.deactivated'],
	['affiliateUnApproved', null, 'affiliate.updated'],
	['affiliate.de-approved', null, 'affiliate.updated'],
	['affiliate.approve_denial', null, 'affiliate.deactivated'],
	['affiliate.approval_withdrawn', null, 'affiliate.deactivated'],
	['affiliate.approval_rescinded', null, 'affiliate.deactivated'],
	['affiliate.approved.undo', null, 'affiliate.deactivated'],
	['affiliate.approval_required', null, 'affiliate.updated'],
	['affiliate.needs_approval', null, 'affiliate.updated'],
	['affiliate.to_approve', null, 'affiliate.updated'],
	['commission.to_be_paid', null, 'commission.created'],
	['commission.paid_back', null, 'conversion.denied'],
	['payout.not_sent', null, 'unknown'],
	['payout.sent_back', null, 'unknown'],
	['affiliate.email_verified', null, 'unknown'],
	['affiliate.opt_in_confirmed', 'active', 'affiliate.approved'],
	['affiliate.sign_in_successful', 'active', 'unknown'],
	['affiliate approved - welcome back', 'active', 'affiliate.approved'],
	['affiliate.back_to_active', 'active', 'affiliate.approved'],
	['affiliate.moved_to_approved', 'active', 'affiliate.approved'],
	['affiliate.status_changed_to_approved', null, 'affiliate.approved'],
	['affiliate.review_approved', 'active', 'affiliate.approved'],
	['commission.set_to_paid', 'paid', 'commission.paid'],
	['payout_request.paid', 'paid', 'payout.paid'],
	['payout.sent_to_bank', null, 'payout.paid'],
	['affiliate.notification_enabled', null, 'unknown'],
	['invoice.payment_succeeded', null, 'unknown'],
	['order.confirmed', null, 'conversion.created'],
	['affiliate.approved', 'in-active', 'affiliate.deactivated'],
	['affiliate.approved', 'un_approved', 'affiliate.updated'],
	['affiliate.approved', 'approval_withdrawn', 'affiliate.deactivated'],
	['commission.paid', 'to_be_paid', 'commission.created'],
	['commission.paid', 'overdue', 'commission.created'],
	['commission.paid', 'partially_paid', 'commission.created'],
	['affiliate.approved', `pending: awaiting manual review ${'— details '.repeat(500)}`, 'affiliate.updated'],
	['affiliate.approved', `${'details — '.repeat(500)} not approved`, 'affiliate.updated'],
	// The record's own status against a signed name: the safer reading wins.
	['affiliate.approved', 'active', 'affiliate.approved'],
	['affiliate.approved', 'pending', 'affiliate.updated'],
	['affiliate.approved', 'awaiting_review', 'affiliate.updated'],
	['affiliate.approved', 'denied', 'affiliate.deactivated'],
	['affiliate.approved', 'inactive', 'affiliate.deactivated'],
	['affiliate.approved', 'not_approved', 'affiliate.updated'],
	['conversion.approved', 'pending', 'conversion.created'],
	['conversion.approved', 'rejected', 'conversion.denied'],
	['commission.paid', 'pending', 'commission.created'],
	['commission.paid', 'unpaid', 'commission.created'],
	['commission.paid', 'approved', 'commission.created'],
	['commission.paid', 'voided', 'conversion.denied'],
	['commission.paid', 'failed', 'commission.created'],
	['payout.paid', 'failed', 'unknown'],
	['payout.paid', 'processing', 'payout.paid'],
	['affiliate.status_changed', 'active', 'affiliate.approved'],
	['affiliate.status_changed', 'disapproved', 'affiliate.deactivated'],
	// Okendo's names (metrics it writes to Klaviyo, as a Standard Webhooks sender of its events would name them).
	['Sent Okendo Referral', null, 'referral.created'],
	['Received Okendo Referral Coupon', null, 'coupon.issued'],
	['Redeemed Okendo Referral Coupon', null, 'coupon.redeemed'],
	['Opted In to Okendo Referrals', null, 'unknown'],
	// Affonso.
	['affiliate.created', 'PENDING', 'affiliate.created'],
	['affiliate.confirmed', 'PENDING', 'affiliate.updated'],
	['affiliate.confirmed', 'ACTIVE', 'affiliate.approved'],
	['affiliate.updated', 'ACTIVE', 'affiliate.updated'],
	['affiliate.deleted', 'ACTIVE', 'affiliate.deactivated'],
	['referral.updated', null, 'unknown'],
	['referral.lead', null, 'referral.created'],
	['referral.converted', null, 'conversion.created'],
	['referral.deleted', null, 'unknown'],
	['transaction.created', null, 'conversion.created'],
	['transaction.updated', null, 'unknown'],
	['transaction.approved', null, 'conversion.approved'],
	['transaction.rejected', null, 'conversion.denied'],
	['transaction.deleted', null, 'unknown'],
	['payout.created', null, 'unknown'],
	['payout.paid', 'COMPLETED', 'payout.paid'],
	['coupon.created', null, 'coupon.issued'],
	['coupon.deleted', null, 'unknown'],
	// Tolt, Dub, PartnerStack, Tapfiliate.
	['partner.created', null, 'affiliate.created'],
	['partner.updated', null, 'affiliate.updated'],
	['link.created', null, 'unknown'],
	['customer.created', null, 'referral.created'],
	['customer.updated', null, 'unknown'],
	['partner.enrolled', null, 'affiliate.approved'],
	['partner.application_submitted', null, 'affiliate.created'],
	['lead.created', null, 'referral.created'],
	['sale.created', null, 'conversion.created'],
	['commission.created', null, 'commission.created'],
	['partnership_created', null, 'affiliate.created'],
	['partnership_deleted', null, 'affiliate.deactivated'],
	['agreement.accepted', null, 'unknown'],
	['Affiliate approved for program', null, 'affiliate.approved'],
	['Affiliate disapproved for program', null, 'affiliate.deactivated'],
	['Affiliate prospect created', null, 'affiliate.created'],
	['Commission updated', null, 'unknown'],
	['Payment created', null, 'unknown'],
	// Found by review: a done word named as the thing changed, an error, a customer's or a referral's payment.
	['affiliate.approval_status_changed', null, 'affiliate.updated'],
	['affiliate.approval_updated', null, 'affiliate.updated'],
	['affiliate.approval_in_review', null, 'affiliate.updated'],
	['affiliate.approval_error', null, 'affiliate.updated'],
	['affiliate.approval_reset', null, 'unknown'],
	['affiliate.approval_toggled', null, 'unknown'],
	['affiliate.status_changed_to_approved', null, 'affiliate.approved'],
	['commission.paid_status_changed', null, 'unknown'],
	['commission.paid_error', null, 'commission.created'],
	['payout.paid_error', null, 'unknown'],
	['payout.returned', null, 'unknown'],
	['payment_intent.succeeded', null, 'unknown'],
	['referral.payment_completed', null, 'unknown'],
	['referral_payout.sent', null, 'payout.paid'],
	// Found by the second review: "in" and "under" joined to a done word negate it.
	['affiliate.inactivated', null, 'affiliate.deactivated'],
	['Affiliate.Inactivated', null, 'affiliate.deactivated'],
	['partner.inactivation', null, 'affiliate.deactivated'],
	['payout.incomplete', null, 'unknown'],
	['commission.incomplete', null, 'commission.created'],
	['payout.underpaid', null, 'unknown'],
	['payout.completedWithErrors', null, 'unknown'],
];

describe('generic senders: a name is read by its words, and the record status has its say', () => {
	test.each(GENERIC)('%s (status %s) is %s', (name, status, type) => {
		const data = status === null ? {} : { status };
		expect(typeOf('generic', { type: name, data })).toEqual([type]);
	});

	test('a disagreement between a signed name and the status is named in a warning', () => {
		const { events, warnings } = normalize('generic', { type: 'affiliate.approved', data: { status: 'pending' } });
		expect(events[0].type).toBe('affiliate.updated');
		expect(warnings).toEqual([expect.stringMatching(/"affiliate\.approved".*"pending".*safer reading.*affiliate\.updated/)]);
	});

	test('Affonso: a confirmed affiliate whose partnership is still pending is no approval', () => {
		const data = { affiliateId: 'aff_123', email: 'jane@example.com', accountStatus: 'ACTIVE', partnershipStatus: 'PENDING' };
		expect(typeOf('generic', { id: 'evt_123', type: 'affiliate.confirmed', data })).toEqual(['affiliate.updated']);
		expect(typeOf('generic', { id: 'evt_124', type: 'affiliate.confirmed', data: { ...data, partnershipStatus: 'APPROVED' } })).toEqual(['affiliate.approved']);
		// Its data is the affiliate itself: the approval names who, so the welcome has a profile and a fact id.
		const [event] = normalize('generic', { id: 'evt_124', type: 'affiliate.confirmed', data: { ...data, partnershipStatus: 'APPROVED' } }).events;
		expect(event.affiliate).toMatchObject({ id: 'aff_123', email: 'jane@example.com' });
		expect(event.factId).toBe('generic:affiliate:aff_123:approved');
	});

	test('agreement gives no warning', () => {
		expect(normalize('generic', { type: 'affiliate.approved', data: { status: 'active' } }).warnings).toEqual([]);
	});
});

const rewardfulObject = (name: string) => {
	const kind = name.split('.')[0];
	if (name === 'commission.paid') return fixture('rewardful/commission-paid.json');
	return fixture(`rewardful/${kind.replace('_', '-')}.json`);
};

/** All 33 documented Rewardful names. Names with no counterpart pass through as `unknown`, with `raw`. */
const REWARDFUL: Array<[string, NormalizedEventType]> = [
	['affiliate.created', 'affiliate.created'],
	['affiliate.confirmed', 'affiliate.approved'],
	['affiliate.updated', 'affiliate.updated'],
	['affiliate.deleted', 'affiliate.deactivated'],
	['affiliate_link.created', 'affiliate.updated'],
	['affiliate_link.updated', 'affiliate.updated'],
	['affiliate_link.deleted', 'unknown'],
	['affiliate_coupon.created', 'coupon.issued'],
	['affiliate_coupon.updated', 'affiliate.updated'],
	['affiliate_coupon.activated', 'coupon.issued'],
	['affiliate_coupon.deactivated', 'unknown'],
	['affiliate_coupon.deleted', 'unknown'],
	['referral.created', 'referral.created'],
	['referral.lead', 'referral.created'],
	['referral.converted', 'conversion.created'],
	['referral.deleted', 'unknown'],
	['sale.created', 'conversion.created'],
	['sale.updated', 'unknown'],
	['sale.refunded', 'conversion.denied'],
	['sale.deleted', 'unknown'],
	['commission.created', 'commission.created'],
	['commission.updated', 'unknown'],
	['commission.paid', 'commission.paid'],
	['commission.voided', 'conversion.denied'],
	['commission.deleted', 'unknown'],
	['payout.created', 'unknown'],
	['payout.updated', 'unknown'],
	['payout.due', 'unknown'],
	['payout.paid', 'payout.paid'],
	['payout.deleted', 'unknown'],
	['payout.failed', 'unknown'],
];

describe('Rewardful: every documented name', () => {
	test.each(REWARDFUL)('%s is %s', (name, type) => {
		expect(typeOf('rewardful', { object: rewardfulObject(name), event: { id: 'evt_1', type: name, created_at: '2026-01-01T00:00:00Z' } })).toEqual([type]);
	});

	test.each<[string, string, NormalizedEventType]>([
		['affiliate.confirmed', 'suspicious', 'affiliate.updated'],
		['affiliate.confirmed', 'disabled', 'affiliate.deactivated'],
		['commission.paid', 'due', 'commission.created'],
		['commission.paid', 'voided', 'conversion.denied'],
		['payout.paid', 'pending', 'unknown'],
		['payout.paid', 'processing', 'payout.paid'],
	])('%s of a record whose state is %s is %s', (name, state, type) => {
		const object = { ...rewardfulObject(name), state };
		expect(typeOf('rewardful', { object, event: { id: 'evt_1', type: name } })).toEqual([type]);
	});
});

/** FirstPromoter v2: the June 2026 list, and the April names the API's catalogue still shows. */
const FIRSTPROMOTER: Array<[string, () => unknown, Record<string, unknown>, NormalizedEventType]> = [
	['promoter.created', () => fixture('firstpromoter/promoter.json'), {}, 'affiliate.created'],
	['promoter.updated', () => fixture('firstpromoter/promoter.json'), { email: ['a@example.com', 'b@example.com'] }, 'affiliate.updated'],
	['promoter.deleted', () => fixture('firstpromoter/promoter.json'), {}, 'affiliate.deactivated'],
	['promoter.balance.updated', () => fixture('firstpromoter/promoter.json'), { paid_balance: [0, 100] }, 'affiliate.updated'],
	['promoter.profile.updated', () => fixture('firstpromoter/promoter.json'), {}, 'affiliate.updated'],
	['promoter_campaign.created', () => fpCampaign('pending'), {}, 'affiliate.updated'],
	['promoter_campaign.created', () => fpCampaign('accepted'), {}, 'affiliate.approved'],
	['promoter_campaign.updated', () => fpCampaign('accepted'), { state: ['pending', 'accepted'] }, 'affiliate.approved'],
	['promoter_campaign.updated', () => fpCampaign('accepted'), { ref_token: ['a', 'b'] }, 'affiliate.updated'],
	['promoter_campaign.deleted', () => fpCampaign('accepted'), {}, 'affiliate.deactivated'],
	['promoter_campaign.accepted', () => fpCampaign('accepted'), {}, 'affiliate.approved'],
	['promoter_campaign.pending', () => fpCampaign('pending'), {}, 'affiliate.updated'],
	['promoter_campaign.rejected', () => fpCampaign('rejected'), {}, 'affiliate.deactivated'],
	['promoter_campaign.blocked', () => fpCampaign('blocked'), {}, 'affiliate.deactivated'],
	['promoter_campaign.inactive', () => fpCampaign('inactive'), {}, 'affiliate.deactivated'],
	['referral.created', () => fpReferral('signup'), {}, 'referral.created'],
	['referral.updated', () => fpReferral('active'), { state: ['signup', 'active'] }, 'conversion.created'],
	['referral.updated', () => fpReferral('active'), { plan_name: ['basic', 'pro'] }, 'unknown'],
	['referral.deleted', () => fpReferral('signup'), {}, 'unknown'],
	['referral.converted', () => fpReferral('active'), {}, 'conversion.created'],
	['referral.cancelled', () => fpReferral('cancelled'), {}, 'unknown'],
	['referral.moved', () => fpReferral('moved'), {}, 'unknown'],
	['commission.created', () => fpCommission('pending'), {}, 'commission.created'],
	['commission.updated', () => fpCommission('approved'), { status: ['pending', 'approved'] }, 'conversion.approved'],
	['commission.updated', () => fpCommission('approved'), { is_paid: [false, true] }, 'commission.paid'],
	['commission.deleted', () => fpCommission('pending'), {}, 'unknown'],
	['commission.approved', () => fpCommission('approved'), {}, 'conversion.approved'],
	['commission.pending', () => fpCommission('pending'), {}, 'unknown'],
	['commission.denied', () => fpCommission('denied'), {}, 'conversion.denied'],
	['payout.created', () => fpPayout('pending'), {}, 'unknown'],
	['payout.updated', () => fpPayout('completed'), { status: ['processing', 'completed'] }, 'payout.paid'],
	['payout.deleted', () => fpPayout('pending'), {}, 'unknown'],
	['payout.pending', () => fpPayout('pending'), {}, 'unknown'],
	['payout.processing', () => fpPayout('processing'), {}, 'unknown'],
	['payout.completed', () => fpPayout('completed'), {}, 'payout.paid'],
	['payout.failed', () => fpPayout('failed'), {}, 'unknown'],
	['payout.cancelled', () => fpPayout('cancelled'), {}, 'unknown'],
	['payout.commissions.added', () => fpPayout('pending'), {}, 'unknown'],
	['payout.commissions.removed', () => fpPayout('pending'), {}, 'unknown'],
	['payout.commissions.created', () => fpPayout('pending'), {}, 'unknown'],
	['payout_method.created', () => ({ id: 1 }), {}, 'unknown'],
	['payments_batch.completed', () => ({ id: 1, status: 'completed' }), {}, 'unknown'],
	['contract_document.signed', () => ({ id: 1 }), {}, 'unknown'],
];

describe('FirstPromoter v2: every documented name', () => {
	test.each(FIRSTPROMOTER)('%s (%#) is %s', (name, data, changes, type) => {
		expect(typeOf('firstpromoter', { event_id: 'e1', event_type: name, changes, data: data() })).toEqual([type]);
	});

	test.each<[string, unknown, NormalizedEventType]>([
		['promoter_campaign.accepted', fpCampaign('pending'), 'affiliate.updated'],
		['promoter_campaign.accepted', fpCampaign('rejected'), 'affiliate.deactivated'],
		['commission.approved', fpCommission('denied'), 'conversion.denied'],
		['payout.completed', fpPayout('failed'), 'unknown'],
	])('%s of a record whose status disagrees is the safer %s', (name, data, type) => {
		const { events, warnings } = normalize('firstpromoter', { event_id: 'e1', event_type: name, changes: {}, data });
		expect(events.map((event) => event.type)).toEqual([type]);
		expect(warnings.join(' ')).toContain(name);
	});
});

test('FirstPromoter: a promoter_campaign entry without a nested promoter names the promoter by promoter_id', () => {
	const { promoter: _promoter, ...entry } = fpCampaign('accepted') as Record<string, unknown>;
	const [event] = normalize('firstpromoter', { event_id: 'e1', event_type: 'promoter_campaign.accepted', changes: {}, data: entry }).events;
	expect(event.affiliate.id).toBe('12345');
	expect(event.factId).toBe('firstpromoter:affiliate:12345:approved');
});

describe('FirstPromoter legacy: every documented name', () => {
	const legacy = (type: string, data: Record<string, unknown>) => ({ event: { id: 1, type, created_at: '2026-01-01T00:00:00Z' }, data });
	test.each<[string, Record<string, unknown>, NormalizedEventType]>([
		['promoter_signed_up', { state: 'pending' }, 'affiliate.created'],
		['promoter_signs_up', { state: 'pending' }, 'affiliate.created'],
		['promoter_accepted', { state: 'accepted' }, 'affiliate.approved'],
		['promoter_accepted', { state: 'pending' }, 'affiliate.updated'],
		['lead_signup', { state: 'signup', email: 'lead@example.com' }, 'referral.created'],
		['lead_becomes_referral', { state: 'active' }, 'conversion.created'],
		['new_customer', { state: 'active' }, 'conversion.created'],
		['lead_cancelled', { state: 'cancelled' }, 'unknown'],
		['reward_created', { status: 'pending' }, 'commission.created'],
		['fulfilment_pending', { status: 'pending' }, 'unknown'],
	])('%s (%#) is %s', (name, data, type) => {
		expect(typeOf('firstpromoter', legacy(name, data))).toEqual([type]);
	});
});

describe('UpPromote: every documented name (from ?topic=, the body carries none)', () => {
	const affiliate = (status: string) => ({ ...json('uppromote/affiliate.json'), status });
	const referral = (status: string) => ({ ...json('uppromote/referral.json'), status });
	test.each<[string, unknown, NormalizedEventType]>([
		['referral.new', referral('pending'), 'conversion.created'],
		['referral.approved', referral('approved'), 'conversion.approved'],
		['referral.approved', referral('pending'), 'conversion.created'],
		['referral.denied', referral('denied'), 'conversion.denied'],
		['referral.status-changed', { ...referral('approved'), previous_status: 'pending', current_status: 'approved' }, 'conversion.approved'],
		['affiliate.new', affiliate('pending'), 'affiliate.created'],
		['affiliate.new', affiliate('inactive'), 'affiliate.created'],
		['affiliate.approved', affiliate('active'), 'affiliate.approved'],
		['affiliate.approved', affiliate('pending'), 'affiliate.updated'],
		['affiliate.inactive', affiliate('inactive'), 'affiliate.deactivated'],
		['affiliate.status-changed', { affiliate_id: 501, previous_status: 'pending', current_status: 'active' }, 'affiliate.approved'],
		['affiliate.status-changed', { affiliate_id: 501, previous_status: 'active', current_status: 'inactive' }, 'affiliate.deactivated'],
		['payment.paid', fixture('uppromote/payment.json'), 'commission.paid'],
	])('%s (%#) is %s', (topic, body, type) => {
		expect(typeOf('uppromote', body, { topic })).toEqual([type]);
	});
});

describe('Refersion: every topic, and negated topics that must not approve', () => {
	test('a topic overruled by the status is named in a warning, with the status', () => {
		const { events, warnings } = normalize('refersion', fixture('refersion/conversion-pending.json'), { headers: { 'Refersion-Topic': 'APPROVED_CONVERSION' } });
		expect(events[0].type).toBe('conversion.created');
		expect(warnings).toEqual([expect.stringMatching(/"APPROVED_CONVERSION" reads as conversion\.approved.*"pending".*conversion\.created/)]);
	});

	test.each<[string, string, NormalizedEventType]>([
		['NEW_CONVERSION', 'refersion/conversion-pending.json', 'conversion.created'],
		['APPROVED_CONVERSION', 'refersion/conversion-approved.json', 'conversion.approved'],
		['APPROVED_CONVERSION', 'refersion/conversion-pending.json', 'conversion.created'],
		['DENIED_CONVERSION', 'refersion/conversion-denied.json', 'conversion.denied'],
		['NEW_PAYMENT', 'refersion/payment-listed.json', 'commission.paid'],
		['NEW_AFFILIATE', 'refersion/affiliate-new.json', 'affiliate.created'],
		['AFFILIATE_STATUS_CHANGE', 'refersion/affiliate-active.json', 'affiliate.approved'],
		['AFFILIATE_STATUS_CHANGE', 'refersion/affiliate-denied.json', 'affiliate.deactivated'],
		['AFFILIATE_DETAILS_CHANGE', 'refersion/affiliate-active.json', 'affiliate.updated'],
		['NEW_CONVERSION_TRIGGER', 'refersion/conversion-trigger-coupon.json', 'coupon.issued'],
		['BONUS_TIER_MOVEMENT', 'refersion/bonus-tier-movement.json', 'tier.reached'],
		['UNAPPROVED_CONVERSION', 'refersion/conversion-pending.json', 'conversion.created'],
		['CONVERSION_DISAPPROVED', 'refersion/conversion-denied.json', 'conversion.denied'],
		['AFFILIATE_DISAPPROVED', 'refersion/affiliate-denied.json', 'affiliate.deactivated'],
	])('%s with %s is %s', (topic, name, type) => {
		expect(new Set(typeOf('refersion', fixture(name), { headers: { 'Refersion-Topic': topic } }))).toEqual(new Set([type]));
	});
});

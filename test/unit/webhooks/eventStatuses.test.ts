import type { NormalizedEventType } from '../../../nodes/shared/webhooks';
import { knownWords, wordsOf } from '../../../nodes/shared/webhooks/platforms/eventWords';
import type { AffiliatePlatform } from '../../../nodes/shared/webhooks/platforms';
import { fpCampaign, fpCommission, fpPayout, json, typeOf } from './readTypes';

/**
 * Issue 20: a record whose own status says not yet, not paid or not active never becomes an approval or a payment,
 * on any platform, whatever its event's name says; statuses are read as words (also lower-cased camelCase).
 */

/** A Refersion payment with `status` on each of its payments (Refersion documents none; a sender may add one). */
function withPaymentStatus(body: Record<string, unknown>, status: string): Record<string, unknown> {
	type Payment = { affiliates?: Record<string, { payments?: Array<Record<string, unknown>> }>; payments?: Array<Record<string, unknown>> };
	const whole = JSON.parse(JSON.stringify(body)) as Payment & { data?: Payment };
	const copy = whole.data ?? whole;
	for (const affiliate of Object.values(copy.affiliates ?? {})) for (const payment of affiliate.payments ?? []) payment.status = status;
	for (const payment of copy.payments ?? []) payment.status = status;
	return whole;
}

describe('a record whose own status says not yet, not paid or not active is never an approval or a payment', () => {
	const NOT_DONE = ['pending', 'PENDING_APPROVAL', 'awaiting', 'unpaid', 'due', 'denied', 'disapproved', 'rejected', 'declined', 'inactive', 'not_active', 'voided', 'refunded', 'reversed', 'cancelled', 'revoked', 'suspended', 'failed',
		// Found by review: camelCase (readers lower-case a status before reading it), "processing" with a failure, and
		// statuses the word lists lacked.
		'pendingApproval', 'approvalRevoked', 'rejectedByAdmin', 'paymentFailed', 'awaitingApproval', 'processing_failed', 'processing_cancelled', 'processing_error',
		'in_review', 'under_review', 'review', 'waitlisted', 'returned', 'bounced', 'error', 'stopped', 'halted', 'clawback', 'paid_error',
		// Second review: compounds with a word the lists do not know, and "in"/"under" joined to a done word.
		'pendingVerification', 'notYetApproved', 'waitingOnApproval', 'kycPending', 'paidWithErrors',
		'incomplete', 'inactivated', 'underpaid'];
	const DONE: NormalizedEventType[] = ['affiliate.approved', 'conversion.approved', 'commission.paid', 'payout.paid'];
	const bodies: Array<[string, (status: string) => [AffiliatePlatform, unknown, { topic?: string; headers?: Record<string, string> }?]]> = [
		['generic affiliate.approved', (status) => ['generic', { type: 'affiliate.approved', data: { status } }]],
		['generic partnerApproved', (status) => ['generic', { type: 'partnerApproved', data: { affiliate: { status } } }]],
		['generic conversion.approved', (status) => ['generic', { type: 'conversion.approved', data: { status } }]],
		['generic commission.paid', (status) => ['generic', { type: 'commission.paid', data: { status } }]],
		['generic payout.paid', (status) => ['generic', { type: 'payout.paid', data: { status } }]],
		['generic ?topic=affiliate.approved', (status) => ['generic', { data: { status } }, { topic: 'affiliate.approved' }]],
		['Rewardful affiliate.confirmed', (status) => ['rewardful', { event: { id: 'e', type: 'affiliate.confirmed' }, object: { ...json('rewardful/affiliate.json'), state: status } }]],
		['Rewardful commission.paid', (status) => ['rewardful', { event: { id: 'e', type: 'commission.paid' }, object: { ...json('rewardful/commission.json'), state: status } }]],
		['Rewardful payout.paid', (status) => ['rewardful', { event: { id: 'e', type: 'payout.paid' }, object: { ...json('rewardful/payout.json'), state: status } }]],
		['FirstPromoter promoter_campaign.accepted', (status) => ['firstpromoter', { event_id: 'e', event_type: 'promoter_campaign.accepted', changes: {}, data: fpCampaign(status) }]],
		['FirstPromoter commission.approved', (status) => ['firstpromoter', { event_id: 'e', event_type: 'commission.approved', changes: {}, data: fpCommission(status) }]],
		['FirstPromoter payout.completed', (status) => ['firstpromoter', { event_id: 'e', event_type: 'payout.completed', changes: {}, data: fpPayout(status) }]],
		['FirstPromoter legacy promoter_accepted', (status) => ['firstpromoter', { event: { id: 1, type: 'promoter_accepted' }, data: { state: status } }]],
		['UpPromote affiliate.approved', (status) => ['uppromote', { ...json('uppromote/affiliate.json'), status }, { topic: 'affiliate.approved' }]],
		['UpPromote referral.approved', (status) => ['uppromote', { ...json('uppromote/referral.json'), status }, { topic: 'referral.approved' }]],
		['UpPromote payment.paid', (status) => ['uppromote', { ...json('uppromote/payment.json'), status }, { topic: 'payment.paid' }]],
		['UpPromote payment, no topic (read from the body)', (status) => ['uppromote', { ...json('uppromote/payment.json'), status }]],
		['Refersion NEW_PAYMENT, marketplace (flat)', (status) => ['refersion', { ...json('refersion/payment-marketplace.json'), status }, { headers: { 'Refersion-Topic': 'NEW_PAYMENT' } }]],
		['Refersion NEW_PAYMENT, a status on every payment', (status) => ['refersion', withPaymentStatus(json('refersion/payment-two-affiliates.json'), status)]],
		['Refersion AFFILIATE_STATUS_CHANGE', (status) => ['refersion', { ...json('refersion/affiliate-active.json'), status }, { headers: { 'Refersion-Topic': 'AFFILIATE_STATUS_CHANGE' } }]],
		['Refersion APPROVED_CONVERSION', (status) => ['refersion', { ...json('refersion/conversion-approved.json'), status }, { headers: { 'Refersion-Topic': 'APPROVED_CONVERSION' } }]],
	];
	test.each(bodies)('%s', (_label, build) => {
		for (const status of NOT_DONE) {
			const [platform, body, options] = build(status);
			const types = typeOf(platform, body, options);
			expect({ status, types: types.filter((type) => DONE.includes(type)) }).toEqual({ status, types: [] });
		}
	});
});

describe('a status lower-cased by its reader still reads as words (found by review: "pendingApproval" approved)', () => {
	test.each<[string, string[]]>([
		['pendingapproval', ['pending', 'approval']],
		['approvalrevoked', ['approval', 'revoked']],
		['rejectedbyadmin', ['rejected', 'by', 'admin']],
		['paymentfailed', ['payment', 'failed']],
		['inreview', ['in', 'review']],
		['processingfailed', ['processing', 'failed']],
		// Known words and negated ones stay whole; a word not made of known ones is left alone.
		['inactive', ['inactive']],
		['unpaid', ['unpaid']],
		['notable', ['notable']],
		['newsletter', ['newsletter']],
	])('%s', (text, words) => {
		expect(wordsOf(text)).toEqual(words);
	});

	test('every known word, and every pair of them, splits back into itself', () => {
		const words = [...knownWords()].filter((word) => word.length >= 2);
		for (const word of words) expect(wordsOf(word)).toEqual([word]);
		for (const [first, second] of [['pending', 'approval'], ['approval', 'revoked'], ['disbursements', 'failed'], ['payout', 'unpaid']]) {
			expect(wordsOf(first + second)).toEqual([first, second]);
		}
	});
});

test('a Refersion payment’s statuses are each read on their own: the safest reading wins in any order (second review)', () => {
	const body = (statuses: string[]) => ({
		affiliates: { '7': { id: 7, payments: statuses.map((status, index) => ({ id: `p${index}`, commission_total: '1.00', status })) } },
	});
	for (const statuses of [['in_review', 'paid'], ['paid', 'in_review'], ['under review', 'completed'], ['completed', 'under review']]) {
		expect(typeOf('refersion', body(statuses), { headers: { 'Refersion-Topic': 'NEW_PAYMENT' } })).toEqual(['commission.created']);
	}
	expect(typeOf('refersion', body(['paid', 'refunded', 'pending']))).toEqual(['conversion.denied']);
	expect(typeOf('refersion', body(['paid', 'completed']))).toEqual(['commission.paid']);
});

describe('what a third review found: readings turned around by a fragment or a word out of place', () => {
	test.each<[string, string | null, NormalizedEventType]>([
		// A refusal or removal inside another word is not read: "un-" turns it around.
		['affiliate.unblocked', null, 'unknown'],
		['affiliate.unsuspended', null, 'unknown'],
		['affiliate.unpaused', null, 'unknown'],
		['affiliate.unarchived', null, 'unknown'],
		['affiliate.approved', 'unblocked', 'affiliate.approved'],
		['affiliate.approved', 'Unsuspended', 'affiliate.approved'],
		['affiliate.approved', 'reinstated_unpaused', 'affiliate.approved'],
		['commission.paid', 'paid_nonrefundable', 'commission.paid'],
		['commission.paid', 'completed_nonrefundable', 'commission.paid'],
		['conversion.approved', 'approved_noncancelable', 'conversion.approved'],
		// A review that is over, an error that is not there.
		['affiliate.approved_after_review', null, 'affiliate.approved'],
		['affiliate.approved_on_review', null, 'affiliate.approved'],
		['affiliate.approved', 'review_passed', 'affiliate.approved'],
		['affiliate.approved', 'approved_after_review', 'affiliate.approved'],
		['affiliate.approved', 'onboarding_complete', 'affiliate.approved'],
		['commission.paid', 'paid_error_free', 'commission.paid'],
		// Still held back.
		['affiliate.approved', 'pending_review', 'affiliate.updated'],
		['affiliate.approved', 'kycPending', 'affiliate.updated'],
	])('%s (status %s) is %s', (name, status, type) => {
		expect(typeOf('generic', { type: name, data: status === null ? {} : { status } })).toEqual([type]);
	});
});

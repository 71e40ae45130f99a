import { normalizeAffiliateWebhook, type AffiliatePlatform } from '../../../nodes/shared/webhooks';
import { fixture } from './helpers';

/**
 * Issue 13, item 4: no approval dropped in silence, none misread, and a re-approval after a deactivation is a new
 * event. Approvals are read from the payload where the topic is missing or unrecognized; what tells an approval from
 * a details change is, per platform, whatever the payload carries (FirstPromoter's `changes`, a previous status).
 */
const NOW = new Date('2026-01-01T00:00:00Z');

function only(platform: AffiliatePlatform, body: unknown, topic?: { header?: string; query?: string }) {
	const headers: Record<string, string> = topic?.header ? { 'Refersion-Topic': topic.header } : {};
	const events = normalizeAffiliateWebhook({ platform, headers, body, options: { now: NOW, topic: topic?.query } });
	expect(events).toHaveLength(1);
	return events[0];
}

describe('Refersion affiliate records (one shape for three topics, no approval time documented)', () => {
	const active = fixture('refersion/affiliate-active.json');

	test('an active affiliate under an unrecognized topic, or none, is an approval; under the documented details topic an update', () => {
		expect(only('refersion', active, { header: 'AFFILIATE_APPROVED' }).type).toBe('affiliate.approved');
		expect(only('refersion', active, { header: 'affiliate.status.updated' }).type).toBe('affiliate.approved');
		expect(only('refersion', active, { header: 'AFFILIATE_DETAILS_CHANGE' }).type).toBe('affiliate.updated');
		// No topic (a forwarder stripped it): the status decides, so an approval is never dropped; the id is the body's.
		expect(only('refersion', active)).toMatchObject({ type: 'affiliate.approved', id: only('refersion', active, { header: 'NEW_AFFILIATE' }).id });
	});

	test('an inactive affiliate under an unrecognized topic is a deactivation, a pending one an update', () => {
		expect(only('refersion', fixture('refersion/affiliate-inactive.json'), { header: 'SOME_FUTURE_TOPIC' }).type).toBe('affiliate.deactivated');
		expect(only('refersion', fixture('refersion/affiliate-new.json'), { header: 'SOME_FUTURE_TOPIC' }).type).toBe('affiliate.updated');
	});

	test('a re-approval after a deactivation is a new event when its record differs in anything but login and conversion times', () => {
		const first = only('refersion', active, { header: 'AFFILIATE_STATUS_CHANGE' });
		const reapprovals = [
			{ ...active, updated: '2026-03-02 10:00:00' },
			{ ...active, offer: { id: 13, name: 'Summer Offer' } },
			{ ...active, custom_fields: [] },
		].map((body) => only('refersion', body, { header: 'AFFILIATE_STATUS_CHANGE' }));
		for (const again of reapprovals) expect(again).toMatchObject({ type: 'affiliate.approved', id: expect.not.stringMatching(first.id) });
		expect(new Set(reapprovals.map((event) => event.id)).size).toBe(3);
		// Documented limit: nothing else differs, so within the replay window it is taken for a redelivery.
		expect(only('refersion', { ...active, last_login: '2026-03-02 09:00:00' }, { header: 'AFFILIATE_STATUS_CHANGE' }).id).toBe(first.id);
	});

	test('the same approval delivered under New Affiliate and Affiliate Status Change is one event', () => {
		const asNew = only('refersion', active, { header: 'NEW_AFFILIATE' });
		const asChange = only('refersion', active, { header: 'AFFILIATE_STATUS_CHANGE' });
		expect([asNew.type, asChange.type]).toEqual(['affiliate.approved', 'affiliate.approved']);
		expect(asNew.id).toBe(asChange.id);
	});
});

describe('UpPromote affiliates', () => {
	const approved = { ...fixture('uppromote/affiliate.json'), status: 'active' };

	test('an auto-approved new affiliate and its affiliate.approved delivery (the same body) are one approval', () => {
		const asNew = only('uppromote', approved, { query: 'affiliate.new' });
		const asApproved = only('uppromote', approved, { query: 'affiliate.approved' });
		const unnamed = only('uppromote', approved, { query: 'affiliate.someday' });
		expect([asNew.type, asApproved.type, unnamed.type]).toEqual(['affiliate.approved', 'affiliate.approved', 'affiliate.approved']);
		expect(new Set([asNew.id, asApproved.id, unnamed.id]).size).toBe(1);
	});

	test('a status change into active is an approval by its own statuses; a re-approval (inactive → active) is a new event', () => {
		const first = only('uppromote', { affiliate_id: 501, previous_status: 'pending', current_status: 'active' });
		const again = only('uppromote', { affiliate_id: 501, previous_status: 'inactive', current_status: 'active' }, { query: 'affiliate.status-changed' });
		expect([first.type, again.type]).toEqual(['affiliate.approved', 'affiliate.approved']);
		expect(again.id).not.toBe(first.id);
		// Registered under the wrong URL, the same body is still the same approval.
		const misnamed = only('uppromote', { affiliate_id: 501, previous_status: 'inactive', current_status: 'active' }, { query: 'affiliate.inactive' });
		expect(misnamed).toMatchObject({ id: again.id, type: 'affiliate.approved' });
	});
});

describe('FirstPromoter: `changes` tells an approval from an update', () => {
	const campaign = (state: string) => ({ ...fixture('firstpromoter/promoter-campaign.json'), state });
	const v2 = (eventType: string, data: unknown, changes: Record<string, unknown[]>, eventId = 'evt-1') => ({
		event_id: eventId,
		event_type: eventType,
		entity_type: 'promoter_campaign',
		changes,
		data,
		timestamp: '2026-01-01T00:00:00Z',
	});

	test('an update of an accepted promoter that changes its link is an update; one that accepts it is an approval', () => {
		expect(only('firstpromoter', v2('promoter_campaign.updated', campaign('accepted'), { ref_token: ['jane', 'jane2'] })).type).toBe('affiliate.updated');
		expect(only('firstpromoter', v2('promoter_campaign.updated', campaign('accepted'), { state: ['pending', 'accepted'] })).type).toBe('affiliate.approved');
	});

	test('an unlisted promoter event is classified by the state move its changes show; a re-approval has its own event_id', () => {
		const first = only('firstpromoter', v2('promoter_campaign.state_changed', campaign('accepted'), { state: ['pending', 'accepted'] }));
		const again = only('firstpromoter', v2('promoter_campaign.state_changed', campaign('accepted'), { state: ['inactive', 'accepted'] }, 'evt-2'));
		expect([first.type, again.type]).toEqual(['affiliate.approved', 'affiliate.approved']);
		expect(again.id).not.toBe(first.id);
	});

	test('a commission update that leaves the status alone approves nothing', () => {
		const noteOnly = { event_id: 'evt-3', event_type: 'commission.updated', changes: { note: ['', 'checked'] }, data: { id: 1, status: 'approved' } };
		expect(only('firstpromoter', noteOnly).type).toBe('unknown');
	});
});

describe('generic: a body with no usable name', () => {
	test('is an approval when it shows the status moving into an approved one, and unknown when it cannot tell', () => {
		const moved = { data: { previous_status: 'inactive', affiliate: { id: 'af_1', email: 'ada@example.com', status: 'active' } } };
		expect(only('generic', moved).type).toBe('affiliate.approved');
		expect(only('generic', { ...moved, type: 'partner.something' }).type).toBe('affiliate.approved');
		expect(only('generic', { data: { affiliate: { id: 'af_1', status: 'active' } } }).type).toBe('unknown');
		expect(only('generic', { data: { previous_status: 'active', affiliate: { id: 'af_1', status: 'active' } } }).type).toBe('affiliate.updated');
	});
});

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { KlaviyoTrackReferralEvent } from '../../nodes/KlaviyoTrackReferralEvent/KlaviyoTrackReferralEvent.node';
import { KlaviyoUpsertAffiliateProfile } from '../../nodes/KlaviyoUpsertAffiliateProfile/KlaviyoUpsertAffiliateProfile.node';
import { asApproval, affiliateRecord } from '../../nodes/shared/platforms/affiliates';
import { firstPromoterAffiliate } from '../../nodes/shared/platforms/firstpromoter/affiliate';
import { firstPromoterReferral } from '../../nodes/shared/platforms/firstpromoter/referral';
import { referralRecord } from '../../nodes/shared/platforms/referrals';
import { rewardfulAffiliate } from '../../nodes/shared/platforms/rewardful/affiliate';
import { rewardfulReferral } from '../../nodes/shared/platforms/rewardful/referral';
import { normalizeWebhookDelivery } from '../../nodes/shared/webhooks';
import type { KlaviyoDouble } from '../double/types';
import { runNode } from '../harness/runWorkflow';
import { fixture } from '../unit/webhooks/helpers';
import { apiKeyCredential, useKlaviyoDouble } from './support';

/**
 * One real-world fact, one Klaviyo event — whichever path brought it. The webhook item is what the trigger makes of
 * a signed delivery (the real normalizer), the pulled item what the Affiliate Platform node makes of the same record
 * read from the platform's REST API (the real mappers): Rewardful posts "the structure returned by the REST API
 * endpoints" in `object` (https://developers.rewardful.com/webhooks/requests), so one record serves both.
 */
const getDouble = useKlaviyoDouble();
const NOW = new Date('2026-03-01T00:00:00Z');

const asItem = (value: unknown) => JSON.parse(JSON.stringify(value)) as IDataObject;
const webhook = (platform: 'rewardful' | 'firstpromoter', body: unknown) => {
	const { events } = normalizeWebhookDelivery({ platform, headers: {}, body, options: { now: NOW } });
	expect(events).toHaveLength(1);
	return asItem(events[0]);
};

const rewardfulReferralRecord = { ...fixture('rewardful/referral.json'), conversion_state: 'conversion', became_conversion_at: '2026-02-27T10:00:00Z' };
const rewardfulConversion = {
	byWebhook: () => webhook('rewardful', { event: { id: 'evt_conv_1', type: 'referral.converted' }, object: rewardfulReferralRecord }),
	byPull: () => asItem(referralRecord('rewardful', rewardfulReferral(rewardfulReferralRecord), NOW).event),
};
const rewardfulApproval = {
	byWebhook: () => webhook('rewardful', { event: { id: 'evt_conf_1', type: 'affiliate.confirmed' }, object: fixture('rewardful/affiliate.json') }),
	byPull: () => asItem(asApproval(affiliateRecord('rewardful', rewardfulAffiliate(fixture('rewardful/affiliate.json')), NOW).event)),
};
/**
 * A FirstPromoter v2 referral as `GET /referrals` returns it (openapi-v2-referrals.json: the promoter nested under
 * promoter_campaign). The webhook's `data` is documented as "the full serialized state of the resource", the same
 * record (https://docs.firstpromoter.com/webhooks-v2/payload; its short example omits promoter_campaign).
 */
const fpReferral = {
	id: 2138151,
	email: 'lead@example.com',
	state: 'active',
	customer_since: '2026-02-27T10:00:00Z',
	created_at: '2026-02-20T10:00:00Z',
	promoter_campaign: { id: 88, campaign_id: 13202, promoter_id: 12345, promoter: { id: 12345, email: 'jane@example.com', name: 'Jane Doe' } },
};
const firstPromoterConversion = {
	byWebhook: () => webhook('firstpromoter', { event_id: 'e-conv', event_type: 'referral.converted', changes: {}, data: fpReferral }),
	byPull: () => asItem(referralRecord('firstpromoter', firstPromoterReferral(fpReferral), NOW).event),
};
const fpPromoter = {
	id: 12345,
	email: 'jane@example.com',
	name: 'Jane Doe',
	promoter_campaigns: [{ id: 88, campaign_id: 13202, state: 'accepted', ref_token: 'jane', ref_link: 'https://www.example.com/?fpr=jane', campaign: { id: 13202, name: 'Main Campaign' } }],
};
const firstPromoterApproval = {
	byWebhook: () =>
		webhook('firstpromoter', {
			event_id: 'e-acc',
			event_type: 'promoter_campaign.updated',
			changes: { state: ['pending', 'accepted'] },
			data: { ...fpPromoter.promoter_campaigns[0], promoter_id: 12345, promoter: { id: 12345, email: 'jane@example.com' } },
		}),
	byPull: () => asItem(asApproval(affiliateRecord('firstpromoter', firstPromoterAffiliate(fpPromoter), NOW).event)),
};

const runTrack = (double: KlaviyoDouble, typeVersion: number, parameters: INodeParameters, items: IDataObject[]) =>
	runNode({
		nodeType: new KlaviyoTrackReferralEvent(),
		typeVersion,
		parameters: { authentication: 'apiKey', ...parameters },
		items,
		credentials: [apiKeyCredential(double)],
	});

describe.each([
	['a Rewardful conversion', rewardfulConversion, 'affiliateConversion', 'Affiliate Conversion'],
	['a Rewardful approval', rewardfulApproval, 'affiliateApproved', 'Affiliate Approved'],
	['a FirstPromoter conversion', firstPromoterConversion, 'affiliateConversion', 'Affiliate Conversion'],
	['a FirstPromoter approval', firstPromoterApproval, 'affiliateApproved', 'Affiliate Approved'],
] as const)('%s received by webhook, then pulled by a reconcile', (_label, fact, event, metric) => {
	test('both items carry the same fact id, and different event ids', () => {
		const [byWebhook, byPull] = [fact.byWebhook(), fact.byPull()];
		expect(byWebhook.factId).toEqual(expect.any(String));
		expect(byPull.factId).toBe(byWebhook.factId);
		expect(byPull.type).toBe(byWebhook.type);
		expect(byPull.id).not.toBe(byWebhook.id);
	});

	test('Track (version 3) records one Klaviyo event: the pulled copy has the same unique id', async () => {
		const double = getDouble();
		const first = await runTrack(double, 3, { event }, [fact.byWebhook()]);
		const second = await runTrack(double, 3, { event }, [fact.byPull()]);
		expect([first.error, second.error]).toEqual([undefined, undefined]);
		expect(second.output[0].json.uniqueId).toBe(first.output[0].json.uniqueId);
		expect(double.state().events.filter((recorded) => recorded.metric === metric)).toHaveLength(1);
	});

	test('a node saved at version 2 keeps keying on the delivery: two events (why version 3 exists)', async () => {
		const double = getDouble();
		await runTrack(double, 2, { event }, [fact.byWebhook()]);
		await runTrack(double, 2, { event }, [fact.byPull()]);
		expect(double.state().events.filter((recorded) => recorded.metric === metric)).toHaveLength(2);
	});
});

describe('Upsert referral totals count the conversion once across both paths', () => {
	const totals = { referralTotals: true, referralCountMode: 'add', referralRevenueMode: 'add', referralDateMode: 'add' };
	test.each([
		['Rewardful', rewardfulConversion],
		['FirstPromoter', firstPromoterConversion],
	] as const)('%s', async (_label, fact) => {
		const double = getDouble();
		const byWebhook = { ...fact.byWebhook(), affiliate: { email: 'jane@example.com' } };
		const byPull = { ...fact.byPull(), affiliate: { email: 'jane@example.com' } };
		for (const item of [byWebhook, byPull]) {
			const { error } = await runNode({
				nodeType: new KlaviyoUpsertAffiliateProfile(),
				parameters: { authentication: 'apiKey', mergeMode: 'fillEmpty', ...totals },
				items: [item],
				credentials: [apiKeyCredential(double)],
			});
			expect(error).toBeUndefined();
		}
		const profile = double.state().profiles.find((candidate) => candidate.attributes.email === 'jane@example.com')!;
		expect(profile.attributes.properties['Affiliate Number of Successful Referrals']).toBe(1);
	});
});

describe('Track version 3: From the Event takes the only person an event names, and never guesses between two', () => {
	const referral = (people: IDataObject) => ({ id: 'generic:msg_1', factId: null, platform: 'okendo', type: 'coupon.issued', occurredAt: '2026-03-07T08:00:00Z', referral: { id: 'ref_1', actor: null, ...people } });
	const emailOf = (double: KlaviyoDouble) => double.state().events.map((e) => double.state().profiles.find((p) => p.id === e.profile_id)?.attributes.email);

	test.each([
		['only the recipient', { recipientEmail: 'rob@example.com' }, 'rob@example.com'],
		['only the referrer', { referrerEmail: 'rita@example.com' }, 'rita@example.com'],
	])('%s named: the event goes on them', async (_label, people, email) => {
		const double = getDouble();
		const { error } = await runTrack(double, 3, { event: 'receivedReferralCoupon' }, [referral(people)]);
		expect(error).toBeUndefined();
		expect(emailOf(double)).toEqual([email]);
	});

	test('a custom metric on an event with the affiliate and the recipient, and no role: fails rather than guess', async () => {
		const double = getDouble();
		const item = { ...referral({ recipientEmail: 'rob@example.com' }), affiliate: { email: 'aff@example.com' } };
		const { error } = await runTrack(double, 3, { event: 'custom', metricName: 'Referral Reward' }, [item]);
		expect(error?.message).toMatch(/names both the referrer and the recipient.*customer_role/);
		expect(double.state().events).toHaveLength(0);
	});

	test('a custom metric on an affiliate event (no recipient) goes on the affiliate', async () => {
		const double = getDouble();
		const { error } = await runTrack(double, 3, { event: 'custom', metricName: 'Affiliate Welcome' }, [{ id: 'x', platform: 'okendo', affiliate: { email: 'aff@example.com' } }]);
		expect(error).toBeUndefined();
		expect(emailOf(double)).toEqual(['aff@example.com']);
	});

	test('a metric that is one person’s by definition (Sent Referral → referrer) keeps working', async () => {
		const double = getDouble();
		const { error } = await runTrack(double, 3, { event: 'sentReferral' }, [referral({ referrerEmail: 'rita@example.com', recipientEmail: 'rob@example.com' })]);
		expect(error).toBeUndefined();
		expect(emailOf(double)).toEqual(['rita@example.com']);
	});
});

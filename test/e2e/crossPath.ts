import { createHmac, randomUUID } from 'node:crypto';
import { join } from 'node:path';

import { deriveEventUniqueId } from '../../nodes/shared/domain';
import type { KlaviyoDouble } from '../double/types';
import type { FirstPromoterDouble } from '../platformDoubles/firstpromoter';
import { seedReferrals } from '../platformDoubles/seed';
import type { Checks } from './checks';
import { post, type SignedDelivery } from './deliveries';
import { EXAMPLE_LIST_ID, webhookUrl } from './exampleSetup';
import type { N8nInstance } from './n8nInstance';

/**
 * One fact, one Klaviyo event, whichever path brought it: FirstPromoter's approval and conversion webhooks reach a
 * webhook workflow first, then the nightly reconcile (example 10) reads the same promoter and referral from
 * FirstPromoter's API. Klaviyo must hold one *Affiliate Approved* and one *Affiliate Conversion* for them, and the
 * referral counted once.
 */
export const FIRSTPROMOTER_SIGNING_SECRET = 'e2e-firstpromoter-signing-secret';
export const FIRSTPROMOTER_SECRET_CREDENTIAL = {
	id: 'fpSigningSecret1',
	name: 'FirstPromoter signing secret',
	type: 'affiliateWebhookSecretApi',
	data: { secret: FIRSTPROMOTER_SIGNING_SECRET },
};
const WORKFLOW_ID = 'e2eFpWebhooks011';
const WEBHOOKS = { approved: '5f1a0021-0000-4000-8000-00000000e221', conversion: '5f1a0022-0000-4000-8000-00000000e222' };

const P = 'n8n-nodes-klaviyo-affiliates.';
const KLAVIYO = { klaviyoApi: { id: 'klaviyoKeyCred01', name: 'Klaviyo (private key)' } };

/**
 * The webhook side, as a user would build it next to example 10: an approval trigger → Upsert → Add to List, and →
 * Track *Affiliate Approved*; a conversion trigger → Upsert with referral totals, and → Track *Affiliate Conversion*.
 * Nothing is mapped: every node reads the trigger's event.
 */
function webhookWorkflow(): object {
	let n = 0;
	const node = (name: string, type: string, typeVersion: number, parameters: object, extra: object = {}) => ({
		id: `e2e00011-${String(++n).padStart(4, '0')}-4000-8000-000000000000`,
		name,
		type: `${P}${type}`,
		typeVersion,
		position: [n * 200, 0],
		parameters,
		...extra,
	});
	const trigger = (name: string, event: string, webhookId: string) =>
		node(name, 'affiliateWebhookTrigger', 2, { platform: 'firstpromoter', scheme: 'platform', events: [event], options: {} }, {
			webhookId,
			credentials: { affiliateWebhookSecretApi: { id: FIRSTPROMOTER_SECRET_CREDENTIAL.id, name: FIRSTPROMOTER_SECRET_CREDENTIAL.name } },
		});
	const klaviyo = (name: string, type: string, typeVersion: number, parameters: object) =>
		node(name, type, typeVersion, { authentication: 'apiKey', options: {}, ...parameters }, { credentials: KLAVIYO });
	const nodes = [
		trigger('FirstPromoter: Approved', 'affiliate.approved', WEBHOOKS.approved),
		klaviyo('Upsert Affiliate', 'klaviyoUpsertAffiliateProfile', 2, { mergeMode: 'fillEmpty' }),
		klaviyo('Add to List', 'klaviyoAddToList', 1, { list: { __rl: true, mode: 'id', value: EXAMPLE_LIST_ID }, action: 'add' }),
		klaviyo('Approved Event', 'klaviyoTrackReferralEvent', 3, { event: 'affiliateApproved' }),
		trigger('FirstPromoter: Conversion', 'conversion.created', WEBHOOKS.conversion),
		klaviyo('Count Referral', 'klaviyoUpsertAffiliateProfile', 2, { mergeMode: 'fillEmpty', referralTotals: true }),
		klaviyo('Conversion Event', 'klaviyoTrackReferralEvent', 3, { event: 'affiliateConversion' }),
	];
	const to = (...targets: string[]) => ({ main: [targets.map((target) => ({ node: target, type: 'main', index: 0 }))] });
	return {
		id: WORKFLOW_ID,
		name: 'FirstPromoter webhooks (e2e)',
		active: false,
		nodes,
		connections: {
			'FirstPromoter: Approved': to('Upsert Affiliate', 'Approved Event'),
			'Upsert Affiliate': to('Add to List'),
			'FirstPromoter: Conversion': to('Count Referral', 'Conversion Event'),
		},
		settings: { executionOrder: 'v1' },
	};
}

/** FirstPromoter v2's envelope (https://docs.firstpromoter.com/webhooks-v2/payload), signed as the trigger checks it. */
function firstPromoterDelivery(eventType: string, entityType: string, data: Record<string, unknown>, changes: object): SignedDelivery {
	const body = JSON.stringify({
		event_id: randomUUID(),
		event_type: eventType,
		action: 'updated',
		entity_type: entityType,
		entity_id: data.id,
		changes,
		data,
		timestamp: new Date().toISOString(),
	});
	const signature = createHmac('sha256', FIRSTPROMOTER_SIGNING_SECRET).update(body).digest('hex');
	return { headers: { 'content-type': 'application/json', 'X-Webhook-Signature': signature }, body };
}

export interface CrossPathFacts {
	promoterEmail: string;
	referralId: number;
	referrerEmail: string;
}

/** Imports and activates the webhook workflow (n8n not running yet). */
export async function importWebhookWorkflow(n8n: N8nInstance): Promise<void> {
	const file = join(n8n.userFolder, 'fp-webhooks.json');
	n8n.writeJson('fp-webhooks.json', webhookWorkflow());
	await n8n.cli(['import:workflow', `--input=${file}`]);
	await n8n.cli(['update:workflow', `--id=${WORKFLOW_ID}`, '--active=true']);
}

/** With n8n running: an approved promoter's approval and a converted referral's conversion, each by webhook. */
export async function deliverByWebhook(n8n: N8nInstance, firstPromoter: FirstPromoterDouble, klaviyo: KlaviyoDouble, checks: Checks): Promise<CrossPathFacts> {
	const promoter = firstPromoter.promoters().find((candidate) => candidate.promoter_campaigns[0].state === 'accepted')!;
	const campaign = promoter.promoter_campaigns[0];
	const approval = firstPromoterDelivery(
		'promoter_campaign.accepted',
		'promoter_campaign',
		{ ...campaign, promoter: { id: promoter.id, email: promoter.email, name: promoter.name } },
		{ state: ['pending', 'accepted'] },
	);
	// Two more conversions for the affiliate of the first seeded referral, so its count has others to add up with.
	const accepted = firstPromoter.promoters().filter((candidate) => candidate.promoter_campaigns[0].state === 'accepted').length;
	const extra = [1, 2].map((n) => ({ ...seedReferrals(1)[0], index: n * accepted, email: `repeat${n}@example.net` }));
	const [referral] = firstPromoter.addReferrals(extra);
	const conversion = firstPromoterDelivery('referral.converted', 'referral', referral, { state: ['signup', 'active'] });
	await untilRegistered(webhookUrl(n8n, WEBHOOKS.conversion));
	const answers = [await post(webhookUrl(n8n, WEBHOOKS.approved), approval), await post(webhookUrl(n8n, WEBHOOKS.conversion), conversion)];
	checks.ok('FirstPromoter webhooks: an approval and a conversion, signed, both answered 200', answers.every((answer) => answer.status === 200), JSON.stringify(answers));
	const referrerEmail = (referral.promoter_campaign as { promoter: { email: string } }).promoter.email;
	const facts = { promoterEmail: promoter.email, referralId: referral.id, referrerEmail };
	await waitFor(() => eventsOf(klaviyo, 'Affiliate Conversion', referrerEmail).length === 1 && eventsOf(klaviyo, 'Affiliate Approved', promoter.email).length === 1);
	checks.ok('FirstPromoter webhooks: one Affiliate Approved and one Affiliate Conversion in Klaviyo', true);
	return facts;
}

/**
 * n8n 2.x answers its health check before it has registered the active workflows' webhooks: probe with an unsigned
 * request (refused with 401, it starts nothing) until the URL is no longer unknown.
 */
async function untilRegistered(url: string, timeoutMs = 60_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while ((await post(url, { headers: { 'content-type': 'application/json' }, body: '{}' })).status === 404) {
		if (Date.now() > deadline) throw new Error(`${url} was never registered`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

async function waitFor(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error('the webhook workflow did not record its events in time');
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

function eventsOf(klaviyo: KlaviyoDouble, metric: string, email: string) {
	const state = klaviyo.state();
	const profile = state.profiles.find((candidate) => candidate.attributes.email === email);
	return state.events.filter((event) => event.metric === metric && event.profile_id === profile?.id);
}

/** After the reconcile read the same promoter and referral: still one event each, the referral counted once. */
export function checkOneEventPerFact(klaviyo: KlaviyoDouble, firstPromoter: FirstPromoterDouble, facts: CrossPathFacts, checks: Checks, when: string): void {
	const approvals = eventsOf(klaviyo, 'Affiliate Approved', facts.promoterEmail);
	checks.ok(`${when}: the approval received by webhook and pulled again is one Affiliate Approved event (the welcome fires once)`, approvals.length === 1, `${approvals.length}`);
	const uniqueId = deriveEventUniqueId({ platform: 'firstpromoter', sourceEventId: `firstpromoter:conversion:${facts.referralId}:created`, metric: 'Affiliate Conversion', role: 'affiliate' });
	const conversions = klaviyo.state().events.filter((event) => event.metric === 'Affiliate Conversion' && event.unique_id === uniqueId);
	checks.ok(`${when}: the conversion received by webhook and pulled again is one Affiliate Conversion event`, conversions.length === 1, `${conversions.length}`);
	const profile = klaviyo.state().profiles.find((candidate) => candidate.attributes.email === facts.referrerEmail)!;
	const promoterOf = (referral: Record<string, unknown>) => (referral.promoter_campaign as { promoter: { email: string } }).promoter.email;
	const converted = firstPromoter.referrals().filter((referral) => referral.customer_since !== null && promoterOf(referral) === facts.referrerEmail);
	const counted = profile.attributes.properties['Affiliate Counted Referral IDs'] as unknown[];
	if (converted.length < 2) throw new Error('the cross-path check needs an affiliate with several conversions');
	checks.ok(
		`${when}: the referral is counted once (the affiliate's ${converted.length} conversions, each once)`,
		profile.attributes.properties['Affiliate Number of Successful Referrals'] === converted.length &&
			counted.filter((id) => String(id) === String(facts.referralId)).length === 1,
		JSON.stringify(profile.attributes.properties),
	);
}

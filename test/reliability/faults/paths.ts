import type { IDataObject, INodeExecutionData, INodeParameters, INodeType } from 'n8n-workflow';

import { KlaviyoAddToList } from '../../../nodes/KlaviyoAddToList/KlaviyoAddToList.node';
import { KlaviyoTrackReferralEvent } from '../../../nodes/KlaviyoTrackReferralEvent/KlaviyoTrackReferralEvent.node';
import { KlaviyoUpsertAffiliateProfile } from '../../../nodes/KlaviyoUpsertAffiliateProfile/KlaviyoUpsertAffiliateProfile.node';
import type { DoubleState, KlaviyoDouble, StateProfile } from '../../double/types';

/**
 * One way through a node to Klaviyo: the node, its parameters, three input items, the operation that writes, and
 * how to read the double's state back — which success outputs it does not show (lost) and which records it holds
 * more than once (duplicated).
 */
export interface NodePath {
	id: string;
	nodeType: INodeType;
	parameters: INodeParameters;
	items: IDataObject[];
	/** Output items per input item: 2 in Track Event's referrer-and-recipient mode. */
	outputsPerItem: number;
	/** The operation that writes; faults go here first. */
	write: string;
	/** Reads on the way, faulted in some cases too. */
	reads: string[];
	seed?: (double: KlaviyoDouble) => void;
	/** Success outputs the state does not bear out, as readable strings. */
	missing: (state: DoubleState, outputs: INodeExecutionData[]) => string[];
	/** Records the state holds more than once. */
	duplicated: (state: DoubleState) => string[];
	/**
	 * The slow answer of the timeout fault. On the event paths without a unique id it is over a second longer than
	 * the transport's timeout, so the late original and the retry land in different seconds — where Klaviyo's
	 * fallback de-duplication (time to the second) cannot merge them unless the node sent the time itself.
	 */
	slowAnswerMs: number;
}

export const LIST_ID = 'Xk3Nws';

const AFFILIATES = [
	{ email: 'ann@example.com', first_name: 'Ann', referral_link: 'https://shop.example/r/ann', coupon_code: 'ANN10', affiliate_id: 'A-1' },
	{ email: 'bo@example.com', first_name: 'Bo', referral_link: 'https://shop.example/r/bo', coupon_code: 'BO10', affiliate_id: 'A-2' },
	{ email: 'cy@example.com', phone: '+15555550101', first_name: 'Cy', referral_link: 'https://shop.example/r/cy', coupon_code: 'CY10', affiliate_id: 'A-3' },
];

/** Ann is already in Klaviyo, so every path meets an existing profile as well as new ones. */
const seedAnn = (double: KlaviyoDouble) =>
	double.seed({ profiles: [{ id: 'ANN', attributes: { email: 'ann@example.com', first_name: 'Ann', properties: { plan: 'pro' } } }] });

const isError = (output: INodeExecutionData) => output.error !== undefined;
const itemOf = (output: INodeExecutionData) => (output.pairedItem as { item: number }).item;
const byEmail = (state: DoubleState, email: unknown): StateProfile | undefined =>
	typeof email === 'string' ? state.profiles.find((profile) => profile.attributes.email === email.toLowerCase()) : undefined;

function repeated(keys: string[], what: string): string[] {
	const counts = new Map<string, number>();
	for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
	return [...counts].filter(([, count]) => count > 1).map(([key, count]) => `${what} ${key} ×${count}`);
}

/** Profiles: each identifier once, and no more profiles than people. */
function duplicatedProfiles(state: DoubleState, people: number): string[] {
	const problems = [
		...repeated(state.profiles.flatMap((p) => (p.attributes.email ? [p.attributes.email] : [])), 'profile email'),
		...repeated(state.profiles.flatMap((p) => (p.attributes.phone_number ? [p.attributes.phone_number] : [])), 'profile phone'),
	];
	if (state.profiles.length > people) problems.push(`${state.profiles.length} profiles for ${people} people`);
	return problems;
}

/** Events: one per profile, metric and unique id (Klaviyo's rule), and one per profile, metric and order. */
function duplicatedEvents(state: DoubleState): string[] {
	return [
		...repeated(state.events.map((e) => JSON.stringify([e.profile_id, e.metric, e.unique_id])), 'event'),
		...repeated(state.events.map((e) => JSON.stringify([e.profile_id, e.metric, e.properties['Order ID'] ?? null])), 'event for order'),
	];
}

function upsertPath(id: string, options: INodeParameters, write: string, reads: string[]): NodePath {
	return {
		id,
		nodeType: new KlaviyoUpsertAffiliateProfile(),
		parameters: { options },
		items: AFFILIATES,
		outputsPerItem: 1,
		write,
		reads,
		seed: seedAnn,
		missing: (state, outputs) =>
			outputs.filter((output) => !isError(output)).flatMap((output) => {
				const item = AFFILIATES[itemOf(output)];
				const profile = byEmail(state, item.email);
				const link = profile?.attributes.properties['Affiliate Referral Link'];
				return link === item.referral_link ? [] : [`${item.email}: reported ${String(output.json.status)}, Klaviyo has link ${String(link)}`];
			}),
		duplicated: (state) => duplicatedProfiles(state, AFFILIATES.length),
		slowAnswerMs: 800,
	};
}

function listPath(id: string, parameters: INodeParameters, write: string, reads: string[]): NodePath {
	return {
		id,
		nodeType: new KlaviyoAddToList(),
		parameters: { list: { __rl: true, mode: 'id', value: LIST_ID }, ...parameters },
		items: AFFILIATES.map(({ email }) => ({ email })),
		outputsPerItem: 1,
		write,
		reads,
		seed: seedAnn,
		missing: (state, outputs) => {
			const list = state.lists.find((candidate) => candidate.id === LIST_ID);
			return outputs.filter((output) => !isError(output)).flatMap((output) => {
				const profile = byEmail(state, AFFILIATES[itemOf(output)].email);
				const member = profile !== undefined && list?.members.includes(profile.id);
				const subscribed = parameters.action !== 'subscribe' || profile?.subscriptions.email.marketing.consent === 'SUBSCRIBED';
				return member && subscribed ? [] : [`${AFFILIATES[itemOf(output)].email}: reported ${String(output.json.status)}, not so in Klaviyo`];
			});
		},
		duplicated: (state) => [
			...duplicatedProfiles(state, AFFILIATES.length),
			...state.lists.flatMap((list) => [...repeated(list.members, `member of ${list.id}`), ...repeated(list.pending.map((p) => p.profile_id), `pending on ${list.id}`)]),
		],
		slowAnswerMs: 800,
	};
}

/** A conversion as the Affiliate Webhook Trigger emits it. */
function conversion(n: number): IDataObject {
	return {
		id: `evt-${n}`,
		platform: 'refersion',
		type: 'conversion.created',
		occurredAt: `2026-03-01T10:00:0${n}Z`,
		affiliate: { id: `A-${n}`, email: `aff${n}@example.com`, referralLink: `https://shop.example/r/${n}` },
		conversion: { id: `c${n}`, orderId: `ORD-${n}`, amount: 59, commission: 5.9, currency: 'USD' },
	};
}

function referral(n: number): IDataObject {
	return {
		id: `ref-${n}`,
		platform: 'okendo',
		occurredAt: `2026-03-02T08:00:0${n}Z`,
		referral: { referrerEmail: `rita${n}@example.com`, recipientEmail: `rob${n}@example.com`, couponCode: `WELCOME${n}`, orderId: `R-${n}` },
	};
}

function trackPath(id: string, parameters: INodeParameters, items: IDataObject[], write: string, outputsPerItem = 1): NodePath {
	return {
		id,
		nodeType: new KlaviyoTrackReferralEvent(),
		parameters,
		items,
		outputsPerItem,
		write,
		reads: [],
		missing: (state, outputs) =>
			outputs.filter((output) => !isError(output)).flatMap((output) => {
				const profile = byEmail(state, output.json.email);
				const found = state.events.filter(
					(event) =>
						event.profile_id === profile?.id &&
						event.metric === output.json.metric &&
						(output.json.uniqueId === null || event.unique_id === output.json.uniqueId),
				);
				return found.length > 0 ? [] : [`${String(output.json.email)}: reported ${String(output.json.status)}, no such event in Klaviyo`];
			}),
		duplicated: duplicatedEvents,
		slowAnswerMs: 1_500,
	};
}

const withoutSourceIds = [1, 2, 3].map((n) => ({ email: `dee${n}@example.com`, order_id: `N-${n}`, amount: 20 }));

export const NODE_PATHS: NodePath[] = [
	upsertPath('upsert per item', { batchMode: 'perItem' }, 'create_or_update_profile', ['get_profiles']),
	upsertPath('upsert bulk import job', { batchMode: 'bulk', bulkPollIntervalMs: 20 }, 'bulk_import_profiles', [
		'get_profiles',
		'get_bulk_import_profiles_job',
		'get_errors_for_bulk_import_profiles_job',
	]),
	listPath('add to list', { action: 'add' }, 'add_profiles_to_list', ['get_list', 'get_profiles', 'create_or_update_profile']),
	listPath('add to list and subscribe', { action: 'subscribe', channels: ['emailMarketing'] }, 'bulk_subscribe_profiles', ['get_list']),
	trackPath('track event per event', { event: 'affiliateConversion', options: { batchMode: 'perEvent' } }, [1, 2, 3].map(conversion), 'create_event'),
	trackPath('track event bulk', { event: 'affiliateConversion', options: { batchMode: 'bulk' } }, [1, 2, 3].map(conversion), 'bulk_create_events'),
	trackPath(
		'track event referrer and recipient',
		{ event: 'receivedReferralCoupon', role: 'both', options: { batchMode: 'perEvent' } },
		[1, 2, 3].map(referral),
		'create_event',
		2,
	),
	trackPath(
		'track event per event without unique id',
		{ event: 'affiliateConversion', uniqueIdMode: 'none', options: { batchMode: 'perEvent' } },
		withoutSourceIds,
		'create_event',
	),
	trackPath(
		'track event bulk without unique id',
		{ event: 'affiliateConversion', uniqueIdMode: 'none', options: { batchMode: 'bulk' } },
		withoutSourceIds,
		'bulk_create_events',
	),
];

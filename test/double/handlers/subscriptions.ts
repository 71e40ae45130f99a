import { clock } from '../clock';
import { invalidPointer, notFound } from '../errors';
import { INVALID_PHONE, identifierFormatError, isE164 } from '../profileModel';
import { Store, StoredJob } from '../state';
import { ChannelConsent, StateList, StateProfile, SubscriptionChannel } from '../types';
import { queueJob } from './jobs';
import { Handler, HandlerContext, JsonObject, TIER_L, arr, obj } from './types';

/** The channels the double models; whatsapp, push and open_tracking are accepted by the schema and ignored. */
const CHANNELS: Array<{ channel: SubscriptionChannel; path: [string, string] }> = [
	{ channel: 'email.marketing', path: ['email', 'marketing'] },
	{ channel: 'sms.marketing', path: ['sms', 'marketing'] },
	{ channel: 'sms.transactional', path: ['sms', 'transactional'] },
];

function channelsIn(subscriptions: JsonObject): Array<{ channel: SubscriptionChannel; params: JsonObject; path: string }> {
	return CHANNELS.filter(({ path }) => obj(subscriptions[path[0]])[path[1]] !== undefined).map(({ channel, path }) => ({
		channel,
		params: obj(obj(subscriptions[path[0]])[path[1]]),
		path: `subscriptions/${path[0]}/${path[1]}`,
	}));
}

function consentOf(profile: StateProfile, channel: SubscriptionChannel): ChannelConsent {
	const s = profile.subscriptions;
	return channel === 'email.marketing' ? s.email.marketing : channel === 'sms.marketing' ? s.sms.marketing : s.sms.transactional;
}

function listFromRelationship(store: Store, body: JsonObject): StateList | null {
	const id = obj(obj(obj(obj(body.data).relationships).list).data).id;
	if (typeof id !== 'string') return null;
	const list = store.list(id);
	// The list is a related resource named in the body: JSON:API answers an unknown one with 404.
	if (!list) throw notFound(`A list with id '${id}' does not exist.`, { pointer: '/data/relationships/list/data/id' });
	return list;
}

/** Checks of one subscribe/unsubscribe profile that Klaviyo makes before accepting the job (400 otherwise). */
function checkProfile(attributes: JsonObject, base: string, channels: ReturnType<typeof channelsIn>): void {
	const formatError = identifierFormatError(attributes, base);
	if (formatError) throw formatError;
	const hasSms = channels.some((c) => c.channel.startsWith('sms.'));
	const hasEmail = channels.some((c) => c.channel.startsWith('email.'));
	const phone = attributes.phone_number;
	if (hasSms && (typeof phone !== 'string' || phone === '')) {
		// Wording from klaviyo-api-node#95.
		throw invalidPointer(`${base}/phone_number`, "'phone_number' must not be empty when the sms channel is included in 'subscriptions'.");
	}
	if (hasSms && !isE164(phone as string)) throw invalidPointer(`${base}/phone_number`, INVALID_PHONE);
	if (hasEmail && (typeof attributes.email !== 'string' || attributes.email === '')) {
		throw invalidPointer(`${base}/email`, "'email' must not be empty when the email channel is included in 'subscriptions'.");
	}
	if (typeof attributes.email !== 'string' && typeof attributes.phone_number !== 'string') {
		throw invalidPointer(base, 'Each profile needs an email or a phone_number.');
	}
}

/**
 * historical_import: "the consented_at field is required and must be in the past"; without the flag consented_at is
 * rejected (OAS bulk_subscribe_profiles). The detail follows the wording in community thread 17405.
 */
function checkConsentedAt(channels: ReturnType<typeof channelsIn>, base: string, historical: boolean, now: number): void {
	for (const { channel, params, path } of channels) {
		const pointer = `${base}/${path}/consented_at`;
		const consentedAt = params.consented_at;
		if (!historical) {
			if (consentedAt !== undefined && consentedAt !== null) {
				throw invalidPointer(pointer, "'consented_at' can only be set when 'historical_import' is true.");
			}
			continue;
		}
		const at = typeof consentedAt === 'string' ? Date.parse(consentedAt) : NaN;
		if (Number.isNaN(at) || at > now) {
			throw invalidPointer(pointer, `Historical ${channel.split('.')[0]} subscription does not have a valid consented_at timestamp.`);
		}
	}
}

function subscribedConsent(method_detail: string | null, consentedAt: string, doubleOptin: boolean, historical: boolean): ChannelConsent {
	return { consent: 'SUBSCRIBED', consented_at: consentedAt, method: 'API', method_detail, double_optin: doubleOptin, historical_import: historical, last_updated: clock.iso() };
}

/** Finds the profile by id, email, then phone, creating it when none matches; sets identifiers it lacks. */
function findOrCreate(store: Store, id: unknown, attributes: JsonObject): StateProfile {
	let profile = typeof id === 'string' ? store.profile(id) : undefined;
	profile ??= typeof attributes.email === 'string' ? store.findByIdentifier('email', attributes.email) : undefined;
	profile ??= typeof attributes.phone_number === 'string' ? store.findByIdentifier('phone_number', attributes.phone_number) : undefined;
	profile ??= store.createProfile();
	for (const key of ['email', 'phone_number'] as const) {
		const value = attributes[key];
		if (typeof value !== 'string' || store.identifierOf(profile, key) !== null) continue;
		if (!store.findByIdentifier(key, value)) store.setIdentifier(profile, key, value);
	}
	return profile;
}

/** Subscribing lifts UNSUBSCRIBE, SPAM_REPORT and USER_SUPPRESSED suppressions (OAS bulk_subscribe_profiles). */
function liftSuppressions(profile: StateProfile, listId: string | null): void {
	const s = profile.subscriptions;
	s.email_suppressions = s.email_suppressions.filter((x) => !['UNSUBSCRIBE', 'SPAM_REPORT', 'USER_SUPPRESSED'].includes(x.reason));
	if (listId) s.email_list_suppressions = s.email_list_suppressions.filter((x) => x.list_id !== listId);
}

interface Subscription {
	channels: SubscriptionChannel[];
	list: StateList | null;
	/** custom_source, shown as the consent's method_detail. */
	detail: string | null;
	consentedAt?: Partial<Record<SubscriptionChannel, string>>;
	historical?: boolean;
	doubleOptin?: boolean;
}

/** Consent SUBSCRIBED on each channel, membership of the list (if any), suppressions lifted. */
function subscribe(store: Store, profile: StateProfile, s: Subscription): void {
	const { channels, list } = s;
	for (const channel of channels) {
		Object.assign(consentOf(profile, channel), subscribedConsent(s.detail, s.consentedAt?.[channel] ?? clock.iso(), s.doubleOptin ?? false, s.historical ?? false));
	}
	if (channels.includes('email.marketing')) liftSuppressions(profile, list?.id ?? null);
	if (list) {
		store.addMember(list, profile.id);
		list.pending = list.pending.filter((p) => p.profile_id !== profile.id);
	}
	profile.updated = clock.iso();
}

function processSubscribeJob(store: Store, job: StoredJob): void {
	const body = obj(job.payload);
	const attributes = obj(obj(body.data).attributes);
	const historical = attributes.historical_import === true;
	const detail = typeof attributes.custom_source === 'string' ? attributes.custom_source : null;
	const listId = job.list_ids[0];
	const list = listId ? store.list(listId) ?? null : null;
	for (const item of arr(obj(attributes.profiles).data)) {
		const profileAttributes = obj(obj(item).attributes);
		const channels = channelsIn(obj(profileAttributes.subscriptions));
		const profile = findOrCreate(store, obj(item).id, profileAttributes);
		job.profile_ids.push(profile.id);
		const consentedAt = Object.fromEntries(channels.map((c) => [c.channel, c.params.consented_at as string]).filter(([, at]) => typeof at === 'string'));
		const names = channels.map((c) => c.channel);
		// Double opt-in lists hold the profile until it confirms; historical imports bypass that (OAS). A member
		// already subscribed on every channel asked for has nothing left to confirm.
		const alreadyIn = !!list && list.members.includes(profile.id) && names.every((c) => consentOf(profile, c).consent === 'SUBSCRIBED');
		if (list?.opt_in_process === 'double_opt_in' && !historical && !alreadyIn) {
			const earlier = list.pending.find((p) => p.profile_id === profile.id);
			if (earlier) earlier.channels = [...new Set([...earlier.channels, ...names])];
			else list.pending.push({ profile_id: profile.id, channels: names, requested_at: clock.iso(), custom_source: detail });
		} else {
			subscribe(store, profile, { channels: names, list, detail, consentedAt, historical });
		}
	}
	job.completed_count = job.profile_ids.length;
}

/** Simulates the confirmation clicks of pending double opt-ins; returns how many profiles became subscribed. */
export function confirmPendingSubscriptions(store: Store, listId?: string): number {
	let confirmed = 0;
	for (const list of store.lists()) {
		if (listId && list.id !== listId) continue;
		for (const pending of [...list.pending]) {
			const profile = store.profile(pending.profile_id);
			if (!profile) continue;
			subscribe(store, profile, { channels: pending.channels, list, detail: pending.custom_source, doubleOptin: true });
			confirmed += 1;
		}
	}
	return confirmed;
}

/** At most 1000 profiles per subscribe call, 100 per unsubscribe call (OAS). */
const SUBSCRIBE_LIMIT = 1000;
const UNSUBSCRIBE_LIMIT = 100;

function acceptJob(ctx: HandlerContext, limit: number, historicalAllowed: boolean): { list: StateList | null; count: number } {
	const body = obj(ctx.body);
	const attributes = obj(obj(body.data).attributes);
	const profiles = arr(obj(attributes.profiles).data);
	if (profiles.length > limit) throw invalidPointer('/data/attributes/profiles/data', `At most ${limit} profiles can be sent per call; got ${profiles.length}.`);
	const list = listFromRelationship(ctx.store, body);
	const historical = historicalAllowed && attributes.historical_import === true;
	profiles.forEach((item, i) => {
		const base = `/data/attributes/profiles/data/${i}/attributes`;
		const profileAttributes = obj(obj(item).attributes);
		const channels = channelsIn(obj(profileAttributes.subscriptions));
		checkProfile(profileAttributes, base, channels);
		if (historicalAllowed) checkConsentedAt(channels, base, historical, ctx.now);
		const id = obj(item).id;
		if (typeof id === 'string' && !ctx.store.profile(id)) throw notFound(`A profile with id '${id}' does not exist.`, { pointer: `/data/attributes/profiles/data/${i}/id` });
	});
	return { list, count: profiles.length };
}

export const bulkSubscribeProfiles: Handler = {
	operationId: 'bulk_subscribe_profiles',
	method: 'POST',
	path: '/api/profile-subscription-bulk-create-jobs',
	fallbackTier: TIER_L,
	handle(ctx) {
		const { list, count } = acceptJob(ctx, SUBSCRIBE_LIMIT, true);
		queueJob(ctx, 'profile-subscription-bulk-create-job', count, ctx.body, list ? [list.id] : []);
		return { status: 202 };
	},
};

/**
 * Unsubscribing with a list removes members of that list from it (a list suppression for email); profiles not in
 * the list are unsubscribed globally — the footgun the OAS warns about.
 */
function processUnsubscribeJob(store: Store, job: StoredJob): void {
	const attributes = obj(obj(obj(job.payload).data).attributes);
	const list = job.list_ids[0] ? store.list(job.list_ids[0]) ?? null : null;
	const now = clock.iso();
	for (const item of arr(obj(attributes.profiles).data)) {
		const profileAttributes = obj(obj(item).attributes);
		const channels = channelsIn(obj(profileAttributes.subscriptions)).map((c) => c.channel);
		const profile = findOrCreate(store, undefined, profileAttributes);
		job.profile_ids.push(profile.id);
		for (const l of store.lists()) l.pending = l.pending.filter((p) => p.profile_id !== profile.id);
		if (list && list.members.includes(profile.id)) {
			store.removeMember(list, profile.id);
			if (channels.includes('email.marketing')) profile.subscriptions.email_list_suppressions.push({ list_id: list.id, reason: 'USER_SUPPRESSED', timestamp: now });
		} else {
			for (const channel of channels) Object.assign(consentOf(profile, channel), { consent: 'UNSUBSCRIBED', method: 'API', last_updated: now, double_optin: null });
			if (channels.includes('email.marketing')) profile.subscriptions.email_suppressions.push({ reason: 'UNSUBSCRIBE', timestamp: now });
		}
		profile.updated = now;
	}
	job.completed_count = job.profile_ids.length;
}

export const bulkUnsubscribeProfiles: Handler = {
	operationId: 'bulk_unsubscribe_profiles',
	method: 'POST',
	path: '/api/profile-subscription-bulk-delete-jobs',
	fallbackTier: TIER_L,
	handle(ctx) {
		const { list, count } = acceptJob(ctx, UNSUBSCRIBE_LIMIT, false);
		queueJob(ctx, 'profile-subscription-bulk-delete-job', count, ctx.body, list ? [list.id] : []);
		return { status: 202 };
	},
};

export const subscriptionJobProcessors = {
	'profile-subscription-bulk-create-job': processSubscribeJob,
	'profile-subscription-bulk-delete-job': processUnsubscribeJob,
};

import { Store } from './state';
import { ChannelConsent, StateList, StateProfile } from './types';

/**
 * JSON:API resources as Klaviyo renders them. Links are absolute and end in a slash, like Klaviyo's
 * (`https://a.klaviyo.com/api/profiles/01H…/`), so clients that follow them exercise the trailing-slash route.
 */
export function resourceUrl(baseUrl: string, ...segments: string[]): string {
	return `${baseUrl}/api/${segments.map(encodeURIComponent).join('/')}/`;
}

function relationshipLinks(baseUrl: string, type: string, id: string, relationship: string) {
	return {
		links: {
			self: resourceUrl(baseUrl, type, id, 'relationships', relationship),
			related: resourceUrl(baseUrl, type, id, relationship),
		},
	};
}

const LOCATION_KEYS = ['address1', 'address2', 'city', 'country', 'latitude', 'longitude', 'region', 'zip', 'timezone', 'ip'];

/** Keeps only the requested dotted paths (`fields[profile]=email,location.city`). */
export function pickFields(attributes: Record<string, unknown>, fields: string[] | undefined): Record<string, unknown> {
	if (!fields) return attributes;
	const out: Record<string, unknown> = {};
	for (const field of fields) {
		const parts = field.split('.');
		let source: unknown = attributes;
		let target = out;
		for (let i = 0; i < parts.length; i++) {
			if (source === null || typeof source !== 'object' || !(parts[i] in (source as object))) break;
			source = (source as Record<string, unknown>)[parts[i]];
			if (i === parts.length - 1 || source === null || typeof source !== 'object') {
				target[parts[i]] = structuredClone(source);
				break;
			}
			target = (target[parts[i]] ??= {}) as Record<string, unknown>;
		}
	}
	return out;
}

function channelView(consent: ChannelConsent, canReceiveKey: string, canReceive: boolean) {
	return {
		[canReceiveKey]: canReceive,
		consent: consent.consent,
		consent_timestamp: consent.consented_at,
		method: consent.method,
		method_detail: consent.method_detail ?? '',
		last_updated: consent.last_updated,
	};
}

/** The `subscriptions` additional field (`additional-fields[profile]=subscriptions`). */
export function subscriptionsView(profile: StateProfile) {
	const s = profile.subscriptions;
	const emailSuppressed = s.email_suppressions.length > 0;
	return {
		email: {
			marketing: {
				...channelView(s.email.marketing, 'can_receive_email_marketing', s.email.marketing.consent === 'SUBSCRIBED' && !emailSuppressed),
				custom_method_detail: null,
				double_optin: s.email.marketing.double_optin,
				suppression: s.email_suppressions.map((x) => ({ ...x })),
				list_suppressions: s.email_list_suppressions.map((x) => ({ ...x })),
			},
		},
		sms: {
			marketing: channelView(s.sms.marketing, 'can_receive_sms_marketing', s.sms.marketing.consent === 'SUBSCRIBED'),
			transactional: channelView(s.sms.transactional, 'can_receive_sms_transactional', s.sms.transactional.consent === 'SUBSCRIBED'),
		},
	};
}

const PREDICTIVE_KEYS = [
	'average_days_between_orders', 'average_order_value', 'churn_probability', 'expected_date_of_next_order', 'historic_clv',
	'historic_number_of_orders', 'predicted_clv', 'predicted_number_of_orders', 'ranked_channel_affinity', 'total_clv',
];

export interface ProfileView {
	fields?: string[];
	additionalFields?: string[];
	/** The response schema of get_profile(s) also names a `conversations` relationship; the write answers do not. */
	withConversations?: boolean;
	/** Relationship data to embed, e.g. lists when `include=lists`. */
	embed?: Record<string, Array<{ type: string; id: string }>>;
}

export function profileResource(baseUrl: string, profile: StateProfile, view: ProfileView = {}) {
	const a = profile.attributes;
	const location: Record<string, unknown> = {};
	for (const key of LOCATION_KEYS) location[key] = a.location[key] ?? null;
	for (const [key, value] of Object.entries(a.location)) location[key] = value;
	let attributes: Record<string, unknown> = {
		email: a.email, phone_number: a.phone_number, external_id: a.external_id, first_name: a.first_name, last_name: a.last_name,
		organization: a.organization, locale: a.locale, title: a.title, image: a.image,
		created: profile.created, updated: profile.updated, last_event_date: profile.last_event_date,
		location, properties: structuredClone(a.properties),
	};
	if (view.additionalFields?.includes('subscriptions')) attributes.subscriptions = subscriptionsView(profile);
	if (view.additionalFields?.includes('predictive_analytics')) {
		attributes.predictive_analytics = Object.fromEntries(PREDICTIVE_KEYS.map((key) => [key, null]));
	}
	attributes = pickFields(attributes, view.fields);
	const relationshipNames = ['lists', 'segments', 'push-tokens', ...(view.withConversations ? ['conversations'] : [])];
	const relationships: Record<string, unknown> = {};
	for (const name of relationshipNames) {
		const data = view.embed?.[name];
		relationships[name] = { ...(data ? { data } : {}), ...relationshipLinks(baseUrl, 'profiles', profile.id, name) };
	}
	return { type: 'profile', id: profile.id, attributes, relationships, links: { self: resourceUrl(baseUrl, 'profiles', profile.id) } };
}

export interface ListView {
	fields?: string[];
	profileCount?: number;
	embed?: Record<string, Array<{ type: string; id: string }>>;
}

export function listResource(baseUrl: string, list: StateList, view: ListView = {}) {
	let attributes: Record<string, unknown> = { name: list.name, created: list.created, updated: list.updated, opt_in_process: list.opt_in_process };
	attributes = pickFields(attributes, view.fields);
	if (view.profileCount !== undefined) attributes.profile_count = view.profileCount;
	const relationships: Record<string, unknown> = {};
	for (const name of ['profiles', 'tags', 'flow-triggers']) {
		const data = view.embed?.[name];
		relationships[name] = { ...(data ? { data } : {}), ...relationshipLinks(baseUrl, 'lists', list.id, name) };
	}
	return { type: 'list', id: list.id, attributes, relationships, links: { self: resourceUrl(baseUrl, 'lists', list.id) } };
}

/** Relationship linkage of a profile's lists, for `include=lists`. */
export function listLinkage(store: Store, profileId: string): Array<{ type: string; id: string }> {
	return store.listsOf(profileId).map((list) => ({ type: 'list', id: list.id }));
}

import Ajv, { ValidateFunction } from 'ajv';
import { invalidParameter } from './errors';
import { BodyIssue, describeIssue } from './specValidator';

/**
 * The facts about Klaviyo's requests that the nodes rely on, written down here so the double still checks them when
 * Klaviyo's OpenAPI spec is absent (a newcomer's clone has no ../shared). They come from Klaviyo's API reference:
 * the JSON:API envelope and resource `type` of each write, the types of profile identifiers and attributes, the
 * closed set of profile attributes ("'x' is not a valid field for the resource 'profile'"), and page sizes.
 * With the spec present, the spec's full schemas are used instead, and the contract suite checks that every example
 * body of the spec passes these checks too, so they can never be stricter than Klaviyo.
 */

const text = { type: 'string' };
const nullableText = { type: ['string', 'null'] };
const object = { type: 'object' };

/** Klaviyo's profile attributes (the set is closed: any other key is refused). */
const PROFILE_ATTRIBUTES = {
	type: 'object',
	additionalProperties: false,
	properties: {
		email: nullableText,
		phone_number: nullableText,
		external_id: nullableText,
		anonymous_id: nullableText,
		_kx: nullableText,
		first_name: nullableText,
		last_name: nullableText,
		organization: nullableText,
		locale: nullableText,
		title: nullableText,
		image: nullableText,
		location: {
			type: ['object', 'null'],
			properties: {
				...Object.fromEntries(['address1', 'address2', 'city', 'country', 'region', 'zip', 'timezone', 'ip'].map((key) => [key, nullableText])),
				latitude: { type: ['string', 'number', 'null'] },
				longitude: { type: ['string', 'number', 'null'] },
			},
		},
		properties: { type: ['object', 'null'] },
		subscriptions: object,
		/** A profile inside an event carries its patch operations here. */
		meta: object,
	},
};

/** Patch operations on a profile's properties (`data.meta` of a profile write). */
const PROFILE_META = {
	type: 'object',
	properties: {
		patch_properties: {
			type: ['object', 'null'],
			properties: {
				append: { type: ['object', 'null'] },
				unappend: { type: ['object', 'null'] },
				unset: { type: ['string', 'array', 'null'], items: text },
			},
		},
	},
};

const consent = { type: 'object', properties: { consent: text, consented_at: nullableText } };
const SUBSCRIPTIONS = {
	type: 'object',
	properties: {
		email: { type: 'object', properties: { marketing: consent } },
		sms: { type: 'object', properties: { marketing: consent, transactional: consent } },
	},
};

const resource = (type: string, attributes: object = object, extra: Record<string, unknown> = {}) => ({
	type: 'object',
	required: ['type'],
	properties: { type: { const: type }, id: text, attributes, ...extra },
});

const envelope = (data: object) => ({ type: 'object', required: ['data'], properties: { data } });

const profileResource = resource('profile', PROFILE_ATTRIBUTES, { meta: PROFILE_META });
const profileRef = { type: 'object', required: ['type', 'id'], properties: { type: { const: 'profile' }, id: text } };
const listRelationship = { type: 'object', properties: { data: { type: 'object', properties: { type: { const: 'list' }, id: text } } } };

const EVENT_ATTRIBUTES = {
	type: 'object',
	required: ['properties', 'metric', 'profile'],
	properties: {
		properties: object,
		time: text,
		value: { type: ['number', 'null'] },
		value_currency: nullableText,
		unique_id: nullableText,
		metric: envelope(resource('metric', { type: 'object', required: ['name'], properties: { name: text } })),
		profile: envelope(profileResource),
	},
};

const subscriptionJob = (type: string) =>
	envelope(
		resource(
			type,
			{
				type: 'object',
				required: ['profiles'],
				properties: {
					profiles: envelope({ type: 'array', items: resource('profile', { type: 'object', properties: { email: text, phone_number: text, subscriptions: SUBSCRIPTIONS } }) }),
					custom_source: text,
					historical_import: { type: 'boolean' },
				},
			},
			{ relationships: { type: 'object', properties: { list: listRelationship } } },
		),
	);

const BODY_SCHEMAS: Record<string, object> = {
	create_profile: envelope(profileResource),
	create_or_update_profile: envelope(profileResource),
	update_profile: envelope(profileResource),
	create_event: envelope(resource('event', EVENT_ATTRIBUTES)),
	bulk_create_events: envelope(
		resource('event-bulk-create-job', {
			type: 'object',
			required: ['events-bulk-create'],
			properties: {
				'events-bulk-create': envelope({
					type: 'array',
					items: resource('event-bulk-create', {
						type: 'object',
						required: ['profile', 'events'],
						properties: {
							profile: envelope(profileResource),
							events: envelope({ type: 'array', items: resource('event', { ...EVENT_ATTRIBUTES, required: ['properties', 'metric'] }) }),
						},
					}),
				}),
			},
		}),
	),
	bulk_import_profiles: envelope(
		resource(
			'profile-bulk-import-job',
			{ type: 'object', required: ['profiles'], properties: { profiles: envelope({ type: 'array', items: profileResource }) } },
			{ relationships: { type: 'object', properties: { lists: { type: 'object', properties: { data: { type: 'array' } } } } } },
		),
	),
	add_profiles_to_list: envelope({ type: 'array', items: profileRef }),
	remove_profiles_from_list: envelope({ type: 'array', items: profileRef }),
	bulk_subscribe_profiles: subscriptionJob('profile-subscription-bulk-create-job'),
	bulk_unsubscribe_profiles: subscriptionJob('profile-subscription-bulk-delete-job'),
};

/** Largest `page[size]` per operation (get_lists serves at most 10; profiles and list members up to 100). */
const PAGE_SIZE_MAX: Record<string, number> = { get_lists: 10, get_profiles: 100 };

const ajv = new Ajv({ strict: false, allErrors: false });
const compiled = new Map<string, ValidateFunction>();

/** What is wrong with a request body by the facts above, or null (also for operations with no facts written down). */
export function checkBodyByOwnContract(operationId: string, body: unknown): BodyIssue | null {
	const schema = BODY_SCHEMAS[operationId];
	if (!schema) return null;
	let validate = compiled.get(operationId);
	if (!validate) compiled.set(operationId, (validate = ajv.compile(schema)));
	return validate(body) ? null : describeIssue(validate.errors ?? [], body);
}

/** Throws Klaviyo's 400 for a `page[size]` outside 1…max (only the bound; the spec adds every other parameter). */
export function checkQueryByOwnContract(operationId: string, raw: Record<string, string>): void {
	const max = PAGE_SIZE_MAX[operationId];
	const size = raw['page[size]'];
	if (max === undefined || size === undefined) return;
	const n = Number(size);
	if (!Number.isInteger(n) || n < 1 || n > max) {
		throw invalidParameter('page[size]', `'page[size]' must be an integer between 1 and ${max}.`);
	}
}

export const OWN_CONTRACT_OPERATIONS = Object.keys(BODY_SCHEMAS);

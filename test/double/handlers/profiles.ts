import { ApiError, duplicateProfile, invalidPointer, notFound } from '../errors';
import { matchesFilter } from '../filter';
import { paginate, sortBy } from '../paging';
import { PatchProperties, applyProfileInput, assertNoClash, hasIdentifier, identifierFormatError, resolveOrThrow } from '../profileModel';
import { ParsedQuery } from '../queryParams';
import { listLinkage, listResource, profileResource } from '../resources';
import { IDENTIFIER_KEYS, Store } from '../state';
import { StateList, StateProfile } from '../types';
import { Handler, HandlerContext, KB, TIER_L, obj } from './types';

/** Field values for filtering and sorting; datetimes as epoch ms so greater-than/less-than compare numerically. */
function profileField(profile: StateProfile, field: string): unknown {
	const s = profile.subscriptions;
	switch (field) {
		case 'id':
			return profile.id;
		case 'email':
		case 'phone_number':
		case 'external_id':
			return profile.attributes[field];
		case '_kx':
			return profile.hidden_identifiers._kx;
		case 'created':
		case 'updated':
			return Date.parse(profile[field]);
		case 'subscriptions.email.marketing.suppression.reason':
			return s.email_suppressions.map((x) => x.reason);
		case 'subscriptions.email.marketing.suppression.timestamp':
			return s.email_suppressions.map((x) => Date.parse(x.timestamp));
		case 'subscriptions.email.marketing.list_suppressions.reason':
			return s.email_list_suppressions.map((x) => x.reason);
		case 'subscriptions.email.marketing.list_suppressions.timestamp':
			return s.email_list_suppressions.map((x) => Date.parse(x.timestamp));
		case 'subscriptions.email.marketing.list_suppressions.list_id':
			return s.email_list_suppressions.map((x) => x.list_id);
		default:
			return null;
	}
}

const emailInsensitive = (field: string, value: string) => (field === 'email' ? value.toLowerCase() : value);

function view(query: ParsedQuery, withConversations: boolean) {
	return { fields: query.fields.get('profile'), additionalFields: query.additionalFields.get('profile'), withConversations };
}

/** Relationship data and `included` for the include values the double models (lists); others are empty. */
function includes(store: Store, baseUrl: string, profiles: StateProfile[], include: string[]) {
	const embedFor = (profile: StateProfile) => Object.fromEntries(include.map((name) => [name, name === 'lists' ? listLinkage(store, profile.id) : []]));
	const listIds = include.includes('lists') ? new Set(profiles.flatMap((p) => listLinkage(store, p.id).map((l) => l.id))) : new Set<string>();
	const included = [...listIds].map((id) => listResource(baseUrl, store.list(id) as StateList));
	return { embedFor, included };
}

export const getProfiles: Handler = {
	operationId: 'get_profiles',
	method: 'GET',
	path: '/api/profiles',
	fallbackTier: TIER_L,
	handle({ store, query, baseUrl, path }) {
		let profiles = store.profiles();
		if (query.filter) profiles = profiles.filter((p) => matchesFilter(query.filter!, (f) => profileField(p, f), emailInsensitive));
		profiles = sortBy(profiles, query.sort, (p, f) => {
			const v = profileField(p, f);
			return Array.isArray(v) ? v[0] : v;
		});
		const { page, links } = paginate(profiles, query, 20, baseUrl, path);
		const { embedFor, included } = includes(store, baseUrl, page, query.include);
		const data = page.map((p) => profileResource(baseUrl, p, { ...view(query, true), embed: query.include.length ? embedFor(p) : undefined }));
		return { status: 200, body: { data, links, ...(query.include.length ? { included } : {}) } };
	},
};

function existing(store: Store, id: string): StateProfile {
	const profile = store.profile(id);
	if (!profile) throw notFound(`A profile with id '${id}' does not exist.`);
	return profile;
}

export const getProfile: Handler = {
	operationId: 'get_profile',
	method: 'GET',
	path: '/api/profiles/{id}',
	fallbackTier: TIER_L,
	handle({ store, query, baseUrl, params }) {
		const profile = existing(store, params.id);
		const { embedFor, included } = includes(store, baseUrl, [profile], query.include);
		const data = profileResource(baseUrl, profile, { ...view(query, true), embed: query.include.length ? embedFor(profile) : undefined });
		return { status: 200, body: { data, links: { self: data.links.self }, ...(query.include.length ? { included } : {}) } };
	},
};

/** Profile writes cap the payload at 100 KB (OAS descriptions of create/update/import). */
const PROFILE_WRITE_LIMIT = 100 * KB;

function writeAnswer(ctx: HandlerContext, profile: StateProfile, status: number) {
	const data = profileResource(ctx.baseUrl, profile, view(ctx.query, false));
	return { status, body: { data, links: { self: data.links.self } } };
}

export const createProfile: Handler = {
	operationId: 'create_profile',
	method: 'POST',
	path: '/api/profiles',
	fallbackTier: TIER_L,
	maxBodyBytes: PROFILE_WRITE_LIMIT,
	handle(ctx) {
		const data = obj(obj(ctx.body).data);
		const attributes = obj(data.attributes);
		const formatError = identifierFormatError(attributes, '/data/attributes');
		if (formatError) throw formatError;
		if (!hasIdentifier(attributes)) {
			throw invalidPointer('/data/attributes', 'One of email, phone_number or external_id is required to create a profile.');
		}
		// Create refuses any identifier that already exists (the 409 that made PostHog move to profile-import).
		for (const key of IDENTIFIER_KEYS) {
			const value = attributes[key];
			const owner = typeof value === 'string' ? ctx.store.findByIdentifier(key, value) : undefined;
			if (owner) throw duplicateProfile(owner.id);
		}
		const profile = ctx.store.createProfile();
		applyProfileInput(ctx.store, profile, attributes, obj(data.meta).patch_properties as PatchProperties, 'null-clears');
		return writeAnswer(ctx, profile, 201);
	},
};

export const updateProfile: Handler = {
	operationId: 'update_profile',
	method: 'PATCH',
	path: '/api/profiles/{id}',
	fallbackTier: TIER_L,
	maxBodyBytes: PROFILE_WRITE_LIMIT,
	handle(ctx) {
		const data = obj(obj(ctx.body).data);
		if (data.id !== ctx.params.id) {
			// JSON:API: a PATCH whose resource id differs from the endpoint's MUST be answered 409 Conflict.
			throw new ApiError(409, 'conflict', 'Conflict.', `The id in the body ('${String(data.id)}') does not match the id in the path ('${ctx.params.id}').`, {
				pointer: '/data/id',
			});
		}
		const profile = existing(ctx.store, ctx.params.id);
		const attributes = obj(data.attributes);
		const formatError = identifierFormatError(attributes, '/data/attributes');
		if (formatError) throw formatError;
		assertNoClash(ctx.store, profile, attributes);
		applyProfileInput(ctx.store, profile, attributes, obj(data.meta).patch_properties as PatchProperties, 'null-clears');
		return writeAnswer(ctx, profile, 200);
	},
};

export const createOrUpdateProfile: Handler = {
	operationId: 'create_or_update_profile',
	method: 'POST',
	path: '/api/profile-import',
	fallbackTier: TIER_L,
	maxBodyBytes: PROFILE_WRITE_LIMIT,
	handle(ctx) {
		const data = obj(obj(ctx.body).data);
		const attributes = obj(data.attributes);
		const formatError = identifierFormatError(attributes, '/data/attributes');
		if (formatError) throw formatError;
		const id = typeof data.id === 'string' && data.id !== '' ? data.id : null;
		if (!id && !hasIdentifier(attributes)) {
			throw invalidPointer('/data/attributes', 'One of id, email, phone_number, external_id or _kx is required to create or update a profile.');
		}
		const resolution = resolveOrThrow(ctx.store, id, attributes);
		const profile = resolution.kind === 'update' ? resolution.profile : ctx.store.createProfile();
		applyProfileInput(ctx.store, profile, attributes, obj(data.meta).patch_properties as PatchProperties, 'null-clears');
		return writeAnswer(ctx, profile, resolution.kind === 'update' ? 200 : 201);
	},
};

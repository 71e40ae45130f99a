import { invalidPointer, notFound } from '../errors';
import { matchesFilter } from '../filter';
import { paginate, sortBy } from '../paging';
import { ParsedQuery } from '../queryParams';
import { listResource } from '../resources';
import { Store } from '../state';
import { StateList } from '../types';
import { Handler, HandlerContext, TIER_L, TIER_M, arr, obj } from './types';

function listField(list: StateList, field: string): unknown {
	if (field === 'created' || field === 'updated') return Date.parse(list[field]);
	if (field === 'id' || field === 'name') return list[field];
	return null;
}

function existingList(store: Store, id: string): StateList {
	const list = store.list(id);
	if (!list) throw notFound(`A list with id '${id}' does not exist.`);
	return list;
}

/** tags and flow-triggers are not modelled: included relationships are empty, as for an account without tags. */
function embedFor(query: ParsedQuery) {
	return query.include.length > 0 ? Object.fromEntries(query.include.map((name) => [name, []])) : undefined;
}

export const getLists: Handler = {
	operationId: 'get_lists',
	method: 'GET',
	path: '/api/lists',
	fallbackTier: TIER_L,
	handle({ store, query, baseUrl, path }) {
		let lists = store.lists();
		if (query.filter) lists = lists.filter((l) => matchesFilter(query.filter!, (f) => listField(l, f)));
		lists = sortBy(lists, query.sort, listField);
		// At most 10 lists per page (page[size] 1–10, default 10, OAS get_lists).
		const { page, links } = paginate(lists, query, 10, baseUrl, path);
		const data = page.map((list) => listResource(baseUrl, list, { fields: query.fields.get('list'), embed: embedFor(query) }));
		return { status: 200, body: { data, links, ...(query.include.length ? { included: [] } : {}) } };
	},
};

export const getList: Handler = {
	operationId: 'get_list',
	method: 'GET',
	path: '/api/lists/{id}',
	fallbackTier: TIER_L,
	handle({ store, query, baseUrl, params }) {
		const list = existingList(store, params.id);
		const profileCount = query.additionalFields.get('list')?.includes('profile_count') ? list.members.length : undefined;
		const data = listResource(baseUrl, list, { fields: query.fields.get('list'), profileCount, embed: embedFor(query) });
		return { status: 200, body: { data, links: { self: data.links.self }, ...(query.include.length ? { included: [] } : {}) } };
	},
};

/** At most 1000 profile ids per call (OAS add_profiles_to_list). */
const MAX_MEMBERS_PER_CALL = 1000;

/**
 * The body carries profile ids only. An id that names no profile is answered 404 with a pointer to it: the ids are
 * JSON:API relationship linkage, and JSON:API says a server MUST return 404 Not Found when a request references a
 * related resource that does not exist. Nothing changes unless every id is known.
 */
function memberIds(ctx: HandlerContext): { list: StateList; ids: string[] } {
	const list = existingList(ctx.store, ctx.params.id);
	const items = arr(obj(ctx.body).data);
	if (items.length > MAX_MEMBERS_PER_CALL) {
		throw invalidPointer('/data', `At most ${MAX_MEMBERS_PER_CALL} profiles can be sent per call; got ${items.length}.`);
	}
	const ids = items.map((item) => String(obj(item).id));
	ids.forEach((id, i) => {
		if (!ctx.store.profile(id)) throw notFound(`A profile with id '${id}' does not exist.`, { pointer: `/data/${i}/id` });
	});
	return { list, ids };
}

export const addProfilesToList: Handler = {
	operationId: 'add_profiles_to_list',
	method: 'POST',
	path: '/api/lists/{id}/relationships/profiles',
	fallbackTier: TIER_M,
	handle(ctx) {
		const { list, ids } = memberIds(ctx);
		for (const id of ids) ctx.store.addMember(list, id);
		return { status: 204 };
	},
};

export const removeProfilesFromList: Handler = {
	operationId: 'remove_profiles_from_list',
	method: 'DELETE',
	path: '/api/lists/{id}/relationships/profiles',
	fallbackTier: TIER_M,
	handle(ctx) {
		// Removing changes membership only, never consent (OAS remove_profiles_from_list).
		const { list, ids } = memberIds(ctx);
		for (const id of ids) ctx.store.removeMember(list, id);
		return { status: 204 };
	},
};

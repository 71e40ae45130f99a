import type { INodeListSearchResult } from 'n8n-workflow';

import type { KlaviyoClient } from './transport';

export type OptInProcess = 'single_opt_in' | 'double_opt_in';

export interface KlaviyoList {
	id: string;
	name: string;
	optInProcess: OptInProcess;
}

interface ListResource {
	id: string;
	attributes: { name?: string; opt_in_process?: OptInProcess };
}

const toList = (resource: ListResource): KlaviyoList => ({
	id: resource.id,
	name: resource.attributes.name ?? resource.id,
	optInProcess: resource.attributes.opt_in_process ?? 'single_opt_in',
});

/** The list, or undefined when Klaviyo has no list with that id (404). */
export async function getList(client: KlaviyoClient, listId: string, itemIndex?: number): Promise<KlaviyoList | undefined> {
	const { status, body } = await client.request<{ data: ListResource }>({
		operation: 'getList',
		method: 'GET',
		path: `/api/lists/${encodeURIComponent(listId)}`,
		qs: { 'fields[list]': 'name,opt_in_process' },
		itemIndex,
		acceptStatuses: [404],
	});
	return status === 404 ? undefined : toList(body.data);
}

export function listUrl(listId: string): string {
	return `https://www.klaviyo.com/list/${listId}`;
}

const OPT_IN_LABELS: Record<OptInProcess, string> = {
	single_opt_in: 'single opt-in',
	double_opt_in: 'double opt-in',
};

/**
 * One page of the list picker. Klaviyo serves at most 10 lists per page and filters names only by exact match, so a
 * search term is matched here (case-insensitive substring) while paging on through Klaviyo's cursor until a page
 * of results is full; the cursor where it stopped is the picker's pagination token.
 */
export async function searchLists(
	client: KlaviyoClient,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const term = filter?.trim().toLowerCase() ?? '';
	const results: INodeListSearchResult['results'] = [];
	let cursor = paginationToken || undefined;
	let pages = 0;
	const lists = client.paginate<ListResource>({
		operation: 'getLists',
		method: 'GET',
		path: '/api/lists',
		qs: { 'fields[list]': 'name,opt_in_process', sort: 'name', 'page[size]': 10, ...(cursor ? { 'page[cursor]': cursor } : {}) },
	});
	// One page per call for browsing; a search reads on (up to 20 pages) until it has a page's worth of matches.
	for await (const page of lists) {
		for (const list of page.data.map(toList)) {
			if (term && !list.name.toLowerCase().includes(term)) continue;
			results.push({ name: `${list.name} (${OPT_IN_LABELS[list.optInProcess]})`, value: list.id, url: listUrl(list.id) });
		}
		cursor = page.nextCursor;
		if (!cursor || !term || results.length >= 10 || ++pages >= 20) break;
	}
	return { results, paginationToken: cursor };
}

export const LIST_MEMBERSHIP_BATCH = 1000;

/** Adds (POST) or removes (DELETE) up to 1,000 profile ids; list membership never changes consent. */
export async function changeListMembers(
	client: KlaviyoClient,
	listId: string,
	profileIds: string[],
	action: 'add' | 'remove',
): Promise<void> {
	await client.request({
		operation: action === 'add' ? 'addProfilesToList' : 'removeProfilesFromList',
		method: action === 'add' ? 'POST' : 'DELETE',
		path: `/api/lists/${encodeURIComponent(listId)}/relationships/profiles`,
		body: { data: profileIds.map((id) => ({ type: 'profile', id })) },
	});
}

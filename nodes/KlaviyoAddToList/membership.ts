import { NodeOperationError } from 'n8n-workflow';

import { mapWithConcurrency } from '../shared/async';
import { chunk } from '../shared/domain';
import { runBulkImports } from '../shared/klaviyo/bulkImport';
import { changeListMembers, LIST_MEMBERSHIP_BATCH, type KlaviyoList } from '../shared/klaviyo/lists';
import { lookUpProfiles } from '../shared/klaviyo/profileLookup';
import { importProfile } from '../shared/klaviyo/profiles';
import type { KlaviyoClient } from '../shared/klaviyo/transport';
import type { ItemResults } from '../shared/n8n/itemResults';
import type { ListOutcome } from './outcome';
import type { ListRequest } from './readItem';

/** Up to this many missing people are created one by one (so their ids are known); more go in one bulk job. */
const CREATE_ONE_BY_ONE_LIMIT = 100;

/**
 * Add or remove by profile id. Items that name a person by email/phone/external id are resolved in reads of 100;
 * people not in Klaviyo are created first when adding (if allowed). Membership calls carry up to 1,000 ids.
 */
export async function changeMembership(
	client: KlaviyoClient,
	list: KlaviyoList,
	requests: ListRequest[],
	action: 'add' | 'remove',
	results: ItemResults,
): Promise<Map<number, ListOutcome>> {
	const outcomes = new Map<number, ListOutcome>();
	const idOf = new Map<number, string>();
	for (const request of requests) if (request.profileId) idOf.set(request.itemIndex, request.profileId);

	const toFind = requests.filter((request) => !request.profileId);
	const found = toFind.length > 0 ? await lookUpProfiles(client, toFind, results) : new Map();
	const missing: ListRequest[] = [];
	for (const request of toFind) {
		if (results.isSettled(request.itemIndex)) continue;
		const profile = found.get(request.itemIndex);
		if (profile) idOf.set(request.itemIndex, profile.id);
		else missing.push(request);
	}

	for (const request of missing) {
		if (action === 'remove') {
			outcomes.set(request.itemIndex, { status: 'not_found', note: 'No Klaviyo profile has these identifiers; nothing to remove.' });
		} else if (!request.createMissing) {
			outcomes.set(request.itemIndex, { error: notInKlaviyo(client, request) });
		}
	}
	if (action === 'add') {
		const toCreate = missing.filter((request) => request.createMissing);
		await createMissing(client, list, toCreate, idOf, outcomes);
	}

	const withIds = requests.filter((request) => idOf.has(request.itemIndex) && !outcomes.has(request.itemIndex));
	const uniqueIds = [...new Set(withIds.map((request) => idOf.get(request.itemIndex)!))];
	for (const ids of chunk(uniqueIds, LIST_MEMBERSHIP_BATCH)) {
		const inBatch = new Set(ids);
		const covered = withIds.filter((request) => inBatch.has(idOf.get(request.itemIndex)!));
		try {
			await changeListMembers(client, list.id, ids, action);
			for (const request of covered) {
				outcomes.set(request.itemIndex, { status: action === 'add' ? 'added' : 'removed', profileId: idOf.get(request.itemIndex) });
			}
		} catch (error) {
			for (const request of covered) outcomes.set(request.itemIndex, { error: error as Error });
		}
	}
	return outcomes;
}

async function createMissing(
	client: KlaviyoClient,
	list: KlaviyoList,
	requests: ListRequest[],
	idOf: Map<number, string>,
	outcomes: Map<number, ListOutcome>,
): Promise<void> {
	if (requests.length === 0) return;
	const attributesOf = (request: ListRequest) =>
		Object.fromEntries(request.identifiers.map(({ field, value }) => [field, value]));
	if (requests.length <= CREATE_ONE_BY_ONE_LIMIT) {
		await mapWithConcurrency(requests, 10, async (request) => {
			try {
				idOf.set(request.itemIndex, (await importProfile(client, attributesOf(request), request.itemIndex)).id);
			} catch (error) {
				outcomes.set(request.itemIndex, { error: error as Error });
			}
		});
		return;
	}
	// A bulk import with the list relationship creates the profiles and adds them to the list (without consent).
	const outcome = await runBulkImports(
		client,
		requests.map((request) => ({ attributes: attributesOf(request) })),
		{ listId: list.id },
	);
	const failed = new Map<number, Error>();
	for (const failure of outcome.failures) failed.set(failure.index, new Error(`${failure.title}. ${failure.detail}`));
	for (const { indexes, error } of outcome.failedJobs) for (const index of indexes) failed.set(index, error);
	requests.forEach((request, index) => {
		const error = failed.get(index);
		outcomes.set(
			request.itemIndex,
			error ? { error } : { status: 'added', note: 'Created by a Klaviyo bulk import job, which added it to the list.' },
		);
	});
}

function notInKlaviyo(client: KlaviyoClient, request: ListRequest): Error {
	const who = request.identifiers.map(({ field, value }) => `${field} ${value}`).join(', ');
	return new NodeOperationError(client.node, `No Klaviyo profile with ${who} (Create Missing Profiles is off)`, {
		itemIndex: request.itemIndex,
	});
}

import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { KlaviyoAuthentication } from '../shared/klaviyo/authentication';
import { getList, type KlaviyoList } from '../shared/klaviyo/lists';
import { KlaviyoClient } from '../shared/klaviyo/transport';
import { fieldError, ItemResults } from '../shared/n8n/itemResults';
import { changeMembership } from './membership';
import { readListRequest, type ListAction, type ListRequest } from './readItem';
import { subscribeToList } from './subscribe';

/**
 * Add to List: validate every item, fetch each list once (name and opt-in process), then change membership with
 * profile ids (1,000 per call) or subscribe with consent (1,000 per job). One output item per input item.
 */
export async function addToList(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const results = new ItemResults(this, items.length);
	const action = this.getNodeParameter('action', 0) as ListAction;
	const requests: ListRequest[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			requests.push(readListRequest(this, itemIndex, action, items[itemIndex].json));
		} catch (error) {
			results.fail(itemIndex, error as Error);
		}
	}
	results.throwFirstErrorUnlessContinuing();
	if (requests.length === 0) return results.output();

	const client = await KlaviyoClient.open(this, this.getNodeParameter('authentication', 0) as KlaviyoAuthentication);
	const byList = new Map<string, ListRequest[]>();
	for (const request of requests) {
		const same = byList.get(request.listId);
		if (same) same.push(request);
		else byList.set(request.listId, [request]);
	}

	// Every list is looked up before anything changes: without Continue On Fail an unknown list stops the node
	// before another item's list is written to.
	const lists = new Map<string, KlaviyoList>();
	for (const [listId, listRequests] of byList) {
		const indexes = listRequests.map((request) => request.itemIndex);
		try {
			const list = await getList(client, listId, indexes[0]);
			if (list) lists.set(listId, list);
			else for (const index of indexes) results.fail(index, fieldError(this, index, 'List', `Klaviyo has no list with ID ${listId}`));
		} catch (error) {
			results.failMany(indexes, error as Error);
		}
	}
	results.throwFirstErrorUnlessContinuing();

	for (const [listId, listRequests] of byList) {
		const list = lists.get(listId);
		if (!list) continue;
		const outcomes =
			action === 'subscribe'
				? await subscribeToList(client, list, listRequests)
				: await changeMembership(client, list, listRequests, action, results);
		for (const request of listRequests) {
			const outcome = outcomes.get(request.itemIndex);
			if (!outcome) continue;
			if ('error' in outcome) {
				results.fail(request.itemIndex, outcome.error);
				continue;
			}
			const json: IDataObject = {
				listId: list.id,
				listName: list.name,
				optInProcess: list.optInProcess,
				profileId: outcome.profileId ?? request.profileId ?? null,
				email: request.email ?? null,
				phone_number: request.phoneNumber ?? null,
				action,
				status: outcome.status,
			};
			if (action === 'subscribe') json.channels = request.channels;
			if (outcome.note) json.note = outcome.note;
			if (request.ignoredPhone) json.warning = `Phone number from the input left out: ${request.ignoredPhone}`;
			results.succeed(request.itemIndex, json);
		}
	}
	return results.output();
}

import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { KlaviyoAuthentication } from '../shared/klaviyo/authentication';
import { lookUpProfiles } from '../shared/klaviyo/profileLookup';
import type { KlaviyoProfile } from '../shared/klaviyo/profiles';
import { KlaviyoClient } from '../shared/klaviyo/transport';
import { ItemResults } from '../shared/n8n/itemResults';
import { AUTO_BULK_THRESHOLD } from './description';
import { planProfileWrites, type ProfileWrite } from './planWrites';
import { readProfileRequest, type ProfileRequest } from './readItem';
import { writeEachProfile, writeProfilesInBulk, type WriteResult } from './writeProfiles';

/**
 * Upsert Affiliate Profile: read every item, find the profiles that already exist (only when the merge needs to
 * know), plan one write per profile, then write per item or as bulk import jobs — one output item per input item.
 */
export async function upsertAffiliateProfiles(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const results = new ItemResults(this, items.length);
	const requests: ProfileRequest[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			requests.push(readProfileRequest(this, itemIndex, items[itemIndex].json));
		} catch (error) {
			results.fail(itemIndex, error as Error);
		}
	}
	results.throwFirstErrorUnlessContinuing();
	if (requests.length === 0) return results.output();

	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	const previewOnly = options.previewOnly === true;
	const client = await KlaviyoClient.open(this, this.getNodeParameter('authentication', 0) as KlaviyoAuthentication);

	// Properties are sent in every mode; standard fields, referral totals and identifiers beyond the first (a phone
	// next to an email follows the merge mode) depend on what Klaviyo holds.
	const mustCompare =
		previewOnly || requests.some((request) => request.hasStandardFields || request.totals || request.identifiers.length > 1);
	const found: Map<number, KlaviyoProfile | null | undefined> = mustCompare
		? await lookUpProfiles(client, requests, results)
		: new Map(requests.map((request) => [request.itemIndex, undefined]));
	const writes = planProfileWrites(
		requests.filter((request) => !results.isSettled(request.itemIndex)),
		found,
		(itemIndex, error) => results.fail(itemIndex, error),
	);
	results.throwFirstErrorUnlessContinuing();

	const pending = writes.filter((write) => write.needsWrite);
	const bulk =
		options.batchMode === 'bulk' || (options.batchMode !== 'perItem' && pending.length > AUTO_BULK_THRESHOLD);
	let written: WriteResult[] = [];
	if (!previewOnly && pending.length > 0) {
		written = bulk
			? await writeProfilesInBulk(client, pending, options.bulkPollIntervalMs as number | undefined)
			: await writeEachProfile(client, pending);
	}
	const writeResults = new Map(pending.map((write, index) => [write, written[index]]));
	const version = this.getNode().typeVersion;

	for (const write of writes) {
		const result = writeResults.get(write);
		if (result?.error) {
			results.failMany(write.itemIndexes, result.error);
			continue;
		}
		for (const itemIndex of write.itemIndexes) {
			results.succeed(itemIndex, outputFor(write, itemIndex, result, { previewOnly, bulk, version }));
		}
	}
	return results.output();
}

function outputFor(
	write: ProfileWrite,
	itemIndex: number,
	result: WriteResult | undefined,
	{ previewOnly, bulk, version }: { previewOnly: boolean; bulk: boolean; version: number },
): IDataObject {
	const plan = write.items.get(itemIndex)!;
	let status: string;
	if (previewOnly) status = write.needsWrite ? (write.exists ? 'would update' : 'would create') : 'unchanged';
	else if (!write.needsWrite) status = 'unchanged';
	// Unread and written in bulk, nobody knows: Klaviyo's job does not say which profiles it created.
	else if (result?.created === undefined && !write.compared) status = 'upserted';
	else status = (result?.created ?? !write.exists) ? 'created' : 'updated';
	const json: IDataObject = {
		profileId: result?.profileId ?? write.profileId ?? null,
		status,
		email: (write.attributes.email as string) ?? null,
		phone_number: (write.attributes.phone_number as string) ?? null,
		external_id: (write.attributes.external_id as string) ?? null,
		changes: plan.changes as unknown as IDataObject,
		kept: plan.kept as unknown as IDataObject,
	};
	if (!write.compared) json.compared = false;
	if (plan.referralTotals) json.referralTotals = plan.referralTotals as unknown as IDataObject;
	if (!previewOnly && write.needsWrite) json.write = bulk ? 'bulk import job' : 'profile import';
	if (result?.jobId) json.jobId = result.jobId;
	// Version 2 gathers every warning in one list, as the trigger's events carry theirs; version 1's output keeps
	// its single `warning` (only a bulk job's import error could raise one there).
	const warnings = [...(plan.warnings ?? [])];
	if (result?.warning && version < 2) json.warning = result.warning;
	else if (result?.warning) warnings.push(result.warning);
	if (warnings.length > 0) json.warnings = warnings;
	return json;
}

import { mapWithConcurrency } from '../shared/async';
import { runBulkImports } from '../shared/klaviyo/bulkImport';
import { KlaviyoApiError } from '../shared/klaviyo/errors';
import { importProfile } from '../shared/klaviyo/profiles';
import type { KlaviyoClient } from '../shared/klaviyo/transport';
import type { ProfileWrite } from './planWrites';

/** Open requests at once on the per-item path; the rate gate paces them to Klaviyo's 75/s burst. */
const PER_ITEM_CONCURRENCY = 10;

export interface WriteResult {
	profileId?: string;
	created?: boolean;
	jobId?: string;
	error?: Error;
	/** Klaviyo reported an import error for the job it cannot tie to one profile. */
	warning?: string;
}

/** One `POST /api/profile-import` per profile; a 409 names both identifiers and the other profile. */
export async function writeEachProfile(client: KlaviyoClient, writes: ProfileWrite[]): Promise<WriteResult[]> {
	return await mapWithConcurrency(writes, PER_ITEM_CONCURRENCY, async (write) => {
		try {
			const imported = await importProfile(client, write.attributes, write.itemIndexes[0], write.profileId);
			return { profileId: imported.id, created: imported.created };
		} catch (error) {
			return { error: explainConflict(error as Error, write) };
		}
	});
}

/** Bulk import jobs (10,000 profiles each), polled to completion; import errors land on their own items. */
export async function writeProfilesInBulk(
	client: KlaviyoClient,
	writes: ProfileWrite[],
	pollIntervalMs?: number,
): Promise<WriteResult[]> {
	const outcome = await runBulkImports(
		client,
		writes.map((write) => ({ id: write.profileId, attributes: write.attributes })),
		{ pollIntervalMs },
	);
	const results: WriteResult[] = writes.map((write) => ({
		profileId: write.profileId,
		created: write.compared ? !write.exists : undefined,
	}));
	for (const { jobId, indexes } of outcome.jobs) for (const index of indexes) results[index].jobId = jobId;
	for (const failure of outcome.failures) {
		const where = failure.pointer ? ` (at ${failure.pointer})` : '';
		const error = new Error(`Klaviyo bulk import rejected the profile with ${identifiersOf(writes[failure.index])}: ${failure.title}. ${failure.detail}${where}`);
		// A bulk job's import errors do not name the other profile; one request per item does (see explainConflict).
		if (/already exists|duplicate/i.test(`${failure.title} ${failure.detail}`)) {
			(error as Error & { description?: string }).description =
				'These identifiers belong to different Klaviyo profiles. Run this item with Batch Mode "One Request per Item" to see the other profile’s ID, or send only one of the identifiers.';
		}
		results[failure.index].error = error;
	}
	for (const index of outcome.oversized) {
		results[index].error = new Error('The profile is larger than a Klaviyo bulk import job can carry (5 MB)');
	}
	for (const { indexes, title, detail, jobId } of outcome.unmatched) {
		for (const index of indexes) results[index].warning = `Job ${jobId} reported an import error: ${title}. ${detail}`;
	}
	for (const { indexes, error } of outcome.failedJobs) for (const index of indexes) results[index].error = error;
	return results;
}

function explainConflict(error: Error, write: ProfileWrite): Error {
	if (!(error instanceof KlaviyoApiError) || error.status !== 409) return error;
	const conflict = error.errors.find((item) => item.code === 'duplicate_profile');
	const otherId = conflict?.meta?.duplicate_profile_id;
	error.message = `Klaviyo 409: ${identifiersOf(write)} belong to two different Klaviyo profiles${otherId ? ` (the other one is ${String(otherId)})` : ''}`;
	error.description =
		'Klaviyo will not merge them silently, and neither does this node. Send only one of the identifiers, or merge the two profiles in Klaviyo first.';
	return error;
}

/** "email a@b.c and phone_number +1555…": the identifiers a write sends, for error messages. */
function identifiersOf(write: ProfileWrite): string {
	return ['email', 'phone_number', 'external_id']
		.filter((name) => write.attributes[name] !== undefined)
		.map((name) => `${name} ${String(write.attributes[name])}`)
		.join(' and ');
}

import { sleep, type IDataObject } from 'n8n-workflow';

import { planBatches } from '../domain';
import { timerSafeMs } from './retryPolicy';
import type { KlaviyoClient } from './transport';

/** Klaviyo's bulk import limits: 10,000 profiles and 5 MB per job. */
export const BULK_IMPORT_MAX_PROFILES = 10_000;
export const BULK_IMPORT_MAX_BYTES = 5 * 1024 * 1024;

export interface BulkImportFailure {
	/** Position of the failed profile in the list given to `runBulkImports`. */
	index: number;
	title: string;
	detail: string;
	pointer?: string;
}

export interface BulkImportOutcome {
	/** Each job and the positions of the profiles it carried. */
	jobs: Array<{ jobId: string; indexes: number[] }>;
	failures: BulkImportFailure[];
	/** Profiles too large for any job (over 5 MB alone); never sent. */
	oversized: number[];
	/** Import errors Klaviyo reported that could not be tied to one profile; shown on every item of their job. */
	unmatched: Array<{ jobId: string; indexes: number[]; title: string; detail: string }>;
	/** Jobs that could not be created or finished; every profile in them failed with that error. */
	failedJobs: Array<{ indexes: number[]; error: Error }>;
	polls: number;
}

export interface BulkImportOptions {
	listId?: string;
	/** First wait before polling a job; doubles up to `maxPollIntervalMs`. */
	pollIntervalMs?: number;
	maxPollIntervalMs?: number;
	/** Give up waiting for a job after this long. */
	maxWaitMs?: number;
}

const FINISHED = new Set(['complete', 'cancelled', 'failed']);

/**
 * Imports profiles with `profile-bulk-import-jobs` (chunked by Klaviyo's limits), waits for each job, and maps every
 * `import-errors` entry back to the profile it belongs to. Bulk import never clears a field with null.
 */
export interface BulkProfile {
	/** Klaviyo's profile id when the profile is known to exist: the import then updates exactly that profile. */
	id?: string;
	attributes: IDataObject;
}

export async function runBulkImports(
	client: KlaviyoClient,
	profiles: BulkProfile[],
	options: BulkImportOptions = {},
): Promise<BulkImportOutcome> {
	const indexed = profiles.map((profile, index) => ({ profile, index }));
	const plan = planBatches(indexed, BULK_IMPORT_MAX_PROFILES, {
		maxBytes: BULK_IMPORT_MAX_BYTES,
		envelopeBytes: 512,
		sizeOf: (entry) => Buffer.byteLength(JSON.stringify({ type: 'profile', ...entry.profile })),
	});
	const outcome: BulkImportOutcome = { jobs: [], failures: [], oversized: plan.oversized.map((e) => e.index), unmatched: [], failedJobs: [], polls: 0 };
	for (const batch of plan.chunks) {
		const indexes = batch.map((entry) => entry.index);
		try {
			const jobId = await createJob(client, batch.map((entry) => entry.profile), options.listId);
			outcome.jobs.push({ jobId, indexes });
			outcome.polls += await waitForJob(client, jobId, options);
			for (const failure of await readImportErrors(client, jobId, batch.map((entry) => entry.profile.attributes))) {
				if (failure.index === undefined) {
					outcome.unmatched.push({ jobId, indexes, title: failure.title, detail: failure.detail });
				} else {
					outcome.failures.push({ ...failure, index: batch[failure.index].index });
				}
			}
		} catch (error) {
			outcome.failedJobs.push({ indexes, error: error as Error });
		}
	}
	return outcome;
}

async function createJob(client: KlaviyoClient, profiles: BulkProfile[], listId?: string): Promise<string> {
	const { body } = await client.request<{ data: { id: string } }>({
		operation: 'bulkImportProfiles',
		method: 'POST',
		path: '/api/profile-bulk-import-jobs',
		body: {
			data: {
				type: 'profile-bulk-import-job',
				attributes: { profiles: { data: profiles.map((profile) => ({ type: 'profile', ...profile })) } },
				...(listId ? { relationships: { lists: { data: [{ type: 'list', id: listId }] } } } : {}),
			},
		},
	});
	return body.data.id;
}

async function waitForJob(client: KlaviyoClient, jobId: string, options: BulkImportOptions): Promise<number> {
	// A zero, negative or NaN interval would poll without pause (and NaN never grows): such a value is not one.
	let interval = positiveOr(options.pollIntervalMs, 1000);
	const maxInterval = positiveOr(options.maxPollIntervalMs, 15_000);
	const deadline = Date.now() + positiveOr(options.maxWaitMs, 30 * 60_000);
	for (let polls = 1; ; polls++) {
		// Never asleep past the deadline: a huge interval would otherwise hold the execution for days (24.8 at most).
		await sleep(timerSafeMs(Math.min(interval, deadline - Date.now())));
		const { body } = await client.request<{ data: { attributes: { status: string } } }>({
			operation: 'getBulkImportJob',
			method: 'GET',
			path: `/api/profile-bulk-import-jobs/${encodeURIComponent(jobId)}`,
		});
		const status = body.data.attributes.status;
		if (FINISHED.has(status)) {
			if (status !== 'complete') throw new Error(`Klaviyo bulk import job ${jobId} ended as "${status}"`);
			return polls;
		}
		if (Date.now() > deadline) throw new Error(`Klaviyo bulk import job ${jobId} did not finish in time (last status "${status}")`);
		interval = Math.min(maxInterval, interval * 2);
	}
}

function positiveOr(value: number | undefined, fallback: number): number {
	return value !== undefined && value > 0 ? value : fallback;
}

interface ImportErrorResource {
	attributes: { title: string; detail: string; source?: { pointer?: string }; original_payload?: IDataObject };
}

/**
 * Klaviyo points at the failed profile with `source.pointer` (…/profiles/data/<n>/…) and echoes it in
 * `original_payload`; the pointer is used when present, else the payload's identifiers.
 */
async function readImportErrors(
	client: KlaviyoClient,
	jobId: string,
	sent: IDataObject[],
): Promise<Array<Omit<BulkImportFailure, 'index'> & { index?: number }>> {
	const failures: Array<Omit<BulkImportFailure, 'index'> & { index?: number }> = [];
	const pages = client.paginate<ImportErrorResource>({
		operation: 'getBulkImportErrors',
		method: 'GET',
		path: `/api/profile-bulk-import-jobs/${encodeURIComponent(jobId)}/import-errors`,
		qs: { 'page[size]': 100 },
	});
	for await (const page of pages) {
		for (const error of page.data) {
			const index = indexFromPointer(error.attributes.source?.pointer) ?? indexFromPayload(error.attributes.original_payload, sent);
			failures.push({
				index,
				title: error.attributes.title,
				detail: error.attributes.detail,
				pointer: error.attributes.source?.pointer,
			});
		}
	}
	return failures;
}

function indexFromPointer(pointer: string | undefined): number | undefined {
	const match = pointer?.match(/\/profiles\/data\/(\d+)(\/|$)/);
	return match ? Number(match[1]) : undefined;
}

function indexFromPayload(payload: IDataObject | undefined, sent: IDataObject[]): number | undefined {
	const attributes = ((payload?.attributes as IDataObject | undefined) ?? payload) as IDataObject | undefined;
	if (!attributes) return undefined;
	for (const field of ['email', 'phone_number', 'external_id']) {
		const value = attributes[field];
		if (typeof value !== 'string') continue;
		const index = sent.findIndex((profile) => String(profile[field] ?? '').toLowerCase() === value.toLowerCase());
		if (index >= 0) return index;
	}
	return undefined;
}

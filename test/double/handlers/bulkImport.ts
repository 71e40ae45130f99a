import { errorId } from '../ids';
import { invalidPointer, notFound } from '../errors';
import { paginate } from '../paging';
import { INVALID_EMAIL, INVALID_PHONE, PatchProperties, applyProfileInput, hasIdentifier, isE164, resolveProfile } from '../profileModel';
import { listResource, pickFields, profileResource, resourceUrl } from '../resources';
import { Store, StoredJob } from '../state';
import { StateImportError, StateProfile } from '../types';
import { queueJob } from './jobs';
import { Handler, HandlerContext, JsonObject, KB, MB, TIER_M, arr, obj } from './types';

/** OAS bulk_import_profiles: up to 10,000 profiles, 5 MB per request, 100 KB per profile. */
const MAX_PROFILES = 10_000;
const MAX_PROFILE_BYTES = 100 * KB;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function importError(pointer: string, detail: string, payload: JsonObject, code = 'invalid', title = 'Invalid input.'): StateImportError {
	return { id: errorId(), code, title, detail, pointer, original_payload: payload };
}

/**
 * Why one profile of the job cannot be imported, if it cannot. Import errors identify the failing profile the way
 * the spec's ImportErrorResponseObjectResource does: `source.pointer` into the job's request body (the index in
 * profiles.data) plus `original_payload`, the profile object as it was sent — a failed profile has no id.
 */
function rejectReason(store: Store, item: JsonObject, index: number): StateImportError | { profile: StateProfile | null } {
	const base = `/data/attributes/profiles/data/${index}`;
	const attributes = obj(item.attributes);
	if (Buffer.byteLength(JSON.stringify(item)) > MAX_PROFILE_BYTES) return importError(base, 'The profile exceeds the 100 KB limit per profile.', item);
	if (typeof attributes.email === 'string' && !EMAIL.test(attributes.email.trim())) return importError(`${base}/attributes/email`, INVALID_EMAIL, item);
	if (typeof attributes.phone_number === 'string' && !isE164(attributes.phone_number)) return importError(`${base}/attributes/phone_number`, INVALID_PHONE, item);
	const id = typeof item.id === 'string' && item.id !== '' ? item.id : null;
	if (!id && !hasIdentifier(attributes)) return importError(`${base}/attributes`, 'The profile needs an id, email, phone_number, external_id or _kx.', item);
	if (id && !store.profile(id)) return importError(`${base}/id`, `A profile with id '${id}' does not exist.`, item);
	const resolution = resolveProfile(store, id, attributes);
	if (resolution.kind === 'conflict') {
		return importError(`${base}/attributes`, 'A profile already exists with one of these identifiers.', item, 'duplicate_profile', 'Conflict.');
	}
	return { profile: resolution.kind === 'update' ? resolution.profile : null };
}

function processImport(store: Store, job: StoredJob): void {
	const items = arr(obj(obj(obj(obj(job.payload).data).attributes).profiles).data);
	items.forEach((raw, index) => {
		const item = obj(raw);
		const outcome = rejectReason(store, item, index);
		if ('pointer' in outcome) {
			job.import_errors.push(outcome);
			job.failed_count += 1;
			return;
		}
		const profile = outcome.profile ?? store.createProfile();
		// The bulk job writes only non-null values: it never clears a field (Bulk Import Profiles guide).
		applyProfileInput(store, profile, obj(item.attributes), obj(item.meta).patch_properties as PatchProperties, 'null-ignored');
		for (const listId of job.list_ids) {
			const list = store.list(listId);
			if (list) store.addMember(list, profile.id);
		}
		if (!job.profile_ids.includes(profile.id)) job.profile_ids.push(profile.id);
		job.completed_count += 1;
	});
}

function jobResource(ctx: HandlerContext, job: StoredJob, fields?: string[], justQueued = false) {
	// A job is always accepted as queued, even when the simulated processing time is zero.
	const status = justQueued ? 'queued' : ctx.store.jobStatus(job, ctx.now);
	const created = Date.parse(job.created_at);
	const startedAt = status === 'queued' ? null : new Date(created + (Date.parse(job.due_at) - created) / 3).toISOString();
	const done = status === 'complete';
	const attributes = pickFields(
		{
			status,
			created_at: job.created_at,
			total_count: job.total_count,
			completed_count: done ? job.completed_count : 0,
			failed_count: done ? job.failed_count : 0,
			completed_at: done ? job.completed_at : null,
			expires_at: new Date(created + 7 * 24 * 3600 * 1000).toISOString(),
			started_at: startedAt,
		},
		fields,
	);
	const base = ctx.baseUrl;
	const links = (rel: string) => ({ self: resourceUrl(base, 'profile-bulk-import-jobs', job.id, 'relationships', rel), related: resourceUrl(base, 'profile-bulk-import-jobs', job.id, rel) });
	return {
		type: 'profile-bulk-import-job',
		id: job.id,
		attributes,
		relationships: {
			lists: { data: job.list_ids.map((id) => ({ type: 'list', id })), links: links('lists') },
			profiles: { links: links('profiles') },
			'import-errors': { links: { related: resourceUrl(base, 'profile-bulk-import-jobs', job.id, 'import-errors') } },
		},
		links: { self: resourceUrl(base, 'profile-bulk-import-jobs', job.id) },
	};
}

export const bulkImportProfiles: Handler = {
	operationId: 'bulk_import_profiles',
	method: 'POST',
	path: '/api/profile-bulk-import-jobs',
	fallbackTier: TIER_M,
	maxBodyBytes: 5 * MB,
	handle(ctx) {
		const data = obj(obj(ctx.body).data);
		const profiles = arr(obj(obj(data.attributes).profiles).data);
		if (profiles.length > MAX_PROFILES) {
			throw invalidPointer('/data/attributes/profiles/data', `At most ${MAX_PROFILES} profiles can be imported per job; got ${profiles.length}.`);
		}
		const listIds = arr(obj(obj(data.relationships).lists).data).map((item, i) => {
			const id = String(obj(item).id);
			if (!ctx.store.list(id)) throw notFound(`A list with id '${id}' does not exist.`, { pointer: `/data/relationships/lists/data/${i}/id` });
			return id;
		});
		const job = queueJob(ctx, 'profile-bulk-import-job', profiles.length, ctx.body, listIds);
		const resource = jobResource(ctx, job, undefined, true);
		return { status: 202, body: { data: resource, links: { self: resource.links.self } } };
	},
};

function existingJob(store: Store, id: string): StoredJob {
	const job = store.job(id);
	if (!job || job.type !== 'profile-bulk-import-job') throw notFound(`A profile bulk import job with id '${id}' does not exist.`);
	return job;
}

export const getBulkImportJob: Handler = {
	operationId: 'get_bulk_import_profiles_job',
	method: 'GET',
	path: '/api/profile-bulk-import-jobs/{job_id}',
	fallbackTier: TIER_M,
	handle(ctx) {
		const job = existingJob(ctx.store, ctx.params.job_id);
		const withLists = ctx.query.include.includes('lists');
		const resource = jobResource(ctx, job, ctx.query.fields.get('profile-bulk-import-job'));
		const included = withLists
			? job.list_ids.flatMap((id) => {
				const list = ctx.store.list(id);
				return list ? [listResource(ctx.baseUrl, list, { fields: ctx.query.fields.get('list') })] : [];
			})
			: undefined;
		return { status: 200, body: { data: resource, links: { self: resource.links.self }, ...(included ? { included } : {}) } };
	},
};

/** Errors and profiles of a job exist once it has been processed. */
function finished(ctx: HandlerContext, job: StoredJob): boolean {
	return ctx.store.jobStatus(job, ctx.now) === 'complete';
}

export const getBulkImportErrors: Handler = {
	operationId: 'get_errors_for_bulk_import_profiles_job',
	method: 'GET',
	path: '/api/profile-bulk-import-jobs/{id}/import-errors',
	fallbackTier: TIER_M,
	handle(ctx) {
		const job = existingJob(ctx.store, ctx.params.id);
		const errors = finished(ctx, job) ? job.import_errors : [];
		const { page, links } = paginate(errors, ctx.query, 20, ctx.baseUrl, ctx.path);
		const data = page.map((e) => ({
			type: 'import-error',
			id: e.id,
			attributes: pickFields(
				{ code: e.code, title: e.title, detail: e.detail, source: { pointer: e.pointer }, original_payload: e.original_payload },
				ctx.query.fields.get('import-error'),
			),
		}));
		return { status: 200, body: { data, links } };
	},
};

export const getBulkImportProfiles: Handler = {
	operationId: 'get_profiles_for_bulk_import_profiles_job',
	method: 'GET',
	path: '/api/profile-bulk-import-jobs/{id}/profiles',
	fallbackTier: TIER_M,
	handle(ctx) {
		const job = existingJob(ctx.store, ctx.params.id);
		const profiles = (finished(ctx, job) ? job.profile_ids : []).map((id) => ctx.store.profile(id)).filter((p): p is StateProfile => !!p);
		const { page, links } = paginate(profiles, ctx.query, 20, ctx.baseUrl, ctx.path);
		const view = { fields: ctx.query.fields.get('profile'), additionalFields: ctx.query.additionalFields.get('profile') };
		return { status: 200, body: { data: page.map((p) => profileResource(ctx.baseUrl, p, view)), links } };
	},
};

export const importJobProcessors = { 'profile-bulk-import-job': processImport };

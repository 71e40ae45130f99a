import { clock } from '../clock';
import { invalidPointer, notFound } from '../errors';
import { PatchProperties, applyProfileInput, hasIdentifier, identifierFormatError } from '../profileModel';
import { IDENTIFIER_KEYS, Store, StoredJob, normalizeIdentifier } from '../state';
import { StateEvent, StateProfile } from '../types';
import { queueJob } from './jobs';
import { Handler, HandlerContext, JsonObject, TIER_M, TIER_XL, arr, obj } from './types';

/** Limits of create_event (OAS): metric name under 128 characters, at most 400 properties. */
const MAX_METRIC_NAME = 127;
const MAX_PROPERTIES = 400;
/** DOC-RL: "Timestamp between 2000 and now + 1 year" (the OAS text says after 1990; the stricter bound is used). */
const EARLIEST_TIME = Date.parse('2000-01-01T00:00:00Z');
const YEAR_MS = 366 * 24 * 3600 * 1000;
/** At most 1,000 events per bulk request (OAS bulk_create_events). */
const MAX_BULK_EVENTS = 1000;

interface EventInput {
	metric: string;
	properties: JsonObject;
	timeMs: number;
	uniqueId: string | null;
	value: number | null;
	valueCurrency: string | null;
	backfill: boolean;
}

/** Checks one event's attributes (pointers under `base`) and reads them; time defaults to when it was received. */
function readEvent(attributes: JsonObject, base: string, now: number): EventInput {
	const metric = obj(obj(obj(attributes.metric).data).attributes).name;
	if (typeof metric !== 'string' || metric.trim() === '' || metric.length > MAX_METRIC_NAME) {
		throw invalidPointer(`${base}/metric/data/attributes/name`, `The metric name must be 1 to ${MAX_METRIC_NAME} characters long.`);
	}
	const properties = obj(attributes.properties);
	if (Object.keys(properties).length > MAX_PROPERTIES) {
		throw invalidPointer(`${base}/properties`, `An event can have at most ${MAX_PROPERTIES} properties; got ${Object.keys(properties).length}.`);
	}
	let timeMs = now;
	if (typeof attributes.time === 'string') {
		timeMs = Date.parse(attributes.time);
		if (Number.isNaN(timeMs) || timeMs < EARLIEST_TIME || timeMs > now + YEAR_MS) {
			throw invalidPointer(`${base}/time`, `The event time must be after 2000-01-01 and at most one year in the future; got '${attributes.time}'.`);
		}
	}
	return {
		metric,
		properties,
		// "The time is truncated to the second."
		timeMs: Math.floor(timeMs / 1000) * 1000,
		uniqueId: typeof attributes.unique_id === 'string' && attributes.unique_id !== '' ? attributes.unique_id : null,
		value: typeof attributes.value === 'number' ? attributes.value : null,
		valueCurrency: typeof attributes.value_currency === 'string' ? attributes.value_currency : null,
		backfill: attributes.backfill === true,
	};
}

function checkProfileData(store: Store, data: JsonObject, base: string): void {
	const attributes = obj(data.attributes);
	const formatError = identifierFormatError(attributes, `${base}/attributes`);
	if (formatError) throw formatError;
	const id = data.id;
	if (typeof id === 'string' && id !== '') {
		if (!store.profile(id)) throw notFound(`A profile with id '${id}' does not exist.`, { pointer: `${base}/id` });
		return;
	}
	if (!hasIdentifier(attributes)) {
		throw invalidPointer(`${base}/attributes`, 'The profile needs at least one identifier: id, email, phone_number, external_id or anonymous_id.');
	}
}

/**
 * Finds the event's profile (by id, else the first identifier that matches) or creates it, then applies the
 * attributes sent. Identifiers owned by another profile are left out instead of failing: events have no 409.
 */
function resolveEventProfile(store: Store, data: JsonObject, patch: PatchProperties | undefined): StateProfile {
	const attributes = { ...obj(data.attributes) };
	delete attributes.meta;
	let profile = typeof data.id === 'string' && data.id !== '' ? store.profile(data.id) : undefined;
	for (const key of IDENTIFIER_KEYS) {
		if (profile) break;
		const value = attributes[key];
		if (typeof value === 'string' && value !== '') profile = store.findByIdentifier(key, value);
	}
	profile ??= store.createProfile();
	for (const key of IDENTIFIER_KEYS) {
		const value = attributes[key];
		const owner = typeof value === 'string' ? store.findByIdentifier(key, value) : undefined;
		if (owner && owner.id !== profile.id) delete attributes[key];
	}
	applyProfileInput(store, profile, attributes, patch, 'null-clears');
	return profile;
}

function record(store: Store, profile: StateProfile, input: EventInput, source: StateEvent['source']): void {
	// Event times have whole seconds, so they are kept without a fraction: 2026-03-01T10:00:00Z.
	const time = new Date(input.timeMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
	// Default unique_id: the time to the second, so by default one event per profile per metric per second.
	const stored = store.recordEvent({
		metric: input.metric, profile_id: profile.id, unique_id: input.uniqueId ?? time, time, properties: input.properties,
		value: input.value, value_currency: input.valueCurrency, backfill: input.backfill, received_at: clock.iso(), source,
	});
	if (stored && (!profile.last_event_date || profile.last_event_date < time)) profile.last_event_date = time;
}

export const createEvent: Handler = {
	operationId: 'create_event',
	method: 'POST',
	path: '/api/events',
	fallbackTier: TIER_XL,
	handle(ctx) {
		const attributes = obj(obj(obj(ctx.body).data).attributes);
		const input = readEvent(attributes, '/data/attributes', ctx.now);
		const profileData = obj(obj(attributes.profile).data);
		checkProfileData(ctx.store, profileData, '/data/attributes/profile/data');
		// Single events carry profile meta inside attributes (OAS OnsiteProfileMeta under attributes.meta).
		const patch = obj(obj(profileData.attributes).meta).patch_properties as PatchProperties | undefined;
		// Recorded at once: the answer is an empty 202; a repeat of (profile, metric, unique_id) is accepted, not stored.
		record(ctx.store, resolveEventProfile(ctx.store, profileData, patch), input, 'create_event');
		return { status: 202 };
	},
};

/** A key naming the profile within one request, to spot a unique_id repeated for the same profile and metric. */
function requestProfileKey(data: JsonObject): string {
	if (typeof data.id === 'string' && data.id !== '') return `id:${data.id}`;
	const attributes = obj(data.attributes);
	for (const key of IDENTIFIER_KEYS) {
		const value = attributes[key];
		if (typeof value === 'string' && value !== '') return `${key}:${normalizeIdentifier(key, value)}`;
	}
	return 'none';
}

function readBulk(ctx: HandlerContext): void {
	const entries = arr(obj(obj(obj(obj(ctx.body).data).attributes)['events-bulk-create']).data);
	const total = entries.reduce<number>((sum, entry) => sum + arr(obj(obj(obj(entry).attributes).events).data).length, 0);
	if (total > MAX_BULK_EVENTS) {
		throw invalidPointer('/data/attributes/events-bulk-create/data', `At most ${MAX_BULK_EVENTS} events can be sent per request; got ${total}.`);
	}
	const seen = new Set<string>();
	entries.forEach((entry, i) => {
		const base = `/data/attributes/events-bulk-create/data/${i}/attributes`;
		const profileData = obj(obj(obj(obj(entry).attributes).profile).data);
		checkProfileData(ctx.store, profileData, `${base}/profile/data`);
		const profileKey = requestProfileKey(profileData);
		arr(obj(obj(obj(entry).attributes).events).data).forEach((event, j) => {
			const eventBase = `${base}/events/data/${j}/attributes`;
			const input = readEvent(obj(obj(event).attributes), eventBase, ctx.now);
			if (input.uniqueId === null) return;
			// Unlike single events, a repeated unique_id for the same profile and metric fails the whole request (OAS).
			const key = JSON.stringify([profileKey, input.metric, input.uniqueId]);
			if (seen.has(key)) {
				throw invalidPointer(`${eventBase}/unique_id`, `unique_id '${input.uniqueId}' is repeated for the same profile and metric '${input.metric}' in this request.`);
			}
			seen.add(key);
		});
	});
}

function processBulkEvents(store: Store, job: StoredJob): void {
	const entries = arr(obj(obj(obj(obj(job.payload).data).attributes)['events-bulk-create']).data);
	const receivedAt = Date.parse(job.created_at);
	for (const entry of entries) {
		const attributes = obj(obj(entry).attributes);
		const profileData = obj(obj(attributes.profile).data);
		// Bulk events carry profile meta beside attributes (OAS OnsiteProfileCreateQueryResourceObject).
		const profile = resolveEventProfile(store, profileData, obj(profileData.meta).patch_properties as PatchProperties | undefined);
		job.profile_ids.push(profile.id);
		for (const event of arr(obj(attributes.events).data)) {
			const input = readEvent(obj(obj(event).attributes), '', receivedAt);
			if (attributes.backfill === true) input.backfill = true;
			record(store, profile, input, 'bulk_create_events');
			job.completed_count += 1;
		}
	}
}

export const bulkCreateEvents: Handler = {
	operationId: 'bulk_create_events',
	method: 'POST',
	path: '/api/event-bulk-create-jobs',
	fallbackTier: TIER_M,
	handle(ctx) {
		readBulk(ctx);
		const entries = arr(obj(obj(obj(obj(ctx.body).data).attributes)['events-bulk-create']).data);
		const total = entries.reduce<number>((sum, entry) => sum + arr(obj(obj(obj(entry).attributes).events).data).length, 0);
		// Recorded when the simulated job time is over, each with the same dedupe rule as single events.
		queueJob(ctx, 'event-bulk-create-job', total, ctx.body);
		return { status: 202 };
	},
};

export const eventJobProcessors = { 'event-bulk-create-job': processBulkEvents };

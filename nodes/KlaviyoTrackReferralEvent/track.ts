import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { mapWithConcurrency } from '../shared/async';
import { KLAVIYO_LIMITS, planBatches, utf8ByteLength } from '../shared/domain';
import type { KlaviyoAuthentication } from '../shared/klaviyo/authentication';
import { BULK_EVENTS_MAX, createEvent, createEventsInBulk } from '../shared/klaviyo/events';
import { KlaviyoClient } from '../shared/klaviyo/transport';
import { ItemResults } from '../shared/n8n/itemResults';
import { AUTO_BULK_EVENTS_THRESHOLD } from './description';
import { readEventRequests, type EventRequest } from './readItem';

/**
 * Derived unique ids need the source's event id (the trigger's `id`, or a mapped Source Event ID). Without one the
 * event still goes out, deduplicated by Klaviyo only per profile, metric and second: say so, once per run.
 */
function hintAtMissingSourceIds(context: IExecuteFunctions, requests: EventRequest[]): void {
	if (context.getNodeParameter('uniqueIdMode', 0, 'derived') !== 'derived') return;
	const without = requests.filter((request) => request.event.uniqueId === undefined).length;
	if (without === 0 || typeof context.addExecutionHints !== 'function') return;
	context.addExecutionHints({
		message: `${without} of ${requests.length} events had no Source Event ID to derive a unique ID from. Klaviyo keeps one such event per profile, metric and second, so running the same input again later records it again: map "Source Event ID" (the platform's conversion or event ID).`,
		location: 'outputPane',
	});
}

/** Open requests at once on the per-event path; POST /api/events is Klaviyo's XL tier (350/s). */
const PER_EVENT_CONCURRENCY = 20;

/**
 * Track Referral Event: read and validate every event, drop repeats of a (profile, metric, unique id) inside the
 * batch (Klaviyo would ignore them one by one, and fail a whole bulk request for one), then send per event or in
 * bulk jobs of 1,000 grouped per profile. Output: one item per event, paired to its input item.
 */
export async function trackReferralEvents(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const results = new ItemResults(this, items.length);
	const now = new Date();
	const requests: EventRequest[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			requests.push(...readEventRequests(this, itemIndex, items[itemIndex].json, now));
		} catch (error) {
			results.fail(itemIndex, error as Error);
		}
	}
	results.throwFirstErrorUnlessContinuing();
	if (requests.length === 0) return results.output();
	hintAtMissingSourceIds(this, requests);

	const seen = new Set<string>();
	const toSend: EventRequest[] = [];
	const duplicates: EventRequest[] = [];
	for (const request of requests) {
		// Without a unique id Klaviyo's key is the time to the second (which the node then always sends).
		const { metric, uniqueId, time } = request.event;
		const key = JSON.stringify([request.profileKey, metric, uniqueId ?? time]);
		if (seen.has(key)) duplicates.push(request);
		else {
			seen.add(key);
			toSend.push(request);
		}
	}

	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	const bulk =
		options.batchMode === 'bulk' || (options.batchMode !== 'perEvent' && toSend.length > AUTO_BULK_EVENTS_THRESHOLD);
	const client = await KlaviyoClient.open(this, this.getNodeParameter('authentication', 0) as KlaviyoAuthentication);
	const errors = bulk ? await sendInBulk(client, toSend) : await sendEach(client, toSend);

	const output = new Map<EventRequest, IDataObject | Error>();
	toSend.forEach((request, index) => output.set(request, errors[index] ?? outputFor(request, 'accepted')));
	for (const request of duplicates) output.set(request, outputFor(request, 'duplicate'));
	for (const request of requests) {
		const outcome = output.get(request)!;
		if (outcome instanceof Error) results.fail(request.itemIndex, outcome);
		else results.succeed(request.itemIndex, outcome);
	}
	return results.output();
}

async function sendEach(client: KlaviyoClient, requests: EventRequest[]): Promise<Array<Error | undefined>> {
	return await mapWithConcurrency(requests, PER_EVENT_CONCURRENCY, async (request) => {
		try {
			await createEvent(client, request.event, request.itemIndex);
			return undefined;
		} catch (error) {
			return error as Error;
		}
	});
}

/** Bulk jobs of up to 1,000 events, each job's events grouped by profile as Klaviyo's bulk shape requires. */
async function sendInBulk(client: KlaviyoClient, requests: EventRequest[]): Promise<Array<Error | undefined>> {
	const errors = new Array<Error | undefined>(requests.length);
	const positions = requests.map((request, position) => ({ request, position }));
	// Events under every per-event limit can still add up to more than one request may carry.
	const plan = planBatches(positions, BULK_EVENTS_MAX, {
		maxBytes: KLAVIYO_LIMITS.payloadBytes,
		envelopeBytes: 1024,
		sizeOf: ({ request }) => utf8ByteLength(JSON.stringify(request.event)) + 256,
	});
	for (const { position } of plan.oversized) {
		errors[position] = new Error('The event is larger than Klaviyo takes in one request (5 MB)');
	}
	for (const batch of plan.chunks) {
		const byProfile = new Map<string, EventRequest[]>();
		for (const { request } of batch) {
			const same = byProfile.get(request.profileKey);
			if (same) same.push(request);
			else byProfile.set(request.profileKey, [request]);
		}
		try {
			await createEventsInBulk(
				client,
				[...byProfile.values()].map((events) => ({
					profile: events[0].event.profile,
					events: events.map((request) => request.event),
				})),
			);
		} catch (error) {
			for (const { position } of batch) errors[position] = error as Error;
		}
	}
	return errors;
}

function outputFor(request: EventRequest, status: 'accepted' | 'duplicate'): IDataObject {
	const { event } = request;
	return {
		metric: event.metric,
		role: request.role,
		profileId: event.profile.id ?? null,
		email: (event.profile.attributes.email as string) ?? null,
		phone_number: (event.profile.attributes.phone_number as string) ?? null,
		external_id: (event.profile.attributes.external_id as string) ?? null,
		uniqueId: event.uniqueId ?? null,
		time: event.time ?? null,
		value: event.value ?? null,
		status,
		...(status === 'duplicate'
			? { note: 'Same profile, metric and unique ID (without one: the same second) as an earlier event in this run: not sent twice.' }
			: {}),
	};
}

import type { IDataObject } from 'n8n-workflow';

import type { KlaviyoClient } from './transport';

/** Klaviyo's bulk event limit: 1,000 events per request (grouped per profile inside it). */
export const BULK_EVENTS_MAX = 1000;

export interface KlaviyoEvent {
	metric: string;
	/** Identifiers (and any attributes to set) of the profile the event belongs to. */
	profile: { id?: string; attributes: IDataObject };
	properties: IDataObject;
	time?: string;
	value?: number;
	valueCurrency?: string;
	uniqueId?: string;
	backfill?: boolean;
}

function eventAttributes(event: KlaviyoEvent): IDataObject {
	return {
		properties: event.properties,
		...(event.time ? { time: event.time } : {}),
		...(event.value !== undefined ? { value: event.value } : {}),
		...(event.valueCurrency ? { value_currency: event.valueCurrency } : {}),
		...(event.uniqueId ? { unique_id: event.uniqueId } : {}),
		...(event.backfill ? { backfill: true } : {}),
		metric: { data: { type: 'metric', attributes: { name: event.metric } } },
	};
}

const profileData = (profile: KlaviyoEvent['profile']) => ({
	type: 'profile',
	...(profile.id ? { id: profile.id } : {}),
	attributes: profile.attributes,
});

/** `POST /api/events` (202): one event; a repeated unique_id for the same profile and metric is ignored by Klaviyo. */
export async function createEvent(client: KlaviyoClient, event: KlaviyoEvent, itemIndex: number): Promise<void> {
	await client.request({
		operation: 'createEvent',
		method: 'POST',
		path: '/api/events',
		body: {
			data: {
				type: 'event',
				attributes: { ...eventAttributes(event), profile: { data: profileData(event.profile) } },
			},
		},
		itemIndex,
	});
}

/**
 * `POST /api/event-bulk-create-jobs` (202) with up to 1,000 events grouped per profile. The caller must have
 * removed repeated unique ids for the same profile and metric: Klaviyo fails the whole request for one.
 */
export async function createEventsInBulk(
	client: KlaviyoClient,
	groups: Array<{ profile: KlaviyoEvent['profile']; events: KlaviyoEvent[] }>,
): Promise<void> {
	await client.request({
		operation: 'bulkCreateEvents',
		method: 'POST',
		path: '/api/event-bulk-create-jobs',
		body: {
			data: {
				type: 'event-bulk-create-job',
				attributes: {
					'events-bulk-create': {
						data: groups.map((group) => ({
							type: 'event-bulk-create',
							attributes: {
								profile: { data: profileData(group.profile) },
								events: { data: group.events.map((event) => ({ type: 'event', attributes: eventAttributes(event) })) },
							},
						})),
					},
				},
			},
		},
	});
}

import type { IDataObject } from 'n8n-workflow';

import { chunk, emailComparisonKey } from '../domain';
import { anyOf } from './filters';
import type { KlaviyoClient } from './transport';

/** Klaviyo caps GET /api/profiles at 100 per page; one `any(...)` read resolves up to 100 people. */
export const PROFILE_READ_BATCH = 100;
/** Reads in flight at once; the rate gate, not this, sets the pace. */
export const PROFILE_READ_CONCURRENCY = 8;

export type ProfileIdentifierField = 'email' | 'phone_number' | 'external_id' | 'id';

export interface KlaviyoProfile {
	id: string;
	attributes: IDataObject;
}

/** How a profile is looked up by each identifier: emails match case-insensitively in Klaviyo, in any Unicode form. */
export function identifierKey(field: ProfileIdentifierField, value: string): string {
	return field === 'email' ? emailComparisonKey(value) : value.trim();
}

/**
 * Reads the profiles that carry any of `values` in `field`, 100 per call. Returns them keyed by `identifierKey`.
 */
export async function findProfiles(
	client: KlaviyoClient,
	field: ProfileIdentifierField,
	values: string[],
): Promise<Map<string, KlaviyoProfile>> {
	const found = new Map<string, KlaviyoProfile>();
	const unique = [...new Set(values.map((value) => identifierKey(field, value)))];
	for (const batch of chunk(unique, PROFILE_READ_BATCH)) {
		const { body } = await client.request<{ data?: KlaviyoProfile[] }>({
			operation: 'getProfiles',
			method: 'GET',
			path: '/api/profiles',
			qs: { filter: anyOf(field, batch), 'page[size]': PROFILE_READ_BATCH },
		});
		for (const profile of body.data ?? []) {
			const value = field === 'id' ? profile.id : profile.attributes?.[field];
			if (typeof value === 'string') found.set(identifierKey(field, value), profile);
		}
	}
	return found;
}

export interface ImportedProfile {
	id: string;
	created: boolean;
	attributes: IDataObject;
}

/** Create-or-update one profile (`POST /api/profile-import`: 201 created, 200 updated). */
export async function importProfile(
	client: KlaviyoClient,
	attributes: IDataObject,
	itemIndex: number,
	profileId?: string,
): Promise<ImportedProfile> {
	const { status, body } = await client.request<{ data: KlaviyoProfile }>({
		operation: 'createOrUpdateProfile',
		method: 'POST',
		path: '/api/profile-import',
		body: { data: { type: 'profile', ...(profileId ? { id: profileId } : {}), attributes } },
		itemIndex,
	});
	return { id: body.data.id, created: status === 201, attributes: body.data.attributes ?? {} };
}

import { emailComparisonKey } from './email';

/**
 * The writable attributes of a Klaviyo profile (OpenAPI `ProfileUpsertQuery`, `ProfileLocation`), and how the merge
 * planner classifies each of them.
 */

/** Fields that find the profile on `POST /api/profile-import`; `_kx` is Klaviyo's web-tracking exchange id. */
export const PROFILE_IDENTIFIER_FIELDS = ['email', 'phone_number', 'external_id', '_kx'] as const;

export const PROFILE_STANDARD_FIELDS = ['first_name', 'last_name', 'organization', 'title', 'image', 'locale'] as const;

export const PROFILE_LOCATION_FIELDS = [
	'address1',
	'address2',
	'city',
	'country',
	'region',
	'zip',
	'timezone',
	'ip',
	'latitude',
	'longitude',
] as const;

/** Present in GET responses, rejected or ignored on writes. */
export const PROFILE_READ_ONLY_FIELDS = [
	'id',
	'created',
	'updated',
	'last_event_date',
	'subscriptions',
	'predictive_analytics',
] as const;

/** Every name `overwriteSelected` can select besides `properties.<key>`: a node can offer these as options. */
export const OVERWRITABLE_PROFILE_FIELDS: readonly string[] = [
	...PROFILE_STANDARD_FIELDS,
	'location',
	...PROFILE_LOCATION_FIELDS.map((field) => `location.${field}`),
];

/**
 * - `identifier`: finds the profile; sent when it is the value Klaviyo holds, else it follows the merge mode.
 * - `standard`: a top-level standard field or a `location.*` field; follows the merge mode.
 * - `property`: a custom `properties.*` key.
 * - `unsupported`: not a writable profile attribute; never sent.
 */
export type ProfileFieldKind = 'identifier' | 'standard' | 'property' | 'unsupported';

function includes(list: readonly string[], name: string): boolean {
	return list.includes(name);
}

export function classifyTopLevelField(name: string): ProfileFieldKind {
	if (includes(PROFILE_IDENTIFIER_FIELDS, name)) return 'identifier';
	if (includes(PROFILE_STANDARD_FIELDS, name)) return 'standard';
	return 'unsupported';
}

export function isLocationField(name: string): boolean {
	return includes(PROFILE_LOCATION_FIELDS, name);
}

export function isReadOnlyField(name: string): boolean {
	return includes(PROFILE_READ_ONLY_FIELDS, name);
}

/**
 * Comparable form of an identifier: Klaviyo matches emails case-insensitively (and one address in NFC or NFD is
 * one address); phone formatting is not meaningful.
 */
export function identifierComparisonKey(field: string, value: unknown): string {
	const text = String(value).trim();
	if (field === 'email') return emailComparisonKey(text);
	if (field === 'phone_number') return text.replace(/(?!^\+)[^\d]/g, '');
	return text;
}

/** Klaviyo takes latitude/longitude as a string or a number, and may return either. */
export function isCoordinateField(path: string): boolean {
	return path === 'location.latitude' || path === 'location.longitude';
}

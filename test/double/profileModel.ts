import { clock } from './clock';
import { ApiError, duplicateProfile, invalidPointer, notFound } from './errors';
import { IDENTIFIER_KEYS, IdentifierKey, Store } from './state';
import { StateProfile } from './types';

/** How a profile write treats `null`: profile-import and PATCH clear the field; the bulk import job never clears. */
export type NullPolicy = 'null-clears' | 'null-ignored';

export interface PatchProperties {
	append?: Record<string, unknown> | null;
	unappend?: Record<string, unknown> | null;
	unset?: string | string[] | null;
}

const STANDARD_FIELDS = ['first_name', 'last_name', 'organization', 'locale', 'title', 'image'] as const;

// Klaviyo answers these two with 400 on single writes and with an import error in bulk jobs. The schema has no
// `format` for either, so the checks live here. Phone numbers must be E.164 (OAS: "in E.164 format").
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const E164 = /^\+[1-9]\d{1,14}$/;
export const INVALID_EMAIL = 'Invalid email address';
export const INVALID_PHONE = 'Invalid phone number format (Example of a valid format: +12345678901)';

export function isE164(value: string): boolean {
	return E164.test(value);
}

/** The first malformed identifier among attributes, as a 400 pointing at it (`base` is the attributes' pointer). */
export function identifierFormatError(attributes: Record<string, unknown>, base: string): ApiError | null {
	if (typeof attributes.email === 'string' && !EMAIL.test(attributes.email.trim())) return invalidPointer(`${base}/email`, INVALID_EMAIL);
	if (typeof attributes.phone_number === 'string' && !isE164(attributes.phone_number)) return invalidPointer(`${base}/phone_number`, INVALID_PHONE);
	return null;
}

function sentIdentifiers(attributes: Record<string, unknown>): Array<[IdentifierKey, string]> {
	return IDENTIFIER_KEYS.filter((key) => typeof attributes[key] === 'string' && (attributes[key] as string).trim() !== '').map((key) => [
		key,
		attributes[key] as string,
	]);
}

export function hasIdentifier(attributes: Record<string, unknown>): boolean {
	return sentIdentifiers(attributes).length > 0;
}

export type Resolution = { kind: 'create' } | { kind: 'update'; profile: StateProfile } | { kind: 'conflict'; duplicateId: string };

/** An identifier of `profile` that `attributes` would take from another profile: that profile's id. */
function clashWithOthers(store: Store, profile: StateProfile, attributes: Record<string, unknown>): string | null {
	for (const [key, value] of sentIdentifiers(attributes)) {
		const owner = store.findByIdentifier(key, value);
		if (owner && owner.id !== profile.id) return owner.id;
	}
	return null;
}

/**
 * profile-import matching: by `data.id` when given, else by identifiers. The first identifier that finds a profile
 * (email, then phone_number, external_id, _kx, anonymous_id) picks it — "if the email matches an existing profile,
 * other identifiers sent update that profile"; an identifier that belongs to a different profile is a conflict,
 * reported with that other profile's id (klaviyo-api-node#74/#75).
 */
export function resolveProfile(store: Store, id: string | null | undefined, attributes: Record<string, unknown>): Resolution {
	if (id) {
		const profile = store.profile(id);
		if (!profile) throw notFound(`A profile with id '${id}' does not exist.`, { pointer: '/data/id' });
		const clash = clashWithOthers(store, profile, attributes);
		return clash ? { kind: 'conflict', duplicateId: clash } : { kind: 'update', profile };
	}
	let primary: StateProfile | undefined;
	for (const [key, value] of sentIdentifiers(attributes)) {
		const owner = store.findByIdentifier(key, value);
		if (!owner) continue;
		if (!primary) primary = owner;
		else if (owner.id !== primary.id) return { kind: 'conflict', duplicateId: owner.id };
	}
	return primary ? { kind: 'update', profile: primary } : { kind: 'create' };
}

/** Resolves or throws Klaviyo's 409 duplicate_profile. */
export function resolveOrThrow(store: Store, id: string | null | undefined, attributes: Record<string, unknown>): Resolution {
	const resolution = resolveProfile(store, id, attributes);
	if (resolution.kind === 'conflict') throw duplicateProfile(resolution.duplicateId);
	return resolution;
}

export function assertNoClash(store: Store, profile: StateProfile, attributes: Record<string, unknown>): void {
	const clash = clashWithOthers(store, profile, attributes);
	if (clash) throw duplicateProfile(clash);
}

function mergeObject(target: Record<string, unknown>, patch: Record<string, unknown>, policy: NullPolicy): void {
	for (const [key, value] of Object.entries(patch)) {
		if (value === null) {
			if (policy === 'null-clears') delete target[key];
		} else {
			target[key] = value;
		}
	}
}

function asList(value: unknown): unknown[] {
	return Array.isArray(value) ? value : [value];
}

/** meta.patch_properties: append adds to an array property (turning a scalar into an array, community #15652). */
function applyPatchProperties(properties: Record<string, unknown>, patch: PatchProperties): void {
	for (const [key, value] of Object.entries(patch.append ?? {})) {
		const existing = properties[key];
		const current = existing === undefined || existing === null ? [] : asList(existing);
		properties[key] = [...current, ...asList(value)];
	}
	for (const [key, value] of Object.entries(patch.unappend ?? {})) {
		const existing = properties[key];
		if (!Array.isArray(existing)) continue;
		const removed = asList(value).map((v) => JSON.stringify(v));
		properties[key] = existing.filter((item) => !removed.includes(JSON.stringify(item)));
	}
	const unset = patch.unset === undefined || patch.unset === null ? [] : asList(patch.unset);
	for (const key of unset) delete properties[String(key)];
}

/**
 * Writes attributes onto a profile. Omitted fields stay; `null` clears under 'null-clears' and is skipped under
 * 'null-ignored'. `location` and `properties` merge by key (a null value clears that key), then patch_properties.
 */
export function applyProfileInput(
	store: Store,
	profile: StateProfile,
	attributes: Record<string, unknown>,
	patch: PatchProperties | null | undefined,
	policy: NullPolicy,
): void {
	for (const key of IDENTIFIER_KEYS) {
		if (!(key in attributes)) continue;
		const value = attributes[key];
		if (value === null && policy === 'null-ignored') continue;
		store.setIdentifier(profile, key, typeof value === 'string' && value.trim() !== '' ? value.trim() : null);
	}
	for (const key of STANDARD_FIELDS) {
		if (!(key in attributes)) continue;
		const value = attributes[key];
		if (value === null && policy === 'null-ignored') continue;
		profile.attributes[key] = (value as string | null) ?? null;
	}
	for (const key of ['location', 'properties'] as const) {
		if (!(key in attributes)) continue;
		const value = attributes[key];
		if (value === null) {
			if (policy === 'null-clears') profile.attributes[key] = {};
			continue;
		}
		mergeObject(profile.attributes[key] as Record<string, unknown>, value as Record<string, unknown>, policy);
	}
	if (patch) applyPatchProperties(profile.attributes.properties, patch);
	profile.updated = clock.iso();
}

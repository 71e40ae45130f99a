import {
	classifyTopLevelField,
	identifierComparisonKey,
	isCoordinateField,
	isLocationField,
	isReadOnlyField,
	type ProfileFieldKind,
} from './profileFields';
import { isEmptyValue, isPlainObject, ownValue, setOwn, toFiniteNumber, valuesEqual, type PlainObject } from './values';

/**
 * Refersion's "Existing Profile Sync" modes, for a profile that already exists in Klaviyo:
 * - `keepExisting` ("Don't update existing fields"): standard fields are never sent, not even into empty ones.
 * - `fillEmpty`: standard fields are sent only where Klaviyo has no value.
 * - `overwriteSelected`: only the fields named in `overwrite` are written, over existing values too.
 * Custom properties are sent in every mode (see `alwaysSend`). Identifiers: the one whose value Klaviyo already
 * holds (the one that found the profile) is always sent; any other (a new phone number next to a known email) is
 * personal data like a standard field and follows the mode, so "Don't update existing fields" never replaces a
 * phone and a number that belongs to someone else does not silently move. `overwriteSelected` selects them by name
 * (`phone_number`). Klaviyo has no "set only if empty" operator, so the caller must GET the profile first and pass
 * its attributes as `existing`.
 */
export type ProfileMergeMode = 'keepExisting' | 'fillEmpty' | 'overwriteSelected';

export const PROFILE_MERGE_MODES: readonly ProfileMergeMode[] = ['keepExisting', 'fillEmpty', 'overwriteSelected'];

export interface ProfileMergeOptions {
	/** Defaults to `fillEmpty`. */
	mode?: ProfileMergeMode;
	/**
	 * For `overwriteSelected`: attribute names (`first_name`), `location.<field>` or `properties.<key>`. A parent
	 * (`location`, `properties`) selects all its fields. Names that match nothing select nothing.
	 */
	overwrite?: readonly string[];
	/**
	 * Property keys (without `properties.`) that are the program's own affiliate properties, sent in every mode.
	 * Left out, every incoming property counts as one. Given, the other properties follow the mode like standard
	 * fields, so `overwrite` can select them as `properties.<key>`.
	 */
	alwaysSend?: readonly string[];
}

export type ProfileAttributes = PlainObject & { location?: PlainObject; properties?: PlainObject };

export interface FieldChange {
	/** `null` when Klaviyo had no value (absent, null or blank). */
	from: unknown;
	to: unknown;
}

export interface KeptField {
	existing: unknown;
	incoming: unknown;
	reason: string;
}

export interface ProfileMergePlan {
	/**
	 * Exactly the `attributes` of `POST /api/profile-import`. Keys are own data properties whatever their name
	 * (`__proto__`, `constructor`): serialize with JSON.stringify, copy with spread, never with plain assignment.
	 */
	attributes: ProfileAttributes;
	/** Fields whose value in Klaviyo changes, by dotted name. Identifiers sent unchanged are not listed. */
	changes: Record<string, FieldChange>;
	/** Incoming fields that are not sent, by dotted name, with the reason. */
	kept: Record<string, KeptField>;
}

export const KEPT_REASONS = {
	emptyIncoming: 'empty incoming value: never clears Klaviyo data',
	unchanged: 'unchanged',
	keepExisting: 'keepExisting: existing profile fields are never updated',
	fillEmpty: 'fillEmpty: Klaviyo already has a value',
	notSelected: 'overwriteSelected: not selected',
	readOnly: 'read-only in Klaviyo',
	unsupported: 'not a writable Klaviyo profile attribute',
	notAnObject: 'must be an object',
} as const;

type Group = 'location' | 'properties';

interface IncomingField {
	path: string;
	/** Where the value goes in `attributes`: a top-level name, or a group and a key inside it. */
	group?: Group;
	key: string;
	kind: ProfileFieldKind;
	incoming: unknown;
	existing: unknown;
	/** Set for fields that are never sent whatever their value. */
	unsendableReason?: string;
}

type Decision = { send: true } | { send: false; reason: string };

/**
 * Plans one create-or-update of a profile: what to send, what changes, and what is deliberately not sent.
 * `existing` is the profile's `attributes` from GET /api/profiles, or `null` when there is no such profile yet.
 * Pure: neither argument is modified.
 */
export function planProfileMerge(
	existing: Readonly<PlainObject> | null | undefined,
	incoming: Readonly<PlainObject>,
	options: ProfileMergeOptions = {},
): ProfileMergePlan {
	const plan: ProfileMergePlan = { attributes: {}, changes: {}, kept: {} };
	for (const field of listIncomingFields(existing ?? undefined, incoming)) {
		const decision = decide(field, existing ?? undefined, options);
		if (!decision.send) {
			setOwn(plan.kept, field.path, { existing: field.existing, incoming: field.incoming, reason: decision.reason });
			continue;
		}
		writeAttribute(plan.attributes, field);
		if (!(field.kind === 'identifier' && identifiersEqual(field))) {
			const from = isEmptyValue(field.existing) ? null : field.existing;
			setOwn(plan.changes, field.path, { from, to: field.incoming });
		}
	}
	return plan;
}

function listIncomingFields(
	existing: Readonly<PlainObject> | undefined,
	incoming: Readonly<PlainObject>,
): IncomingField[] {
	const fields: IncomingField[] = [];
	for (const [name, value] of Object.entries(incoming)) {
		if (name === 'location' || name === 'properties') {
			fields.push(...listGroupFields(name, value, ownValue(existing, name)));
			continue;
		}
		const kind = classifyTopLevelField(name);
		const field: IncomingField = { path: name, key: name, kind, incoming: value, existing: ownValue(existing, name) };
		if (kind === 'unsupported') {
			field.unsendableReason = isReadOnlyField(name) ? KEPT_REASONS.readOnly : KEPT_REASONS.unsupported;
		}
		fields.push(field);
	}
	return fields;
}

function listGroupFields(group: Group, value: unknown, existingGroup: unknown): IncomingField[] {
	if (!isPlainObject(value)) {
		const field: IncomingField = {
			path: group,
			key: group,
			kind: 'unsupported',
			incoming: value,
			existing: existingGroup,
		};
		// An empty group says nothing, like any other empty value; anything else in its place is malformed.
		if (!isEmptyValue(value)) field.unsendableReason = KEPT_REASONS.notAnObject;
		return [field];
	}
	const existingValues = isPlainObject(existingGroup) ? existingGroup : {};
	return Object.entries(value).map(([key, incoming]) => {
		const supported = group === 'properties' || isLocationField(key);
		const kind: ProfileFieldKind = group === 'properties' ? 'property' : supported ? 'standard' : 'unsupported';
		const field: IncomingField = {
			path: `${group}.${key}`,
			group,
			key,
			kind,
			incoming,
			existing: ownValue(existingValues, key),
		};
		if (!supported) field.unsendableReason = KEPT_REASONS.unsupported;
		return field;
	});
}

function decide(
	field: IncomingField,
	existing: Readonly<PlainObject> | undefined,
	options: ProfileMergeOptions,
): Decision {
	if (field.unsendableReason) return { send: false, reason: field.unsendableReason };
	// Klaviyo clears a field sent as null, so an empty incoming value must be left out, never sent.
	if (isEmptyValue(field.incoming)) return { send: false, reason: KEPT_REASONS.emptyIncoming };
	if (existing === undefined) return { send: true };
	if (field.kind === 'identifier') {
		// The value Klaviyo holds identifies the profile; sending it is never a change. Any other value follows the mode.
		if (identifiersEqual(field)) return { send: true };
	} else {
		if (sameValue(field)) return { send: false, reason: KEPT_REASONS.unchanged };
		if (field.kind === 'property' && isAffiliateProperty(field.key, options)) return { send: true };
	}

	const mode = options.mode ?? 'fillEmpty';
	if (mode === 'keepExisting') return { send: false, reason: KEPT_REASONS.keepExisting };
	if (mode === 'fillEmpty') {
		return isEmptyValue(field.existing) ? { send: true } : { send: false, reason: KEPT_REASONS.fillEmpty };
	}
	const selected = isSelected(field, options.overwrite ?? []);
	return selected ? { send: true } : { send: false, reason: KEPT_REASONS.notSelected };
}

function isAffiliateProperty(key: string, options: ProfileMergeOptions): boolean {
	return options.alwaysSend === undefined || options.alwaysSend.includes(key);
}

function isSelected(field: IncomingField, overwrite: readonly string[]): boolean {
	return overwrite.includes(field.path) || (field.group !== undefined && overwrite.includes(field.group));
}

function sameValue(field: IncomingField): boolean {
	if (valuesEqual(field.existing, field.incoming)) return true;
	if (!isCoordinateField(field.path)) return false;
	const existing = toFiniteNumber(field.existing);
	return existing !== undefined && existing === toFiniteNumber(field.incoming);
}

function identifiersEqual(field: IncomingField): boolean {
	if (isEmptyValue(field.existing)) return false;
	return identifierComparisonKey(field.key, field.existing) === identifierComparisonKey(field.key, field.incoming);
}

function writeAttribute(attributes: ProfileAttributes, field: IncomingField): void {
	if (field.group === undefined) {
		setOwn(attributes, field.key, field.incoming);
		return;
	}
	const group = (attributes[field.group] ??= {});
	setOwn(group, field.key, field.incoming);
}

import type { IDataObject } from 'n8n-workflow';

import {
	isPlainObject,
	planProfileMerge,
	planReferralTotals,
	type FieldChange,
	type KeptField,
	type PlainObject,
} from '../shared/domain';
import { identifierKey, type KlaviyoProfile } from '../shared/klaviyo/profiles';
import type { ProfileRequest } from './readItem';

/** What one input item contributes to its profile's write, for its output item. */
export interface ItemPlan {
	changes: Record<string, FieldChange>;
	kept: Record<string, KeptField>;
	referralTotals?: { counted: boolean; replaySafe: boolean; reason?: string };
}

/** One Klaviyo profile and every input item that addresses it: read once, written once. */
export interface ProfileWrite {
	profileId?: string;
	/** Whether Klaviyo was asked if the profile exists (skipped when nothing depends on it). */
	compared: boolean;
	exists: boolean;
	itemIndexes: number[];
	attributes: IDataObject;
	/** False when nothing would change on an existing profile: then no call is made at all. */
	needsWrite: boolean;
	items: Map<number, ItemPlan>;
}

/**
 * Groups items by the profile they address (the found profile, else their first identifier) and plans each group's
 * single write: every item is merged in input order against what the previous ones already set, so two rows for
 * the same affiliate behave as if applied one after the other.
 * `found` maps an item index to its existing profile, `null` for none, or `undefined` when nobody asked Klaviyo.
 */
export function planProfileWrites(
	requests: readonly ProfileRequest[],
	found: ReadonlyMap<number, KlaviyoProfile | null | undefined>,
): ProfileWrite[] {
	const groups = new Map<string, ProfileWrite & { snapshot: PlainObject | null }>();
	for (const request of requests) {
		const profile = found.get(request.itemIndex);
		const first = request.identifiers[0];
		const key = profile ? `id:${profile.id}` : `${first.field}:${identifierKey(first.field, first.value)}`;
		let group = groups.get(key);
		if (!group) {
			group = {
				profileId: profile?.id,
				compared: profile !== undefined,
				exists: Boolean(profile),
				itemIndexes: [],
				attributes: {},
				needsWrite: false,
				items: new Map(),
				snapshot: profile ? structuredClone(profile.attributes as PlainObject) : null,
			};
			groups.set(key, group);
		}
		const { incoming, heldBack } = holdBackOtherIdentifiers(request, group.snapshot);
		const plan = planProfileMerge(group.snapshot, incoming, { mode: request.mode, overwrite: request.overwrite });
		const item: ItemPlan = { changes: plan.changes, kept: { ...plan.kept, ...heldBack, ...request.ignored } };
		if (request.totals) {
			const totals = planReferralTotals({
				names: request.totals.names,
				updates: request.totals.updates,
				referralId: request.totals.referralId,
				existingProperties: mergeDeep(group.snapshot ?? {}, plan.attributes).properties as PlainObject | undefined,
			});
			item.referralTotals = { counted: !totals.skipped, replaySafe: totals.replaySafe, reason: totals.reason };
			if (Object.keys(totals.properties).length > 0) {
				const before = (group.snapshot?.properties ?? {}) as PlainObject;
				plan.attributes.properties = { ...(plan.attributes.properties ?? {}), ...totals.properties };
				for (const [name, value] of Object.entries(totals.properties)) {
					item.changes[`properties.${name}`] = { from: before[name] ?? null, to: value };
				}
			}
		}
		group.itemIndexes.push(request.itemIndex);
		group.items.set(request.itemIndex, item);
		group.attributes = mergeDeep(group.attributes, plan.attributes) as IDataObject;
		group.snapshot = mergeDeep(group.snapshot ?? {}, plan.attributes);
	}
	return [...groups.values()].map(({ snapshot: _snapshot, ...group }) => ({
		...group,
		needsWrite: !group.exists || [...group.items.values()].some((item) => Object.keys(item.changes).length > 0),
	}));
}

/**
 * The identifier that found an existing profile is always sent; its other identifiers are personal data like any
 * standard field and follow the merge mode — otherwise "Don't update existing fields" would still replace a phone
 * number, and a phone that belongs to someone else would draw a 409.
 */
function holdBackOtherIdentifiers(
	request: ProfileRequest,
	existing: PlainObject | null,
): { incoming: IDataObject; heldBack: Record<string, KeptField> } {
	const heldBack: Record<string, KeptField> = {};
	if (!existing) return { incoming: request.incoming, heldBack };
	const matched = request.identifiers.find(
		({ field, value }) => typeof existing[field] === 'string' && identifierKey(field, existing[field] as string) === identifierKey(field, value),
	)?.field;
	const incoming = { ...request.incoming };
	for (const { field, value } of request.identifiers) {
		if (field === matched) continue;
		const current = existing[field];
		const hasValue = typeof current === 'string' && current.trim() !== '';
		if (hasValue && identifierKey(field, current as string) === identifierKey(field, value)) continue;
		let reason: string | undefined;
		if (request.mode === 'keepExisting') reason = 'keepExisting: existing profile fields are never updated';
		else if (request.mode === 'fillEmpty' && hasValue) reason = 'fillEmpty: Klaviyo already has a value';
		else if (request.mode === 'overwriteSelected' && !request.overwrite.includes(field)) {
			reason = 'overwriteSelected: not selected';
		}
		if (reason) {
			delete incoming[field];
			heldBack[field] = { existing: current ?? null, incoming: value, reason };
		}
	}
	return { incoming, heldBack };
}

/** `location` and `properties` merge by key, as Klaviyo merges them; other fields are replaced. */
function mergeDeep(base: PlainObject, patch: PlainObject): PlainObject {
	const merged: PlainObject = { ...base };
	for (const [name, value] of Object.entries(patch)) {
		merged[name] = isPlainObject(value) && isPlainObject(base[name]) ? { ...base[name], ...value } : value;
	}
	return merged;
}

import type { IDataObject } from 'n8n-workflow';

import {
	isPlainObject,
	ownValue,
	planProfileMerge,
	planReferralTotals,
	setOwn,
	valuesEqual,
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
	/** What the item asked for but did not get, in words (shown as `warnings` in the output). */
	warnings?: string[];
}

/** The totals' only warning: a referral without an amount (see `planReferralTotals`). */
const WITHOUT_AMOUNT = 'Referral Revenue Value: the item has no amount (conversion.amount or an amount column), so';

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
 * the same affiliate behave as if applied one after the other. What is sent and what is kept is decided by the
 * domain's `planProfileMerge` alone (identifiers included); this adds the grouping and the referral totals.
 * `found` maps an item index to its existing profile, `null` for none, or `undefined` when nobody asked Klaviyo.
 * An item that cannot be planned (a counted-ids property the node cannot read) goes to `failItem` and leaves its
 * group's write as if it were not there; without `failItem` the error is thrown.
 */
export function planProfileWrites(
	requests: readonly ProfileRequest[],
	found: ReadonlyMap<number, KlaviyoProfile | null | undefined>,
	failItem: (itemIndex: number, error: Error) => void = (_itemIndex, error) => {
		throw error;
	},
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
		let planned: { item: ItemPlan; attributes: PlainObject };
		try {
			planned = planItem(request, group.snapshot);
		} catch (error) {
			// The referral totals throw RangeError for what the item or the stored profile gets wrong.
			failItem(request.itemIndex, error instanceof RangeError ? new Error(`Referral totals: ${error.message}`) : (error as Error));
			continue;
		}
		group.itemIndexes.push(request.itemIndex);
		group.items.set(request.itemIndex, planned.item);
		group.attributes = mergeDeep(group.attributes, planned.attributes) as IDataObject;
		group.snapshot = mergeDeep(group.snapshot ?? {}, planned.attributes);
	}
	const planned = [...groups.values()].filter((group) => group.itemIndexes.length > 0);
	return planned.map(({ snapshot: _snapshot, ...group }) => ({
		...group,
		needsWrite: !group.exists || [...group.items.values()].some((item) => Object.keys(item.changes).length > 0),
	}));
}

/** One item against what its profile holds so far: the merge, then the referral totals on top of it. */
function planItem(request: ProfileRequest, snapshot: PlainObject | null): { item: ItemPlan; attributes: PlainObject } {
	const plan = planProfileMerge(snapshot, request.incoming, { mode: request.mode, overwrite: request.overwrite });
	const item: ItemPlan = { changes: plan.changes, kept: { ...plan.kept, ...request.ignored } };
	if (request.totals) {
		const totals = planReferralTotals({
			names: request.totals.names,
			updates: request.totals.updates,
			referralId: request.totals.referralId,
			existingProperties: mergeDeep(snapshot ?? {}, plan.attributes).properties as PlainObject | undefined,
		});
		item.referralTotals = { counted: !totals.skipped, replaySafe: totals.replaySafe, reason: totals.reason };
		if (totals.warning) item.warnings = [`${WITHOUT_AMOUNT} ${totals.warning}`];
		const before = (snapshot?.properties ?? {}) as PlainObject;
		// A total Klaviyo already holds (a replayed Set) is neither a change nor worth a write.
		const changed = Object.entries(totals.properties).filter(([name, value]) => !valuesEqual(ownValue(before, name), value));
		if (changed.length > 0) plan.attributes.properties = { ...(plan.attributes.properties ?? {}) };
		for (const [name, value] of changed) {
			setOwn(plan.attributes.properties as PlainObject, name, value);
			setOwn(item.changes, `properties.${name}`, { from: ownValue(before, name) ?? null, to: value });
		}
	}
	return { item, attributes: plan.attributes };
}

/** `location` and `properties` merge by key, as Klaviyo merges them; other fields are replaced. */
function mergeDeep(base: PlainObject, patch: PlainObject): PlainObject {
	const merged: PlainObject = { ...base };
	for (const [name, value] of Object.entries(patch)) {
		const current = ownValue(base, name);
		// Spread copies keys as data, so a property named `__proto__` stays a property.
		setOwn(merged, name, isPlainObject(value) && isPlainObject(current) ? { ...current, ...value } : value);
	}
	return merged;
}

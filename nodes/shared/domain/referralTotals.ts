import { formatIsoSeconds, parseIsoTimestamp } from './isoTime';
import { addMoney, DEFAULT_CURRENCY_DECIMALS } from './money';
import { toFiniteNumber, type PlainObject } from './values';

/**
 * Okendo-style referral totals kept as custom profile properties: number of successful referrals, total successful
 * referral revenue, latest successful referral date. `set` writes the source's value; `add` combines it with the
 * profile's current value (count + n, revenue + amount, the later of the two dates).
 *
 * Replay safety: Klaviyo has no increment operator, so `add` is read-modify-write. To make a redelivered webhook
 * change nothing, the profile remembers the referral ids already counted in a list property and an update whose
 * id is on it is skipped whole. Only the most recent `maxRememberedIds` ids are kept, so an id older than that
 * could be counted again. Two executions updating the same profile at once can still race (no compare-and-set).
 */
export type TotalMode = 'set' | 'add';

export interface TotalUpdate<V> {
	mode: TotalMode;
	value: V;
}

export interface ReferralTotalsUpdates {
	/** An integer; `set` takes a value ≥ 0. */
	count?: TotalUpdate<number>;
	/** Major units (9.99), rounded to `revenueDecimals`. */
	revenue?: TotalUpdate<number>;
	/** ISO 8601 with a zone, or a date. */
	latestDate?: TotalUpdate<string>;
}

/** The custom property names on the profile. */
export interface ReferralTotalsNames {
	count: string;
	revenue: string;
	latestDate: string;
	/** A list of the referral ids already counted, e.g. 'Affiliate Counted Referral IDs'. */
	countedIds: string;
}

export interface ReferralTotalsSettings {
	names: ReferralTotalsNames;
	/** Defaults to 200. At ~40 bytes an id, 200 ids stay far below Klaviyo's 100 KB profile payload. */
	maxRememberedIds?: number;
	/** Minor-unit digits of the revenue currency (see `currencyDecimals`); defaults to 2. */
	revenueDecimals?: number;
}

export interface PlanReferralTotalsInput extends ReferralTotalsSettings {
	existingProperties: Readonly<PlainObject> | null | undefined;
	updates: ReferralTotalsUpdates;
	/** The referral or conversion id; without it `add` is not replay-safe. */
	referralId?: string;
}

export interface ReferralTotalsPlan {
	/** Only the properties this update writes; merge them into the profile's incoming `properties`. */
	properties: PlainObject;
	/** True when the referral id was already counted: nothing is written. */
	skipped: boolean;
	/** False when a count or revenue `add` has no referral id, so a redelivery would be counted again. */
	replaySafe: boolean;
	reason?: string;
}

export const DEFAULT_MAX_REMEMBERED_IDS = 200;

export const REFERRAL_TOTALS_REASONS = {
	alreadyCounted: 'referral already counted on this profile',
	notReplaySafe: 'add without a referral id is not replay-safe: a redelivery would be counted again',
} as const;

/**
 * Plans the totals for one referral on one profile. Throws a RangeError for invalid input (a fractional count, a
 * date without a zone, duplicate property names), which is a mapping mistake rather than data to skip.
 */
export function planReferralTotals(input: PlanReferralTotalsInput): ReferralTotalsPlan {
	const { names, updates } = input;
	const maxRemembered = input.maxRememberedIds ?? DEFAULT_MAX_REMEMBERED_IDS;
	const decimals = input.revenueDecimals ?? DEFAULT_CURRENCY_DECIMALS;
	assertSettings(names, maxRemembered, decimals);
	assertUpdates(updates);
	const existing = input.existingProperties ?? {};
	const referralId = input.referralId?.trim() || undefined;

	const remembered = readRememberedIds(existing[names.countedIds]);
	if (referralId !== undefined && remembered.includes(referralId)) {
		return { properties: {}, skipped: true, replaySafe: true, reason: REFERRAL_TOTALS_REASONS.alreadyCounted };
	}

	const properties: PlainObject = {};
	if (updates.count) {
		const { mode, value } = updates.count;
		properties[names.count] = mode === 'set' ? value : (toFiniteNumber(existing[names.count]) ?? 0) + value;
	}
	if (updates.revenue) {
		const { mode, value } = updates.revenue;
		const current = mode === 'set' ? 0 : toFiniteNumber(existing[names.revenue]) ?? 0;
		properties[names.revenue] = addMoney([current, value], decimals);
	}
	if (updates.latestDate) {
		properties[names.latestDate] = nextLatestDate(updates.latestDate, existing[names.latestDate]);
	}
	if (referralId !== undefined) {
		properties[names.countedIds] = [...remembered, referralId].slice(-maxRemembered);
	}

	// The later of two dates is the same however often it is taken; only count and revenue additions repeat.
	const accumulates = updates.count?.mode === 'add' || updates.revenue?.mode === 'add';
	const replaySafe = !accumulates || referralId !== undefined;
	return replaySafe
		? { properties, skipped: false, replaySafe }
		: { properties, skipped: false, replaySafe, reason: REFERRAL_TOTALS_REASONS.notReplaySafe };
}

export interface ReferralTotalsEvent {
	updates: ReferralTotalsUpdates;
	referralId?: string;
}

export interface FoldReferralTotalsInput extends ReferralTotalsSettings {
	existingProperties: Readonly<PlainObject> | null | undefined;
	/** In the order they happened; each sees the totals the previous ones produced. */
	events: readonly ReferralTotalsEvent[];
}

export interface FoldedReferralTotals {
	/** Every property any event wrote, with its final value. */
	properties: PlainObject;
	/** One plan per event, in order, for per-item output. */
	plans: ReferralTotalsPlan[];
}

/**
 * Applies several referrals to one profile in sequence, as when one batch carries several conversions for the same
 * affiliate: the profile is read once, and only one write should follow. A repeated id inside the batch is skipped.
 */
export function foldReferralTotals(input: FoldReferralTotalsInput): FoldedReferralTotals {
	const { events, existingProperties, ...settings } = input;
	let current: PlainObject = { ...(existingProperties ?? {}) };
	const properties: PlainObject = {};
	const plans = events.map((event) => {
		const plan = planReferralTotals({ ...settings, ...event, existingProperties: current });
		current = { ...current, ...plan.properties };
		Object.assign(properties, plan.properties);
		return plan;
	});
	return { properties, plans };
}

function nextLatestDate(update: TotalUpdate<string>, existingValue: unknown): string {
	const incoming = typeof update.value === 'string' ? parseIsoTimestamp(update.value) : undefined;
	if (incoming === undefined) {
		throw new RangeError(`latestDate.value must be an ISO 8601 date or date-time with a zone, got ${update.value}`);
	}
	// Klaviyo returns stored dates without a zone at times; those are UTC.
	const existing =
		typeof existingValue === 'string' ? parseIsoTimestamp(existingValue, { assumeUtc: true }) : undefined;
	const latest = update.mode === 'add' && existing !== undefined ? Math.max(existing, incoming) : incoming;
	return formatIsoSeconds(latest);
}

/** The counted ids as Klaviyo returns the list property; a JSON text of a list is accepted too. */
function readRememberedIds(value: unknown): string[] {
	let list = value;
	if (typeof value === 'string') {
		try {
			list = JSON.parse(value);
		} catch {
			return [];
		}
	}
	return Array.isArray(list) ? list.map(String) : [];
}

function assertSettings(names: ReferralTotalsNames, maxRemembered: number, decimals: number): void {
	const values = [names.count, names.revenue, names.latestDate, names.countedIds];
	if (values.some((name) => typeof name !== 'string' || name.trim() === '')) {
		throw new RangeError('every referral totals property name must be a non-empty string');
	}
	if (new Set(values).size !== values.length) {
		throw new RangeError('the referral totals property names must all differ');
	}
	if (!Number.isInteger(maxRemembered) || maxRemembered < 1) {
		throw new RangeError(`maxRememberedIds must be a positive integer, got ${maxRemembered}`);
	}
	if (!Number.isInteger(decimals) || decimals < 0 || decimals > 6) {
		throw new RangeError(`revenueDecimals must be an integer from 0 to 6, got ${decimals}`);
	}
}

function assertUpdates(updates: ReferralTotalsUpdates): void {
	for (const [name, update] of Object.entries(updates) as Array<[string, TotalUpdate<unknown> | undefined]>) {
		if (update && update.mode !== 'set' && update.mode !== 'add') {
			throw new RangeError(`${name}.mode must be 'set' or 'add'`);
		}
	}
	const { count, revenue } = updates;
	if (count && (!Number.isInteger(count.value) || (count.mode === 'set' && count.value < 0))) {
		const expected = count.mode === 'set' ? 'an integer ≥ 0' : 'an integer';
		throw new RangeError(`count.value must be ${expected}, got ${count.value}`);
	}
	if (revenue && !Number.isFinite(revenue.value)) {
		throw new RangeError(`revenue.value must be a finite number, got ${revenue.value}`);
	}
}

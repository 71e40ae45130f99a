import { formatIsoSeconds, parseIsoTimestamp } from './isoTime';
import { addMoney, DEFAULT_CURRENCY_DECIMALS } from './money';
import {
	assignOwn,
	ownValue,
	setOwn,
	toFiniteNumber,
	utf8ByteLength,
	type PlainObject,
} from './values';

/**
 * Okendo-style referral totals kept as custom profile properties: number of successful referrals, total successful
 * referral revenue, latest successful referral date. `set` writes the source's value; `add` combines it with the
 * profile's current value (count + n, revenue + amount, the later of the two dates).
 *
 * Replay safety: Klaviyo has no increment operator, so `add` is read-modify-write. To make a redelivered webhook
 * change nothing, the profile remembers the referral ids already counted in a list property, and the additions of
 * an update whose id is on it are not applied again (nor its later-of-two date: it was taken the first time).
 * `set` values always apply: they are the platform's own totals, possibly newer than the delivery that first
 * carried the id, and writing them twice changes nothing.
 * A referral without an amount (a pulled conversion) still counts: its revenue update (`value: null`) leaves the
 * revenue total as it is, and the plan carries a warning instead of failing the whole referral.
 * Only the most recent ids are kept (`maxRememberedIds`, and `maxRememberedBytes` of serialized list), so an id
 * older than that could be counted again. Two executions updating the same profile at once can still race (no
 * compare-and-set).
 */
export type TotalMode = 'set' | 'add';

export interface TotalUpdate<V> {
	mode: TotalMode;
	value: V;
}

export interface ReferralTotalsUpdates {
	/** An integer; `set` takes a value ≥ 0. */
	count?: TotalUpdate<number>;
	/**
	 * Major units (9.99), rounded to `revenueDecimals`. `null`: the referral carries no amount (a pulled conversion, an
	 * event without one) — the revenue total is left as it is, the count, the date and the referral id apply as usual,
	 * and the plan's `warning` says so.
	 */
	revenue?: TotalUpdate<number | null>;
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
	/** Defaults to 200. */
	maxRememberedIds?: number;
	/**
	 * Bytes of the counted-ids list as JSON (UTF-8), defaults to 10,000: 200 ids of 40 characters, a tenth of
	 * Klaviyo's 100 KB profile limit. Long ids leave room for fewer; the oldest go first.
	 */
	maxRememberedBytes?: number;
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
	/** True when the referral id was already counted: its additions are not applied again (`set` values are). */
	skipped: boolean;
	/** False when a count or revenue `add` has no referral id, so a redelivery would be counted again. */
	replaySafe: boolean;
	reason?: string;
	/**
	 * Set when a revenue update without an amount (`value: null`) would otherwise have applied: says that the revenue
	 * total was left unchanged, what was applied instead, and — for *Add* with a newly remembered referral id — that
	 * a later delivery of that id with an amount will not add its revenue.
	 */
	warning?: string;
}

export const DEFAULT_MAX_REMEMBERED_IDS = 200;
export const DEFAULT_MAX_REMEMBERED_BYTES = 10_000;
/** One referral id, in UTF-8 bytes: a conversion id is short; anything longer is a mapping mistake. */
export const MAX_REFERRAL_ID_BYTES = 500;

export const REFERRAL_TOTALS_REASONS = {
	alreadyCounted: 'referral already counted on this profile',
	notReplaySafe: 'add without a referral id is not replay-safe: a redelivery would be counted again',
} as const;

/**
 * Plans the totals for one referral on one profile. Throws a RangeError for invalid input (a fractional count, a
 * date without a zone, duplicate property names, an id too long to remember) and for a counted-ids value it cannot
 * read as ids: a mapping mistake or foreign data, rather than something to skip or overwrite.
 */
export function planReferralTotals(input: PlanReferralTotalsInput): ReferralTotalsPlan {
	const { names, updates } = input;
	const limits = {
		ids: input.maxRememberedIds ?? DEFAULT_MAX_REMEMBERED_IDS,
		bytes: input.maxRememberedBytes ?? DEFAULT_MAX_REMEMBERED_BYTES,
	};
	const decimals = input.revenueDecimals ?? DEFAULT_CURRENCY_DECIMALS;
	assertSettings(names, limits, decimals);
	assertUpdates(updates);
	const existing = input.existingProperties ?? {};
	const referralId = input.referralId?.trim() || undefined;
	if (referralId !== undefined && utf8ByteLength(referralId) > MAX_REFERRAL_ID_BYTES) {
		throw new RangeError(`referralId must be at most ${MAX_REFERRAL_ID_BYTES} bytes, got ${utf8ByteLength(referralId)}`);
	}

	const remembered = readRememberedIds(ownValue(existing, names.countedIds), names.countedIds);
	const alreadyCounted = referralId !== undefined && remembered.includes(referralId);
	const { count, revenue, latestDate } = updates;
	// An Add of a referral already counted is not applied again; a Set always is.
	const applies = (update: TotalUpdate<unknown> | undefined) => update !== undefined && !(alreadyCounted && update.mode === 'add');
	const properties: PlainObject = {};
	if (count && applies(count)) {
		const total = count.mode === 'set' ? count.value : (toFiniteNumber(ownValue(existing, names.count)) ?? 0) + count.value;
		setOwn(properties, names.count, total);
	}
	if (revenue && applies(revenue) && revenue.value !== null) {
		const current = revenue.mode === 'set' ? 0 : toFiniteNumber(ownValue(existing, names.revenue)) ?? 0;
		setOwn(properties, names.revenue, addMoney([current, revenue.value], decimals));
	}
	if (latestDate && applies(latestDate)) {
		setOwn(properties, names.latestDate, nextLatestDate(latestDate, ownValue(existing, names.latestDate)));
	}
	// Remembering the id is what stops an addition repeating. When the only addition was a revenue without an amount,
	// nothing was added: the id stays free, so the referral's later delivery with its amount still adds it.
	const addsNothing = revenue?.value === null && count?.mode !== 'add';
	const remembers = referralId !== undefined && !alreadyCounted && !addsNothing;
	if (remembers) setOwn(properties, names.countedIds, boundRememberedIds([...remembered, referralId], limits));

	let result: ReferralTotalsPlan;
	if (alreadyCounted) {
		result = { properties, skipped: true, replaySafe: true, reason: REFERRAL_TOTALS_REASONS.alreadyCounted };
	} else {
		// The later of two dates is the same however often it is taken; only count and revenue additions repeat.
		const accumulates = count?.mode === 'add' || (revenue?.mode === 'add' && revenue.value !== null);
		const replaySafe = !accumulates || referralId !== undefined;
		result = replaySafe
			? { properties, skipped: false, replaySafe }
			: { properties, skipped: false, replaySafe, reason: REFERRAL_TOTALS_REASONS.notReplaySafe };
	}
	if (revenue && applies(revenue) && revenue.value === null) {
		result.warning = noAmountWarning(
			[applies(count) && 'the count', applies(latestDate) && 'the latest date'],
			remembers && revenue.mode === 'add' ? referralId : undefined,
		);
	}
	return result;
}

/**
 * What a revenue update without an amount did. The referral id is remembered all the same (the count is real), so
 * with *Add* a later delivery of that id — even one that carries the amount — is skipped as already counted: the
 * warning says so rather than let that revenue go missing unnoticed.
 */
function noAmountWarning(applied: Array<string | false>, rememberedId: string | undefined): string {
	const parts = applied.filter((part): part is string => part !== false);
	let warning = 'the revenue total was left unchanged';
	if (parts.length > 0) warning += `; ${parts.join(' and ')} ${parts.length > 1 ? 'were' : 'was'} applied`;
	if (rememberedId !== undefined) {
		warning += `; referral ID "${rememberedId}" is now remembered as counted, so a later delivery of it with an amount will be skipped and its revenue not added`;
	}
	return warning;
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
		assignOwn(properties, plan.properties);
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

/**
 * The counted ids as Klaviyo returns the list property. Other shapes are migrated, never dropped — dropping them
 * would count every remembered referral again: a JSON text of a list is parsed, a single id (text, number) is kept
 * as a one-id list. An object cannot be read as ids and is not ours to overwrite: that is an error naming the
 * property.
 */
function readRememberedIds(value: unknown, propertyName: string): string[] {
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return [];
	let stored = value;
	if (typeof value === 'string') {
		try {
			stored = JSON.parse(value);
		} catch {
			return [value.trim()];
		}
	}
	if (Array.isArray(stored)) {
		// Ids are compared trimmed (as incoming ones are); an empty entry is no id, and a repeated one takes one place.
		const ids = stored
			.filter((id) => id !== null && id !== undefined)
			.map((id) => (typeof id === 'object' ? JSON.stringify(id) : String(id).trim()))
			.filter((id) => id !== '');
		return [...new Set(ids)];
	}
	if (typeof stored === 'string' || typeof stored === 'number' || typeof stored === 'boolean') return [String(stored).trim()];
	const found = typeof stored === 'object' && stored !== null ? 'an object' : `a value of type ${typeof stored}`;
	throw new RangeError(
		`the profile property "${propertyName}" holds ${found}, not a list of counted referral IDs; ` +
			'it was left as it is: clear it or turn it into a list in Klaviyo, or use another property prefix',
	);
}

/** The most recent ids that fit both limits; the oldest go first. */
function boundRememberedIds(ids: string[], limits: { ids: number; bytes: number }): string[] {
	const kept = ids.slice(-limits.ids);
	// JSON of a list of strings: brackets, plus each id quoted and escaped, separated by commas.
	let bytes = 2 + kept.reduce((sum, id) => sum + utf8ByteLength(JSON.stringify(id)) + 1, -1);
	while (kept.length > 1 && bytes > limits.bytes) bytes -= utf8ByteLength(JSON.stringify(kept.shift())) + 1;
	return kept;
}

function assertSettings(names: ReferralTotalsNames, limits: { ids: number; bytes: number }, decimals: number): void {
	const values = [names.count, names.revenue, names.latestDate, names.countedIds];
	if (values.some((name) => typeof name !== 'string' || name.trim() === '')) {
		throw new RangeError('every referral totals property name must be a non-empty string');
	}
	if (new Set(values).size !== values.length) {
		throw new RangeError('the referral totals property names must all differ');
	}
	if (!Number.isInteger(limits.ids) || limits.ids < 1) {
		throw new RangeError(`maxRememberedIds must be a positive integer, got ${limits.ids}`);
	}
	if (!Number.isInteger(limits.bytes) || limits.bytes < MAX_REFERRAL_ID_BYTES + 2) {
		throw new RangeError(`maxRememberedBytes must be an integer of at least ${MAX_REFERRAL_ID_BYTES + 2}, got ${limits.bytes}`);
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
	if (revenue && revenue.value !== null && !Number.isFinite(revenue.value)) {
		throw new RangeError(`revenue.value must be a finite number or null (no amount), got ${revenue.value}`);
	}
}

import type { NormalizedAffiliateEvent } from '../webhooks/schema';
import { statusKind } from '../webhooks/platforms/statusWords';

/** What the node pulls from a platform. */
export type PulledResource = 'affiliate' | 'referral';

/**
 * Which records a user asked for. Affiliates: approved (Rewardful `active`, FirstPromoter `accepted`) or any.
 * Referrals: conversions (referred people who became paying customers) or leads and conversions.
 */
export type RecordStatus = 'approved' | 'any' | 'conversions' | 'leadsAndConversions';

export interface RecordSelection {
	status: RecordStatus;
	/** Epoch milliseconds: only records changed at or after this instant. */
	updatedSince?: number;
}

/** One record pulled from a platform: the trigger's event for it, and when the platform says it last changed. */
export interface PulledRecord {
	/** The platform's id of the record (affiliate, referral), to spot one read twice; null when it has none. */
	key: string | null;
	event: NormalizedAffiliateEvent;
	updatedAt: string | null;
}

/**
 * Whether a pulled record is one the user asked for. What a platform cannot filter on the server (Rewardful's
 * affiliates by neither status nor time, FirstPromoter by no update time) is filtered here, after the page arrives:
 * the same rule for every platform, so the node's options mean the same everywhere.
 */
export function isSelected(record: PulledRecord, selection: RecordSelection): boolean {
	const { event } = record;
	if (selection.status === 'approved' && statusKind(event.affiliate.status) !== 'approved') return false;
	if (selection.status === 'conversions' && event.type !== 'conversion.created') return false;
	if (selection.updatedSince !== undefined) {
		const updated = record.updatedAt ? Date.parse(record.updatedAt) : NaN;
		// A record with no usable time cannot be shown to be unchanged: it is passed on rather than silently lost.
		if (Number.isFinite(updated) && updated < selection.updatedSince) return false;
	}
	return true;
}

/** The latest of several ISO times (platforms that give no `updated_at` still date the parts of a record). */
export function latestTime(...values: Array<string | null | undefined>): string | null {
	let latest: number | undefined;
	for (const value of values) {
		const time = value ? Date.parse(value) : NaN;
		if (Number.isFinite(time) && (latest === undefined || time > latest)) latest = time;
	}
	return latest === undefined ? null : new Date(latest).toISOString();
}

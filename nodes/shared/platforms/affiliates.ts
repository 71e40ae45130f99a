import { withFactId } from '../webhooks/facts';
import type { NormalizedAffiliateEvent } from '../webhooks/schema';
import { derivedId } from '../webhooks/platforms/fields';
import { statusKind } from '../webhooks/platforms/statusWords';
import type { PulledRecord } from './records';

/** The platforms the Affiliate Platform node pulls from. */
export type PulledPlatform = 'rewardful' | 'firstpromoter';

export type PulledAffiliate = NormalizedAffiliateEvent['affiliate'];

/** One affiliate as a platform's list endpoint returned it, reduced to the trigger's affiliate fields. */
export interface AffiliateSnapshot {
	affiliate: PulledAffiliate;
	/**
	 * ISO 8601 UTC of the record's last change as the platform reports it; null when it reports none (then no time
	 * filter can show the record unchanged, so it is always passed on).
	 */
	updatedAt: string | null;
	/** Without `updatedAt`: the latest date the record carries, for the event's `occurredAt` only. */
	datedAt?: string | null;
	raw: unknown;
}

/**
 * The trigger's event shape for an affiliate read from a platform's API, so *Get Many Affiliates → Upsert → Add to
 * List* needs no mapping. The id is derived from the platform, the affiliate id and every affiliate field the event
 * carries: the same state of the same affiliate always has the same id (a re-run dedupes), a change to any of those
 * fields (status, link, coupon, email…) gives a new one. Not the update time: platforms bump it for changes the event
 * does not carry (click and lead counts), and an id that moved with it would replay an unchanged affiliate.
 */
export function toAffiliateEvent(platform: PulledPlatform, snapshot: AffiliateSnapshot, now: Date): NormalizedAffiliateEvent {
	const { affiliate, updatedAt } = snapshot;
	const state = derivedId(platform, affiliate).slice(platform.length + 1, platform.length + 1 + 16);
	return withFactId({
		id: `${platform}:affiliate:${affiliate.id ?? 'unknown'}:${state}`,
		platform,
		type: statusKind(affiliate.status) === 'deactivated' ? 'affiliate.deactivated' : 'affiliate.updated',
		sourceType: 'affiliate',
		occurredAt: updatedAt ?? snapshot.datedAt ?? now.toISOString(),
		affiliate,
		raw: snapshot.raw,
	});
}

/**
 * Version 2 of the Affiliate Platform node reports an approved affiliate as what it is, `affiliate.approved`, with
 * the approval's fact id — the one the trigger gives that affiliate's approval webhook. So a nightly reconcile that
 * tracks *Affiliate Approved* records the approval a lost webhook never delivered, and only that one: an approval
 * the webhook already recorded has the same Klaviyo unique id. (Version 1 reported every affiliate as an update.)
 */
export function asApproval(event: NormalizedAffiliateEvent): NormalizedAffiliateEvent {
	if (event.type !== 'affiliate.updated' || statusKind(event.affiliate.status) !== 'approved') return event;
	return withFactId({ ...event, type: 'affiliate.approved' });
}

export function affiliateRecord(platform: PulledPlatform, snapshot: AffiliateSnapshot, now: Date): PulledRecord {
	return { key: snapshot.affiliate.id, event: toAffiliateEvent(platform, snapshot, now), updatedAt: snapshot.updatedAt };
}

import { withFactId, type EventDraft } from '../webhooks/facts';
import type { PulledAffiliate, PulledPlatform } from './affiliates';
import type { PulledRecord } from './records';

/**
 * A referred person as a platform's referrals list returns them: whose referral it is (the affiliate), who was
 * referred, and whether they converted (became a paying customer). No amounts: neither list carries the sale.
 */
export interface ReferralSnapshot {
	id: string | null;
	affiliate: PulledAffiliate;
	customerEmail: string | null;
	customerFirstName: string | null;
	converted: boolean;
	/** The platform's own state word (Rewardful `conversion_state`, FirstPromoter `state`). */
	status: string | null;
	/** When the referral became what it is now (converted, or became a lead). */
	occurredAt: string | null;
	updatedAt: string | null;
	raw: unknown;
}

/**
 * The trigger's event for a pulled referral, as the trigger makes it of a platform's referral webhook: a conversion
 * is `conversion.created` with a `conversion` section, a lead `referral.created`; both carry the `referral` section
 * with the affiliate as referrer (the events belong on the affiliate's profile). The id is the referral's and
 * whether it converted: a lead that converts is a new event; a conversion stays one event whatever changes on it
 * later (visits, `updated_at`, FirstPromoter's active → cancelled), so Track Referral Event records it once.
 */
export function referralRecord(platform: PulledPlatform, snapshot: ReferralSnapshot, now: Date): PulledRecord {
	const { affiliate } = snapshot;
	const event: EventDraft = {
		id: `${platform}:referral:${snapshot.id ?? 'unknown'}:${snapshot.converted ? 'conversion' : 'lead'}`,
		platform,
		type: snapshot.converted ? 'conversion.created' : 'referral.created',
		sourceType: 'referral',
		occurredAt: snapshot.occurredAt ?? snapshot.updatedAt ?? now.toISOString(),
		affiliate,
		referral: {
			id: snapshot.id,
			referrerEmail: affiliate.email,
			referrerPhone: affiliate.phone,
			referrerFirstName: affiliate.firstName,
			recipientEmail: snapshot.customerEmail,
			recipientPhone: null,
			recipientFirstName: snapshot.customerFirstName,
			couponCode: null,
			orderId: null,
			amount: null,
			currency: null,
			actor: 'referrer',
		},
		raw: snapshot.raw,
	};
	if (snapshot.converted) {
		event.conversion = {
			id: snapshot.id,
			orderId: null,
			amount: null,
			commission: null,
			currency: null,
			status: snapshot.status,
			customerEmail: snapshot.customerEmail,
		};
	}
	return { key: snapshot.id, event: withFactId(event), updatedAt: snapshot.updatedAt ?? snapshot.occurredAt };
}

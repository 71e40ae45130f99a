import { emptyAffiliate, first, lower, obj, str, type Json } from '../../webhooks/platforms/fields';
import { toUtcIso } from '../../webhooks/time';
import type { AffiliateSnapshot } from '../affiliates';
import { latestTime } from '../records';

/**
 * A FirstPromoter v2 promoter from `GET /promoters` (PromoterListItem in FirstPromoter's OpenAPI). A promoter's
 * approval is per campaign: each `promoter_campaigns[]` entry has its `state` (pending, accepted, rejected, blocked,
 * inactive) and its own `ref_token`, `ref_link` and `coupon`. The first accepted campaign is the one reported (the
 * first one at all when none is accepted); an archived promoter is `archived` whatever its campaigns say.
 */
export function firstPromoterAffiliate(record: Json): AffiliateSnapshot {
	const campaigns = Array.isArray(record.promoter_campaigns) ? record.promoter_campaigns.map(obj) : [];
	const chosen = campaigns.find((entry) => lower(entry.state) === 'accepted') ?? campaigns[0] ?? {};
	const campaign = obj(chosen.campaign);
	const profile = obj(record.profile);
	const [givenName, ...familyNames] = (str(record.name) ?? '').split(/\s+/);
	return {
		affiliate: {
			...emptyAffiliate(),
			id: str(record.id),
			code: str(chosen.ref_token),
			email: lower(record.email),
			firstName: str(first(profile.first_name, givenName)),
			lastName: str(first(profile.last_name, familyNames.join(' '))),
			phone: str(profile.phone_number),
			referralLink: str(chosen.ref_link),
			couponCode: str(chosen.coupon),
			offerId: str(first(campaign.id, chosen.campaign_id)),
			offerName: str(campaign.name),
			status: str(record.archived_at) ? 'archived' : lower(chosen.state),
		},
		// The published schema has no `updated_at` on list items (the rendered docs example shows one). Without it
		// nothing dates a change of campaign state (an approval): no stand-in time may hide it from Updated Since.
		updatedAt: toUtcIso(record.updated_at) ?? null,
		datedAt: latestTime(
				toUtcIso(record.created_at),
				toUtcIso(record.joined_at),
				toUtcIso(record.archived_at),
				...campaigns.map((entry) => toUtcIso(entry.created_at)),
			),
		raw: record,
	};
}

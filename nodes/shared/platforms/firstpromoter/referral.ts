import { emptyAffiliate, first, lower, obj, str, type Json } from '../../webhooks/platforms/fields';
import { toUtcIso } from '../../webhooks/time';
import type { ReferralSnapshot } from '../referrals';
import { latestTime } from '../records';

/**
 * A FirstPromoter v2 referral from `GET /referrals` (`Referral` in FirstPromoter's OpenAPI): `state` (subscribed,
 * signup, active, cancelled, refunded, denied, pending, moved), `customer_since` once the lead became a customer,
 * and `promoter_campaign{ promoter{id,email,name}, campaign{id,name} }`. A referral with `customer_since` is a
 * conversion. The schema has no `updated_at`: the later of `created_at` and `customer_since` stands in.
 */
export function firstPromoterReferral(record: Json): ReferralSnapshot {
	const promoterCampaign = obj(record.promoter_campaign);
	const promoter = obj(promoterCampaign.promoter);
	const campaign = obj(promoterCampaign.campaign);
	const [givenName, ...familyNames] = (str(promoter.name) ?? '').split(/\s+/);
	const customerSince = toUtcIso(record.customer_since) ?? null;
	const createdAt = toUtcIso(record.created_at) ?? null;
	return {
		id: str(record.id),
		affiliate: {
			...emptyAffiliate(),
			id: str(first(promoter.id, promoterCampaign.promoter_id)),
			email: lower(promoter.email),
			firstName: str(givenName),
			lastName: str(familyNames.join(' ')),
			offerId: str(first(campaign.id, promoterCampaign.campaign_id)),
			offerName: str(campaign.name),
		},
		customerEmail: lower(record.email),
		customerFirstName: str(record.first_name),
		converted: customerSince !== null,
		status: lower(record.state),
		occurredAt: customerSince ?? createdAt,
		updatedAt: latestTime(createdAt, customerSince),
		raw: record,
	};
}

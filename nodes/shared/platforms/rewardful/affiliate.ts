import { emptyAffiliate, first, isObject, lower, obj, str, type Json } from '../../webhooks/platforms/fields';
import { toUtcIso } from '../../webhooks/time';
import type { AffiliateSnapshot } from '../affiliates';
import { latestTime } from '../records';

/**
 * A Rewardful REST affiliate (https://developers.rewardful.com/rest-api/affiliates/object): `state` (active,
 * disabled, suspicious), `campaign{id,name}` and `links[]{url,token}` when expanded, `coupon{token}` when the
 * affiliate has one. The first link is the one Rewardful creates with the affiliate, so it is the referral link
 * and its token the affiliate's code.
 */
export function rewardfulAffiliate(record: Json): AffiliateSnapshot {
	const links = Array.isArray(record.links) ? record.links.map(obj) : [];
	const coupon = isObject(record.coupon) && record.coupon.archived !== true ? record.coupon : {};
	const campaign = obj(record.campaign);
	return {
		affiliate: {
			...emptyAffiliate(),
			id: str(record.id),
			code: str(links[0]?.token),
			email: lower(record.email),
			firstName: str(record.first_name),
			lastName: str(record.last_name),
			referralLink: str(links[0]?.url),
			couponCode: str(first(coupon.token, coupon.code)),
			offerId: str(campaign.id),
			offerName: str(campaign.name),
			status: lower(record.state),
		},
		updatedAt: latestTime(toUtcIso(record.updated_at), toUtcIso(record.created_at)),
		raw: record,
	};
}

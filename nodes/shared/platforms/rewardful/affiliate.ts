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
/**
 * Rewardful counts an affiliate as approved once they confirm their email (`affiliate.confirmed`; its `state` is
 * `active` from sign-up). A record that says it is not confirmed (`confirmed_at: null`, as Rewardful's nested affiliates
 * carry it) is no approval yet, whatever its state: the pull must not welcome a sign-up the trigger would not.
 * A record without the field (the REST list's, per its object page) keeps its state.
 */
const unconfirmed = (record: Json) => 'confirmed_at' in record && record.confirmed_at === null && lower(record.state) === 'active';

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
			status: unconfirmed(record) ? 'unconfirmed' : lower(record.state),
		},
		updatedAt: latestTime(toUtcIso(record.updated_at), toUtcIso(record.created_at)),
		raw: record,
	};
}

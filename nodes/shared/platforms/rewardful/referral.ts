import { emptyAffiliate, first, lower, obj, str, type Json } from '../../webhooks/platforms/fields';
import { toUtcIso } from '../../webhooks/time';
import type { ReferralSnapshot } from '../referrals';
import { rewardfulAffiliate } from './affiliate';

/**
 * A Rewardful REST referral (https://developers.rewardful.com/rest-api/referrals/object): `conversion_state`
 * (visitor, lead, conversion), `became_lead_at`, `became_conversion_at`, the `link` it came through, the
 * `customer{email,name}` and, expanded, the `affiliate`. The link's token and URL stand in for an affiliate whose
 * own links were not expanded.
 */
export function rewardfulReferral(record: Json): ReferralSnapshot {
	const link = obj(record.link);
	const base = record.affiliate ? rewardfulAffiliate(obj(record.affiliate)).affiliate : emptyAffiliate();
	const customer = obj(record.customer);
	const state = lower(record.conversion_state);
	return {
		id: str(record.id),
		affiliate: {
			...base,
			code: base.code ?? str(link.token),
			referralLink: base.referralLink ?? str(link.url),
		},
		customerEmail: lower(customer.email),
		customerFirstName: str(str(customer.name)?.split(/\s+/)[0]),
		converted: state === 'conversion',
		status: state,
		occurredAt: toUtcIso(first(state === 'conversion' ? record.became_conversion_at : undefined, record.became_lead_at, record.created_at)) ?? null,
		updatedAt: toUtcIso(first(record.updated_at, record.created_at)) ?? null,
		raw: record,
	};
}

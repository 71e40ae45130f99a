import { PACKAGE_METRIC_NAMES, type ReferralMetricNames } from '../shared/domain';

export type ProfileRole = 'affiliate' | 'referrer' | 'recipient';

export interface EventPreset {
	value: string;
	/** The Klaviyo metric name under the package's naming (before the optional prefix). */
	metric: string;
	/** Set for events a platform names its own way: the key of its name in the naming table (`namesFor`). */
	namedBy?: keyof ReferralMetricNames;
	description: string;
	/** Roles the event can be recorded for; affiliate-program events belong to the affiliate. */
	roles: ProfileRole[];
}

/**
 * Affiliate-program events as Refersion sends them to Klaviyo, and referral-program events as Okendo sends them
 * (each for the referrer's or the recipient's profile). Keep names stable: Klaviyo flows are triggered by them.
 */
export const EVENT_PRESETS: EventPreset[] = [
	{ value: 'affiliateApproved', metric: 'Affiliate Approved', description: 'Welcome flow: referral link and coupon', roles: ['affiliate'] },
	{ value: 'affiliateConversion', metric: 'Affiliate Conversion', description: 'A referred order was tracked', roles: ['affiliate'] },
	{ value: 'conversionApproved', metric: 'Conversion Approved', description: 'A conversion was approved', roles: ['affiliate'] },
	{ value: 'conversionDenied', metric: 'Conversion Denied', description: 'A conversion was denied', roles: ['affiliate'] },
	{ value: 'commissionPaid', metric: 'Commission Paid', description: 'A commission or payout was paid', roles: ['affiliate'] },
	{ value: 'bonusTierReached', metric: 'Bonus Tier Reached', description: 'The affiliate reached a bonus tier', roles: ['affiliate'] },
	{
		value: 'sentReferral',
		metric: PACKAGE_METRIC_NAMES.sentReferral,
		namedBy: 'sentReferral',
		description: 'The referrer sent a referral',
		roles: ['referrer'],
	},
	{
		value: 'receivedReferralCoupon',
		metric: PACKAGE_METRIC_NAMES.receivedReferralCoupon,
		namedBy: 'receivedReferralCoupon',
		description: 'A referral succeeded and a coupon was issued',
		roles: ['referrer', 'recipient'],
	},
	{
		value: 'redeemedReferralCoupon',
		metric: PACKAGE_METRIC_NAMES.redeemedReferralCoupon,
		namedBy: 'redeemedReferralCoupon',
		description: 'A referral coupon was redeemed',
		roles: ['referrer', 'recipient'],
	},
];

export const REFERRAL_PRESETS = EVENT_PRESETS.filter((preset) => preset.roles.includes('recipient')).map(
	(preset) => preset.value,
);

/**
 * Event properties the node can send; left empty, each is taken from the input item (`readAffiliateRecord`): the
 * trigger's normalized event or a flat column.
 */
export const EVENT_PROPERTY_FIELDS = [
	{ key: 'affiliateId', label: 'Affiliate ID', record: 'affiliateId', numeric: false },
	{ key: 'referralLink', label: 'Referral Link', record: 'referralLink', numeric: false },
	{ key: 'couponCode', label: 'Coupon Code', record: 'couponCode', numeric: false },
	{ key: 'orderId', label: 'Order ID', record: 'orderId', numeric: false },
	{ key: 'offerId', label: 'Offer ID', record: 'offerId', numeric: false },
	{ key: 'tier', label: 'Tier', record: 'tier', numeric: false },
	{ key: 'conversionAmount', label: 'Conversion Amount', record: 'amount', numeric: true },
	{ key: 'commissionAmount', label: 'Commission Amount', record: 'commission', numeric: true },
	{ key: 'currency', label: 'Currency', record: 'currency', numeric: false },
] as const;

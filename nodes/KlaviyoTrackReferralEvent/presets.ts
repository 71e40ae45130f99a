export type ProfileRole = 'affiliate' | 'referrer' | 'recipient';

export interface EventPreset {
	value: string;
	/** The Klaviyo metric name (before the optional prefix). */
	metric: string;
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
	{ value: 'sentReferral', metric: 'Sent Referral', description: 'The referrer sent a referral', roles: ['referrer'] },
	{
		value: 'receivedReferralCoupon',
		metric: 'Received Referral Coupon',
		description: 'A referral succeeded and a coupon was issued',
		roles: ['referrer', 'recipient'],
	},
	{
		value: 'redeemedReferralCoupon',
		metric: 'Redeemed Referral Coupon',
		description: 'A referral coupon was redeemed',
		roles: ['referrer', 'recipient'],
	},
];

export const REFERRAL_PRESETS = EVENT_PRESETS.filter((preset) => preset.roles.includes('recipient')).map(
	(preset) => preset.value,
);

/** Event properties the node fills from the Affiliate Webhook Trigger's normalized event by default. */
export const EVENT_PROPERTY_FIELDS = [
	{ key: 'affiliateId', label: 'Affiliate ID', source: '$json.affiliate?.id', numeric: false },
	{ key: 'referralLink', label: 'Referral Link', source: '$json.affiliate?.referralLink', numeric: false },
	{ key: 'couponCode', label: 'Coupon Code', source: '$json.affiliate?.couponCode ?? $json.referral?.couponCode', numeric: false },
	{ key: 'orderId', label: 'Order ID', source: '$json.conversion?.orderId', numeric: false },
	{ key: 'offerId', label: 'Offer ID', source: '$json.affiliate?.offerId', numeric: false },
	{ key: 'tier', label: 'Tier', source: '$json.tier?.name', numeric: false },
	{ key: 'conversionAmount', label: 'Conversion Amount', source: '$json.conversion?.amount', numeric: true },
	{ key: 'commissionAmount', label: 'Commission Amount', source: '$json.conversion?.commission ?? $json.payout?.amount', numeric: true },
	{ key: 'currency', label: 'Currency', source: '$json.conversion?.currency ?? $json.payout?.currency', numeric: false },
] as const;

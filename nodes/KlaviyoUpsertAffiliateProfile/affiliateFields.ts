/**
 * The affiliate fields the node can send, each as one Klaviyo custom property named `<prefix><label>`, and where the
 * Affiliate Webhook Trigger puts each value in its normalized event (used as the parameter's default expression).
 */
export const AFFILIATE_FIELDS = [
	{ key: 'affiliateId', label: 'ID', source: '$json.affiliate?.id' },
	{ key: 'affiliateCode', label: 'Code', source: '$json.affiliate?.code' },
	{ key: 'referralLink', label: 'Referral Link', source: '$json.affiliate?.referralLink' },
	{ key: 'couponCode', label: 'Coupon Code', source: '$json.affiliate?.couponCode' },
	{ key: 'offerId', label: 'Offer ID', source: '$json.affiliate?.offerId' },
	{ key: 'offerName', label: 'Offer Name', source: '$json.affiliate?.offerName' },
	{ key: 'status', label: 'Status', source: '$json.affiliate?.status' },
	{ key: 'platform', label: 'Platform', source: '$json.platform' },
	{ key: 'tier', label: 'Tier', source: '$json.tier?.name' },
] as const;

export type AffiliateFieldKey = (typeof AFFILIATE_FIELDS)[number]['key'];

/** Okendo's referral totals, kept on the referrer's profile. */
export const REFERRAL_TOTAL_LABELS = {
	count: 'Number of Successful Referrals',
	revenue: 'Total Successful Referral Revenue',
	latestDate: 'Latest Successful Referral Date',
	countedIds: 'Counted Referral IDs',
} as const;

/** Klaviyo standard profile fields the user can fill, by parameter name → Klaviyo attribute path. */
export const STANDARD_FIELDS = {
	firstName: 'first_name',
	lastName: 'last_name',
	organization: 'organization',
	title: 'title',
	image: 'image',
	locale: 'locale',
	address1: 'location.address1',
	address2: 'location.address2',
	city: 'location.city',
	region: 'location.region',
	zip: 'location.zip',
	country: 'location.country',
	timezone: 'location.timezone',
} as const;

export type StandardFieldKey = keyof typeof STANDARD_FIELDS;

/** Identifiers besides the one that found the profile follow the merge mode too, so they can be overwritten. */
export const OVERWRITABLE_IDENTIFIERS = { email: 'email', phoneNumber: 'phone_number', externalId: 'external_id' } as const;

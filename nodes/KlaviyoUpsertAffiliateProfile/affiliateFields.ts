import { PACKAGE_PROPERTY_LABELS } from '../shared/domain';

/**
 * The affiliate fields the node can send, each as one Klaviyo custom property named `<prefix><label>` (the referral
 * link: as the chosen naming scheme names it). Left empty, each is taken from the input item (see
 * `readAffiliateRecord`): the trigger's `affiliate.*`, or a flat column.
 */
export const AFFILIATE_FIELDS = [
	{ key: 'affiliateId', label: 'ID', source: 'affiliate.id, or an affiliate_id column' },
	{ key: 'affiliateCode', label: 'Code', source: 'affiliate.code, or a code column' },
	{ key: 'referralLink', label: PACKAGE_PROPERTY_LABELS.referralLink, source: 'affiliate.referralLink, or a referral_link column' },
	{ key: 'couponCode', label: 'Coupon Code', source: 'affiliate.couponCode, or a coupon_code column' },
	{ key: 'offerId', label: 'Offer ID', source: 'affiliate.offerId, or an offer_id column' },
	{ key: 'offerName', label: 'Offer Name', source: 'affiliate.offerName, or an offer_name column' },
	{ key: 'status', label: 'Status', source: 'affiliate.status, or a status column' },
	{ key: 'platform', label: 'Platform', source: 'platform, or a platform column' },
	{ key: 'tier', label: 'Tier', source: 'tier.name, or a tier column' },
] as const;

export type AffiliateFieldKey = (typeof AFFILIATE_FIELDS)[number]['key'];

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

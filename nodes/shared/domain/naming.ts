/**
 * The Klaviyo names a referral program writes, per naming scheme. Brands that move from a platform's own Klaviyo
 * integration keep flows and segments built on that platform's names, so those are reproduced character for
 * character; the package's own names stay the default. Both nodes and code outside n8n read names from here.
 */

export const NAMING_SCHEMES = ['package', 'okendo'] as const;

export type NamingScheme = (typeof NAMING_SCHEMES)[number];

export const DEFAULT_PROPERTY_PREFIX = 'Affiliate ';

/** The referral events with a name that depends on the scheme (keys are Track Referral Event's preset values). */
export interface ReferralMetricNames {
	sentReferral: string;
	receivedReferralCoupon: string;
	redeemedReferralCoupon: string;
}

export interface ReferralPropertyNames {
	referralLink: string;
	/** The referral totals, as `planReferralTotals` takes their names. */
	count: string;
	revenue: string;
	latestDate: string;
	/**
	 * The package's own bookkeeping for replay-safe totals (no platform has it). The list belongs to the totals it
	 * guards, `<X>Number of Successful Referrals` ↔ `<X>Counted Referral IDs`: totals under other names start their
	 * own list (a referral counted under one scheme's names is not yet counted under the other's), and the same
	 * totals reached another way share it — Okendo's totals are what the package wrote under the prefix `Okendo `
	 * before *Naming* existed, so switching to Okendo naming must not count those referrals again.
	 */
	countedIds: string;
}

export interface ReferralProgramNames {
	scheme: NamingScheme;
	properties: ReferralPropertyNames;
	metrics: ReferralMetricNames;
	/** False for a platform's names: they are written as they are, never behind a metric or property prefix. */
	prefixable: boolean;
}

/** What follows the property prefix in the package's own names (`Affiliate Referral Link`, …). */
export const PACKAGE_PROPERTY_LABELS = {
	referralLink: 'Referral Link',
	count: 'Number of Successful Referrals',
	revenue: 'Total Successful Referral Revenue',
	latestDate: 'Latest Successful Referral Date',
	countedIds: 'Counted Referral IDs',
} as const;

export const PACKAGE_METRIC_NAMES: Readonly<ReferralMetricNames> = {
	sentReferral: 'Sent Referral',
	receivedReferralCoupon: 'Received Referral Coupon',
	redeemedReferralCoupon: 'Redeemed Referral Coupon',
};

/**
 * Okendo Referrals' Klaviyo integration (support.okendo.io, "Integrating Referrals and Klaviyo"): four profile
 * properties, and three events whose names are the same on the referrer's and the recipient's profile.
 */
const OKENDO_NAMES = {
	properties: {
		referralLink: 'Okendo Referral Shareable Link',
		count: 'Okendo Number of Successful Referrals',
		revenue: 'Okendo Total Successful Referral Revenue',
		latestDate: 'Okendo Latest Successful Referral Date',
	},
	metrics: {
		sentReferral: 'Sent Okendo Referral',
		receivedReferralCoupon: 'Received Okendo Referral Coupon',
		redeemedReferralCoupon: 'Redeemed Okendo Referral Coupon',
	},
} as const;

/** Okendo's totals are the package's totals labels after this prefix (see `countedIds`). */
const OKENDO_TOTALS_PREFIX = 'Okendo ';

export function isNamingScheme(value: unknown): value is NamingScheme {
	return (NAMING_SCHEMES as readonly unknown[]).includes(value);
}

/**
 * The property and metric names of one scheme. `propertyPrefix` (default `Affiliate `) shapes the package's
 * property names; a platform's own names, and the counted-ids list that goes with them, ignore it.
 */
export function namesFor(scheme: NamingScheme = 'package', options: { propertyPrefix?: string } = {}): ReferralProgramNames {
	if (!isNamingScheme(scheme)) {
		throw new RangeError(`naming scheme must be one of ${NAMING_SCHEMES.join(', ')}, got ${JSON.stringify(scheme)}`);
	}
	const prefix = options.propertyPrefix ?? DEFAULT_PROPERTY_PREFIX;
	const packageProperties = Object.fromEntries(
		Object.entries(PACKAGE_PROPERTY_LABELS).map(([key, label]) => [key, `${prefix}${label}`]),
	) as unknown as ReferralPropertyNames;
	if (scheme === 'okendo') {
		return {
			scheme,
			properties: { ...OKENDO_NAMES.properties, countedIds: `${OKENDO_TOTALS_PREFIX}${PACKAGE_PROPERTY_LABELS.countedIds}` },
			metrics: { ...OKENDO_NAMES.metrics },
			prefixable: false,
		};
	}
	return { scheme, properties: packageProperties, metrics: { ...PACKAGE_METRIC_NAMES }, prefixable: true };
}

/** The affiliate values a referral link template may use, as `{code}` and `{id}`. */
export interface ReferralLinkValues {
	code?: string;
	id?: string;
}

export type ReferralLinkResult = { ok: true; link: string } | { ok: false; reason: string; missing?: string };

const PLACEHOLDER = /\{([^{}]*)\}/g;
const LINK_PLACEHOLDERS: ReadonlyArray<keyof ReferralLinkValues> = ['code', 'id'];

/** A link a customer can open from an email: an absolute web address (a bare `yourstore.com/…` is a relative one). */
const WEB_ADDRESS = /^https?:\/\/[^\s/?#]/i;

/**
 * Builds a referral link from the store's link format, for platforms whose webhooks carry none (Refersion's do
 * not): `https://yourstore.com/?rfsn={code}`. Values are URL-encoded, so a code with `&` or a space cannot break
 * the link. A template without a placeholder would give every affiliate the same link, and an unknown one, a brace
 * left over (`{{code}}`) or an address without `https://` would reach customers broken: all are refused. A value
 * the item lacks is `missing` (the link cannot be built).
 */
export function fillReferralLinkTemplate(template: string, values: ReferralLinkValues): ReferralLinkResult {
	// `{ID}` reads as well as `{id}` (n8n's own texts spell the word ID), so placeholders ignore case.
	const names = [...template.matchAll(PLACEHOLDER)].map((match) => match[1].toLowerCase());
	const unknown = names.find((name) => !(LINK_PLACEHOLDERS as readonly string[]).includes(name));
	if (unknown !== undefined) {
		return { ok: false, reason: `unknown placeholder {${unknown}}: use {code} or {id}` };
	}
	if (/[{}]/.test(template.replace(PLACEHOLDER, ''))) {
		return { ok: false, reason: 'has a { or } that is not part of {code} or {id} (write {code}, not {{code}})' };
	}
	if (names.length === 0) {
		return { ok: false, reason: 'needs {code} or {id}, or every affiliate gets the same link' };
	}
	if (!WEB_ADDRESS.test(template.trim())) {
		return { ok: false, reason: 'must be a full web address starting with https:// (or http://), or the link does not open from an email' };
	}
	const missing = names.find((name) => !values[name as keyof ReferralLinkValues]?.trim());
	if (missing !== undefined) {
		return { ok: false, reason: `the item has no affiliate ${missing} for {${missing}}`, missing };
	}
	return {
		ok: true,
		link: template.replace(PLACEHOLDER, (_, name: string) =>
			encodeURIComponent(values[name.toLowerCase() as keyof ReferralLinkValues]!.trim()),
		),
	};
}

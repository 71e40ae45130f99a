import { isPlainObject, type PlainObject } from './values';

/**
 * What the action nodes can take from an input item without any mapping: the Affiliate Webhook Trigger's normalized
 * event (`affiliate.email`, `conversion.amount`, …), or a flat row such as a CSV export (`email`, `first_name`,
 * `Referral Link`, …). Reading the item directly costs nothing per item, unlike an n8n expression (~0.2 ms each).
 */
export interface AffiliateRecord {
	/** Klaviyo's profile id, e.g. from Upsert Affiliate Profile's output. */
	profileId?: string;
	email?: string;
	phone?: string;
	externalId?: string;
	firstName?: string;
	lastName?: string;
	organization?: string;
	affiliateId?: string;
	affiliateCode?: string;
	referralLink?: string;
	couponCode?: string;
	offerId?: string;
	offerName?: string;
	status?: string;
	platform?: string;
	tier?: string;
	/** The source event's id (a normalized event's `id`). */
	eventId?: string;
	/** The fact the event reports (a normalized event's `factId`): the same from a webhook and from a pull. */
	factId?: string;
	occurredAt?: string;
	orderId?: string;
	conversionId?: string;
	/** The referral's own id (a normalized event's `referral.id`). */
	referralId?: string;
	amount?: number;
	commission?: number;
	currency?: string;
	payoutAmount?: number;
	payoutCurrency?: string;
	referrerEmail?: string;
	referrerPhone?: string;
	recipientEmail?: string;
	recipientPhone?: string;
	/**
	 * An amount the item carries but that is no number ("$59", "1,234.50" in a CSV column), kept as text so a node can
	 * refuse it by name rather than take the item for one without an amount.
	 */
	unreadableAmount?: string;
	/** Whose act a referral event is (the trigger's `referral.actor`): it decides whose profile records it. */
	referralActor?: 'referrer' | 'recipient';
	/**
	 * A `referral.actor` that names neither (an item built by hand, a Code node): kept, shortened, so a node that
	 * follows who acted can refuse it rather than guess — guessing could put a recipient's act on the referrer.
	 */
	unreadableReferralActor?: string;
}

export type AffiliateRecordField = keyof AffiliateRecord;

/** Column names of flat rows, compared lowercase without spaces, dashes or underscores. */
const FLAT_ALIASES: Partial<Record<AffiliateRecordField, string[]>> = {
	profileId: ['profileid', 'klaviyoprofileid'],
	email: ['email', 'emailaddress', 'affiliateemail', 'mail'],
	phone: ['phone', 'phonenumber', 'mobile', 'mobilephone', 'affiliatephone'],
	externalId: ['externalid', 'customerid'],
	firstName: ['firstname', 'givenname', 'first'],
	lastName: ['lastname', 'familyname', 'surname', 'last'],
	organization: ['organization', 'organisation', 'company', 'companyname'],
	affiliateId: ['affiliateid', 'id'],
	affiliateCode: ['affiliatecode', 'code', 'referralcode'],
	referralLink: ['referrallink', 'affiliatelink', 'link', 'referralurl'],
	couponCode: ['couponcode', 'coupon', 'discountcode'],
	offerId: ['offerid', 'campaignid', 'programid'],
	offerName: ['offername', 'offer', 'campaign', 'program'],
	status: ['status', 'affiliatestatus'],
	platform: ['platform', 'source'],
	tier: ['tier', 'level'],
	orderId: ['orderid', 'ordernumber'],
	amount: ['amount', 'total', 'ordertotal'],
	commission: ['commission', 'commissionamount', 'commissiontotal'],
	currency: ['currency'],
};

const squash = (key: string) => key.toLowerCase().replace(/[\s_-]+/g, '');

function text(value: unknown): string | undefined {
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value !== 'string') return undefined;
	const trimmed = value.trim();
	return trimmed === '' ? undefined : trimmed;
}

function number(value: unknown): number | undefined {
	const parsed = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
	return Number.isFinite(parsed) ? parsed : undefined;
}

const NUMERIC: ReadonlySet<AffiliateRecordField> = new Set(['amount', 'commission', 'payoutAmount']);

/** A normalized event is recognised by its nested parts (`affiliate`, `referral`…); anything else is a flat row. */
export function readAffiliateRecord(json: unknown): AffiliateRecord {
	if (!isPlainObject(json)) return {};
	if (['affiliate', 'referral', 'conversion', 'payout'].some((part) => isPlainObject(json[part]))) {
		return fromNormalizedEvent(json);
	}
	const byKey = new Map<string, unknown>();
	for (const [key, value] of Object.entries(json)) byKey.set(squash(key), value);
	const record: Record<string, string | number | undefined> = {};
	for (const [field, aliases] of Object.entries(FLAT_ALIASES) as Array<[AffiliateRecordField, string[]]>) {
		for (const alias of aliases) {
			const value = NUMERIC.has(field) ? number(byKey.get(alias)) : text(byKey.get(alias));
			if (value !== undefined) {
				record[field] = value;
				break;
			}
			if (field === 'amount' && record.unreadableAmount === undefined) record.unreadableAmount = unreadable(byKey.get(alias));
		}
	}
	return record as AffiliateRecord;
}

/** A value that is there but is no number, as short text; undefined when absent or blank. */
function unreadable(value: unknown): string | undefined {
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return undefined;
	return number(value) === undefined ? String(typeof value === 'object' ? JSON.stringify(value) : value).slice(0, 100) : undefined;
}

function fromNormalizedEvent(event: PlainObject): AffiliateRecord {
	const part = (name: string): PlainObject => (isPlainObject(event[name]) ? (event[name] as PlainObject) : {});
	const affiliate = part('affiliate');
	const conversion = part('conversion');
	const payout = part('payout');
	const referral = part('referral');
	const tier = part('tier');
	const record: AffiliateRecord = {
		email: text(affiliate.email),
		phone: text(affiliate.phone),
		firstName: text(affiliate.firstName),
		lastName: text(affiliate.lastName),
		affiliateId: text(affiliate.id),
		affiliateCode: text(affiliate.code),
		referralLink: text(affiliate.referralLink),
		couponCode: text(affiliate.couponCode) ?? text(referral.couponCode),
		offerId: text(affiliate.offerId),
		offerName: text(affiliate.offerName),
		status: text(affiliate.status),
		platform: text(event.platform),
		tier: text(tier.name),
		eventId: text(event.id),
		factId: text(event.factId),
		occurredAt: text(event.occurredAt),
		orderId: text(conversion.orderId) ?? text(referral.orderId),
		conversionId: text(conversion.id),
		referralId: text(referral.id),
		amount: number(conversion.amount) ?? number(referral.amount),
		unreadableAmount: unreadable(conversion.amount) ?? (conversion.amount == null ? unreadable(referral.amount) : undefined),
		commission: number(conversion.commission),
		currency: text(conversion.currency) ?? text(referral.currency),
		payoutAmount: number(payout.amount),
		payoutCurrency: text(payout.currency),
		referrerEmail: text(referral.referrerEmail),
		referrerPhone: text(referral.referrerPhone),
		recipientEmail: text(referral.recipientEmail),
		recipientPhone: text(referral.recipientPhone),
		...readReferralActor(referral.actor),
	};
	for (const key of Object.keys(record) as AffiliateRecordField[]) if (record[key] === undefined) delete record[key];
	return record;
}

/** `referrer` / `recipient` in any case; null, absent or blank: the event does not say; anything else: unreadable. */
function readReferralActor(actor: unknown): Pick<AffiliateRecord, 'referralActor' | 'unreadableReferralActor'> {
	if (actor === undefined || actor === null) return {};
	const word = typeof actor === 'string' ? actor.trim().toLowerCase() : undefined;
	if (word === '') return {};
	if (word === 'referrer' || word === 'recipient') return { referralActor: word };
	return { unreadableReferralActor: (typeof actor === 'string' ? actor : JSON.stringify(actor) ?? String(actor)).slice(0, 100) };
}

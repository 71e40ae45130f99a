import type { NormalizedAffiliateEvent, NormalizedEventType } from '../schema';
import { toUtcIso } from '../time';
import { amount, derivedId, emptyAffiliate, first, lower, obj, own, str, upper, type Json, type PlatformInput } from './fields';

/**
 * Rewardful: `{ object, event: { id, type, created_at, api_version }, request: { id } }`, where `object` has the
 * shape of the REST API object. `event.id` identifies the event across retries (`request.id` changes per attempt),
 * so it is the event id here. Money is in cents as in Rewardful's API (`sale_amount_cents`,
 * `commission_amount_cents`, and `amount` of commissions and payouts) — the webhook docs do not restate this.
 * Events with no counterpart (a link or coupon deleted, a sale updated…) come out as `unknown`, with `raw`.
 */
const TYPES: Record<string, NormalizedEventType> = {
	'affiliate.created': 'affiliate.created',
	'affiliate.confirmed': 'affiliate.approved',
	'affiliate.updated': 'affiliate.updated',
	'affiliate.deleted': 'affiliate.deactivated',
	'affiliate_link.created': 'affiliate.updated',
	'affiliate_link.updated': 'affiliate.updated',
	'affiliate_coupon.created': 'coupon.issued',
	'affiliate_coupon.activated': 'coupon.issued',
	'affiliate_coupon.updated': 'affiliate.updated',
	'commission.voided': 'conversion.denied',
	'referral.created': 'referral.created',
	'referral.lead': 'referral.created',
	'referral.converted': 'conversion.created',
	'sale.created': 'conversion.created',
	'sale.refunded': 'conversion.denied',
	'commission.created': 'commission.created',
	'commission.paid': 'commission.paid',
	'payout.paid': 'payout.paid',
};

function affiliateOf(source: Json, object: Json): NormalizedAffiliateEvent['affiliate'] {
	const links = Array.isArray(source.links) ? source.links.map(obj) : [];
	const coupons = Array.isArray(source.coupons) ? source.coupons.map(obj) : [];
	const campaign = obj(source.campaign);
	return {
		...emptyAffiliate(),
		id: str(source.id),
		code: str(first(links[0]?.token, source.token)),
		email: lower(source.email),
		firstName: str(source.first_name),
		lastName: str(source.last_name),
		referralLink: str(first(object.url, links[0]?.url)),
		couponCode: str(first(object.code, coupons[0]?.code)),
		offerId: str(campaign.id),
		offerName: str(campaign.name),
		status: lower(first(source.state, source.status)),
	};
}

export function rewardfulPlatform(input: PlatformInput): NormalizedAffiliateEvent[] {
	const body = obj(input.body);
	const event = obj(body.event);
	const object = obj(body.object);
	const sourceType = lower(first(event.type, input.topic));
	const type = (sourceType && own(TYPES, sourceType)) || 'unknown';
	const isAffiliate = sourceType?.startsWith('affiliate.') ?? false;
	const affiliateSource = isAffiliate ? object : obj(first(object.affiliate, obj(object.sale).affiliate));
	const normalized: NormalizedAffiliateEvent = {
		id: str(event.id) ? `rewardful:${str(event.id)}` : derivedId('rewardful', sourceType, body),
		platform: 'rewardful',
		type,
		sourceType,
		occurredAt: toUtcIso(first(event.created_at, object.updated_at, object.created_at), input.sourceTimeZone) ?? input.now.toISOString(),
		affiliate: affiliateOf(affiliateSource, isAffiliate ? {} : object),
		raw: input.body,
	};
	if (sourceType?.startsWith('sale.') || sourceType?.startsWith('commission.') || sourceType === 'referral.converted') {
		const sale = sourceType.startsWith('sale.') ? object : obj(object.sale);
		normalized.conversion = {
			id: str(sale.id ?? object.id),
			orderId: str(first(sale.invoice_id, sale.charge_id, sale.external_id)),
			amount: amount(sale.sale_amount_cents, true),
			commission: amount(first(sale.commission_amount_cents, sourceType.startsWith('commission.') ? object.amount : undefined), true),
			currency: upper(first(sale.currency, object.currency)),
			status: lower(first(object.state, sale.state)),
			customerEmail: lower(obj(first(sale.customer, obj(sale.referral).customer)).email),
		};
	}
	if (sourceType === 'payout.paid' || sourceType === 'commission.paid') {
		normalized.payout = { id: str(object.id), amount: amount(object.amount, true), currency: upper(object.currency) };
	}
	if (sourceType?.startsWith('referral.')) {
		normalized.referral = {
			id: str(object.id),
			referrerEmail: normalized.affiliate.email,
			referrerPhone: null,
			referrerFirstName: normalized.affiliate.firstName,
			recipientEmail: lower(first(object.email, obj(object.customer).email)),
			recipientPhone: null,
			recipientFirstName: null,
			couponCode: null,
			orderId: null,
			amount: null,
			currency: null,
		};
	}
	return [normalized];
}

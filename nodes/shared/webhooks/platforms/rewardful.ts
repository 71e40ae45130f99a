import type { EventDraft } from '../facts';
import type { NormalizedAffiliateEvent, NormalizedEventType } from '../schema';
import { derivedId, emptyAffiliate, first, lower, obj, objects, own, str, upper, type Json, type PlatformInput } from './fields';
import { affiliateProgramActor, readAmount, readTime, settleType } from './reading';

/**
 * Rewardful: `{ object, event: { id, type, created_at, api_version }, request: { id } }`, where `object` has the
 * shape of the REST API object. `event.id` identifies the event across retries (`request.id` changes per attempt),
 * so it is the event id here. Money is in cents as in Rewardful's API (`sale_amount_cents`,
 * `commission_amount_cents`, and `amount` of commissions and payouts) — the webhook docs do not restate this.
 * Events with no counterpart (a link or coupon deleted, a sale updated…) come out as `unknown`, with `raw`.
 * `event.type` and `event.id` are in the signed body; only a body without `event.type` falls back to the unsigned
 * `?topic=`, which may then not contradict the object's own `state`. Each event, a re-confirmation too, has its
 * own `event.id`.
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
	const links = objects(source.links);
	const coupons = objects(source.coupons);
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

export function rewardfulPlatform(input: PlatformInput): EventDraft[] {
	const body = obj(input.body);
	const event = obj(body.event);
	const object = obj(body.object);
	const signedType = lower(event.type);
	const sourceType = signedType ?? lower(input.hints.topic);
	const isAffiliate = sourceType?.startsWith('affiliate.') ?? false;
	const affiliateSource = isAffiliate ? object : obj(first(object.affiliate, obj(object.sale).affiliate));
	const named = (sourceType && own(TYPES, sourceType)) || 'unknown';
	// The state of what the name is about: the affiliate's for affiliate events, the object's own otherwise. A signed
	// name stands unless that state plainly contradicts an approval or a payment (affiliate.confirmed of a suspicious
	// affiliate, commission.paid of a voided one); an unsigned `?topic=` only routes.
	const status = lower(isAffiliate ? affiliateSource.state : object.state);
	const type = settleType(named, status, { name: sourceType, signed: signedType !== null }, input.warn);
	const normalized: EventDraft = {
		id: str(event.id) ? `rewardful:${str(event.id)}` : derivedId('rewardful', body),
		platform: 'rewardful',
		type,
		sourceType,
		occurredAt: readTime(input, [
			['event.created_at', event.created_at],
			['object.updated_at', object.updated_at],
			['object.created_at', object.created_at],
		]),
		affiliate: affiliateOf(affiliateSource, isAffiliate ? {} : object),
		raw: input.body,
	};
	if (sourceType?.startsWith('sale.') || sourceType?.startsWith('commission.') || sourceType === 'referral.converted') {
		const sale = sourceType.startsWith('sale.') ? object : obj(object.sale);
		normalized.conversion = {
			id: str(sale.id ?? object.id),
			orderId: str(first(sale.invoice_id, sale.charge_id, sale.external_id)),
			amount: readAmount(input, [['sale_amount_cents', sale.sale_amount_cents]], true),
			commission: readAmount(
				input,
				[
					['commission_amount_cents', sale.commission_amount_cents],
					['object.amount', sourceType.startsWith('commission.') ? object.amount : undefined],
				],
				true,
			),
			currency: upper(first(sale.currency, object.currency)),
			status: lower(first(object.state, sale.state)),
			customerEmail: lower(obj(first(sale.customer, obj(sale.referral).customer)).email),
		};
	}
	if (sourceType === 'payout.paid' || sourceType === 'commission.paid') {
		normalized.payout = { id: str(object.id), amount: readAmount(input, [['object.amount', object.amount]], true), currency: upper(object.currency) };
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
			actor: affiliateProgramActor([object], {
				referrer: Object.keys(affiliateSource).length > 0,
				recipient: Object.keys(obj(object.customer)).length > 0 || str(object.email) !== null,
			}),
		};
	}
	return [normalized];
}

import { headerValue } from '../headers';
import type { NormalizedAffiliateEvent, NormalizedEventType } from '../schema';
import { NORMALIZED_EVENT_TYPES } from '../schema';
import { toUtcIso } from '../time';
import { amount, derivedId, emptyAffiliate, first, isObject, lower, obj, str, upper, type Json, type PlatformInput } from './fields';

/**
 * Any other platform, notably referral programs over Standard Webhooks (Okendo-style: `{ type, timestamp, data }`)
 * or a body the user shapes themselves. The event name (`type`, `event_type`, `event` or `topic`) is read loosely:
 * the normalized names pass through, and common words map ("Sent Okendo Referral" → referral.created, "Received …
 * Referral Coupon" → coupon.issued, "Redeemed … Coupon" → coupon.redeemed, an approved affiliate…); anything else is
 * `unknown`, with `raw`. The id is the delivery id when there is one (Standard Webhooks `webhook-id`, passed in or
 * read from the `webhook-id` / `svix-id` header), else the body's `id` / `event_id`, else a hash of the body.
 */
function typeOf(name: string | null): NormalizedEventType {
	if (!name) return 'unknown';
	if ((NORMALIZED_EVENT_TYPES as readonly string[]).includes(name)) return name as NormalizedEventType;
	const has = (...words: string[]) => words.some((word) => name.includes(word));
	if (has('coupon') && has('redeem')) return 'coupon.redeemed';
	if (has('coupon') && has('issue', 'receiv', 'creat', 'reward')) return 'coupon.issued';
	if (has('referral') && has('sent', 'creat', 'new', 'share')) return 'referral.created';
	if (has('referral') && has('success', 'complet', 'convert')) return 'coupon.issued';
	// Before approval: 'deactivated' contains 'activat'.
	if (has('affiliate', 'promoter', 'partner') && has('deactiv', 'inactiv', 'disabl', 'delet', 'reject')) return 'affiliate.deactivated';
	if (has('affiliate', 'promoter', 'partner') && has('approv', 'accept', 'confirm', 'activat')) return 'affiliate.approved';
	if (has('affiliate', 'promoter', 'partner') && has('creat', 'new', 'sign')) return 'affiliate.created';
	if (has('affiliate', 'promoter', 'partner') && has('updat', 'chang')) return 'affiliate.updated';
	if (has('commission') && has('paid')) return 'commission.paid';
	if (has('payout', 'payment') && has('paid', 'sent')) return 'payout.paid';
	if (has('conversion', 'order', 'sale') && has('approv')) return 'conversion.approved';
	if (has('conversion', 'order', 'sale') && has('deni', 'reject', 'refund')) return 'conversion.denied';
	if (has('conversion', 'order', 'sale')) return 'conversion.created';
	if (has('tier', 'level', 'milestone')) return 'tier.reached';
	return 'unknown';
}

const person = (value: unknown): Json => (isObject(value) ? value : {});

/** The sender's own name for itself (e.g. `okendo`) when the body gives a plain one; `generic` otherwise. */
function platformName(value: unknown): string {
	const name = lower(value);
	return name && /^[a-z0-9][a-z0-9 ._-]{0,39}$/.test(name) ? name : 'generic';
}

export function genericPlatform(input: PlatformInput): NormalizedAffiliateEvent[] {
	const body = obj(input.body);
	const data = isObject(body.data) ? body.data : body;
	const sourceType = lower(first(body.type, body.event_type, body.event, body.topic, input.topic));
	const type = typeOf(sourceType);
	const affiliate = person(first(data.affiliate, data.promoter, data.partner));
	const referrer = person(first(data.referrer, data.advocate, data.sender));
	const recipient = person(first(data.recipient, data.referee, data.friend, data.receiver));
	const eventId = str(
		first(input.deliveryId, headerValue(input.headers, 'webhook-id'), headerValue(input.headers, 'svix-id'), body.id, body.event_id),
	);
	const event: NormalizedAffiliateEvent = {
		id: eventId ? `generic:${eventId}` : derivedId('generic', sourceType, body),
		platform: platformName(first(body.platform, body.source)),
		type,
		sourceType,
		occurredAt: toUtcIso(first(body.timestamp, body.created_at, data.created_at, data.timestamp), input.sourceTimeZone) ?? input.now.toISOString(),
		affiliate: {
			...emptyAffiliate(),
			id: str(first(affiliate.id, data.affiliate_id)),
			code: str(first(affiliate.code, data.affiliate_code)),
			email: lower(first(affiliate.email, referrer.email)),
			firstName: str(first(affiliate.first_name, affiliate.firstName, referrer.first_name, referrer.firstName)),
			lastName: str(first(affiliate.last_name, affiliate.lastName, referrer.last_name, referrer.lastName)),
			phone: str(first(affiliate.phone, referrer.phone)),
			referralLink: str(first(affiliate.referral_link, affiliate.referralLink, data.referral_link, data.shareable_link, referrer.referral_link)),
			couponCode: str(first(affiliate.coupon_code, affiliate.couponCode)),
			offerId: str(first(affiliate.offer_id, data.offer_id)),
			offerName: str(first(affiliate.offer_name, data.offer_name)),
			status: lower(affiliate.status),
		},
		raw: input.body,
	};
	if (Object.keys(referrer).length > 0 || Object.keys(recipient).length > 0 || sourceType?.includes('referral') || sourceType?.includes('coupon')) {
		event.referral = {
			id: str(first(data.referral_id, data.id)),
			referrerEmail: lower(first(referrer.email, data.referrer_email)),
			referrerPhone: str(first(referrer.phone, data.referrer_phone)),
			referrerFirstName: str(first(referrer.first_name, referrer.firstName)),
			recipientEmail: lower(first(recipient.email, data.recipient_email)),
			recipientPhone: str(first(recipient.phone, data.recipient_phone)),
			recipientFirstName: str(first(recipient.first_name, recipient.firstName)),
			couponCode: str(first(data.coupon_code, data.couponCode, obj(data.coupon).code)),
			orderId: str(first(data.order_id, data.orderId)),
			amount: amount(first(data.order_total, data.amount)),
			currency: upper(data.currency),
		};
	}
	if (type.startsWith('conversion.')) {
		event.conversion = {
			id: str(data.id),
			orderId: str(first(data.order_id, data.orderId)),
			amount: amount(first(data.amount, data.total, data.order_total)),
			commission: amount(data.commission),
			currency: upper(data.currency),
			status: lower(data.status),
			customerEmail: lower(first(obj(data.customer).email, data.customer_email)),
		};
	}
	return [event];
}

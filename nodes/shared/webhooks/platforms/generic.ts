import { headerValue } from '../headers';
import type { NormalizedAffiliateEvent, NormalizedEventType } from '../schema';
import { NORMALIZED_EVENT_TYPES } from '../schema';
import { derivedId, emptyAffiliate, first, isObject, lower, obj, str, upper, type Json, type PlatformInput } from './fields';
import { affiliateStatusChange, bodyStatusWins, readAmount, readTime, referralActor } from './reading';

/**
 * Any other platform, notably referral programs over Standard Webhooks (Okendo-style: `{ type, timestamp, data }`)
 * or a body the user shapes themselves. The event name (`type`, `event_type`, `event` or `topic` in the body) is read
 * loosely: the normalized names pass through, and common words map ("Sent Okendo Referral" → referral.created,
 * "Received … Referral Coupon" → coupon.issued, "Redeemed … Coupon" → coupon.redeemed, an approved affiliate…).
 * Only a body without a name falls back to the unsigned `?topic=`, which may then not contradict the body's own
 * status (see bodyStatusWins). A body with no usable name is an affiliate status change when it shows one (`previous_status` and the
 * current status), otherwise `unknown`, with `raw`.
 *
 * The id comes from signed input only: the delivery id the signature covers (Standard Webhooks `webhook-id` /
 * `svix-id`, passed in or read from the signed headers), else the body's `id` / `event_id`, else a hash of the
 * body. An unsigned `webhook-id` (under GitHub-style or generic HMAC, which sign the body only) is ignored, so the
 * same signed body is the same event whatever headers come with it.
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

/** The id from signed input only: see the file comment. */
function eventIdOf(input: PlatformInput, body: Json): string {
	const signedDeliveryId = first(
		input.deliveryId,
		headerValue(input.signedHeaders, 'webhook-id'),
		headerValue(input.signedHeaders, 'svix-id'),
	);
	const id = str(first(signedDeliveryId, body.id, body.event_id));
	return id ? `generic:${id}` : derivedId('generic', body);
}

/** A record's status; many senders call it `state` (Rewardful, FirstPromoter), and a pending one must not be missed. */
const statusOf = (record: Json): unknown => first(record.status, record.state);

/** The type: the body's name, else the unsigned topic (body status winning), else a status change the body shows. */
function classify(input: PlatformInput, body: Json, data: Json, affiliate: Json): { type: NormalizedEventType; sourceType: string | null } {
	const signedName = lower(first(body.type, body.event_type, body.event, body.topic));
	const sourceType = signedName ?? lower(input.hints.topic);
	let type = typeOf(sourceType);
	if (!signedName) type = bodyStatusWins(type, lower(type.startsWith('affiliate.') ? first(statusOf(affiliate), statusOf(data)) : statusOf(data)));
	if (type === 'unknown') {
		const current = first(data.current_status, affiliate.current_status, statusOf(affiliate), statusOf(data));
		type = affiliateStatusChange(lower(first(data.previous_status, affiliate.previous_status)), lower(current)) ?? 'unknown';
	}
	return { type, sourceType };
}

const hasAny = (source: Json, ...fields: string[]) => fields.some((field) => str(source[field]) !== null);

export function genericPlatform(input: PlatformInput): NormalizedAffiliateEvent[] {
	const body = obj(input.body);
	const data = isObject(body.data) ? body.data : body;
	const affiliate = person(first(data.affiliate, data.promoter, data.partner));
	const referrer = person(first(data.referrer, data.advocate, data.sender));
	const recipient = person(first(data.recipient, data.referee, data.friend, data.receiver));
	const { type, sourceType } = classify(input, body, data, affiliate);
	// Field names as warnings give them: where they sit in the body.
	const at = (field: string) => [isObject(body.data) ? `data.${field}` : field, data[field]] as [string, unknown];
	const event: NormalizedAffiliateEvent = {
		id: eventIdOf(input, body),
		platform: platformName(first(body.platform, body.source)),
		type,
		sourceType,
		occurredAt: readTime(input, [
			['timestamp', body.timestamp],
			['created_at', body.created_at],
			at('created_at'),
			at('timestamp'),
		]),
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
			status: lower(statusOf(affiliate)),
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
			amount: readAmount(input, [at('order_total'), at('amount')]),
			currency: upper(data.currency),
			// The affiliate, where a payload names one, is the referrer's side.
			actor: referralActor([data, body], {
				referrer: Object.keys(referrer).length > 0 || Object.keys(affiliate).length > 0 || hasAny(data, 'referrer_email', 'referrer_phone'),
				recipient: Object.keys(recipient).length > 0 || hasAny(data, 'recipient_email', 'recipient_phone'),
			}),
		};
	}
	if (type.startsWith('conversion.')) {
		event.conversion = {
			id: str(data.id),
			orderId: str(first(data.order_id, data.orderId)),
			amount: readAmount(input, [at('amount'), at('total'), at('order_total')]),
			commission: readAmount(input, [at('commission')]),
			currency: upper(data.currency),
			status: lower(statusOf(data)),
			customerEmail: lower(first(obj(data.customer).email, data.customer_email)),
		};
	}
	return [event];
}

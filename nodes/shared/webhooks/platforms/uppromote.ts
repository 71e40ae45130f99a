import { headerValue } from '../headers';
import type { NormalizedAffiliateEvent, NormalizedEventType } from '../schema';
import { toUtcIso } from '../time';
import { amount, derivedId, emptyAffiliate, first, lower, obj, statusKind, str, upper, type Json, type PlatformInput } from './fields';

/**
 * UpPromote posts the bare object, without the event name. Each webhook subscription is made for one event with its
 * own target URL, so the event is read from the URL (`?topic=referral.new`, passed in as `topic`), a topic header if
 * one is present, or the payload's shape. No event id: ids are derived from the event and the payload.
 */
const TYPES: Record<string, (payload: Json) => NormalizedEventType> = {
	'referral.new': () => 'conversion.created',
	'referral.approved': () => 'conversion.approved',
	'referral.denied': () => 'conversion.denied',
	'referral.status-changed': (payload) => {
		const status = lower(first(payload.current_status, payload.status));
		return status === 'approved' ? 'conversion.approved' : status === 'denied' ? 'conversion.denied' : 'conversion.created';
	},
	'affiliate.new': (payload) => (statusKind(lower(payload.status)) === 'approved' ? 'affiliate.approved' : 'affiliate.created'),
	'affiliate.approved': () => 'affiliate.approved',
	'affiliate.inactive': () => 'affiliate.deactivated',
	'affiliate.status-changed': (payload) => {
		const kind = statusKind(lower(first(payload.current_status, payload.status)));
		return kind === 'approved' ? 'affiliate.approved' : kind === 'deactivated' ? 'affiliate.deactivated' : 'affiliate.updated';
	},
	'payment.paid': () => 'commission.paid',
};

function inferTopic(payload: Json): string | undefined {
	if (payload.previous_status !== undefined && payload.affiliate_id !== undefined) return 'affiliate.status-changed';
	if (payload.order_id !== undefined || payload.total_sales !== undefined) return 'referral.new';
	if (payload.payment_method !== undefined || payload.paid_at !== undefined) return 'payment.paid';
	if (payload.email !== undefined) return 'affiliate.new';
	return undefined;
}

export function normalizeUpPromote(input: PlatformInput): NormalizedAffiliateEvent[] {
	const payload = obj(input.body);
	const named = lower(first(input.topic, headerValue(input.headers, 'X-UpPromote-Topic'), headerValue(input.headers, 'X-UpPromote-Event')));
	const topic = named && TYPES[named] ? named : (inferTopic(payload) ?? named);
	const type = topic && TYPES[topic] ? TYPES[topic](payload) : 'unknown';
	const nested = obj(payload.affiliate);
	const affiliateSource: Json = topic?.startsWith('affiliate.') ? payload : nested;
	const event: NormalizedAffiliateEvent = {
		id: derivedId('uppromote', topic, payload),
		platform: 'uppromote',
		type,
		sourceType: topic ?? null,
		occurredAt: toUtcIso(first(payload.updated_at, payload.created_at, payload.paid_at), input.sourceTimeZone) ?? input.now.toISOString(),
		affiliate: {
			...emptyAffiliate(),
			id: str(first(affiliateSource.id, payload.affiliate_id)),
			email: lower(affiliateSource.email),
			firstName: str(affiliateSource.first_name),
			lastName: str(affiliateSource.last_name),
			phone: str(affiliateSource.phone),
			referralLink: str(first(affiliateSource.affiliate_link, affiliateSource.referral_link)),
			couponCode: str(first(affiliateSource.coupon, affiliateSource.coupon_code)),
			offerId: str(first(affiliateSource.program_id, payload.program_id)),
			offerName: str(first(affiliateSource.program_name, payload.program_name)),
			status: lower(first(payload.current_status, affiliateSource.status)),
		},
		raw: input.body,
	};
	if (topic?.startsWith('referral.')) {
		event.conversion = {
			id: str(payload.id),
			orderId: str(first(payload.order_number, payload.order_id)),
			amount: amount(first(payload.total_sales, payload.total)),
			commission: amount(payload.commission),
			currency: upper(payload.currency),
			status: lower(first(payload.current_status, payload.status)),
			customerEmail: lower(first(payload.customer_email, obj(payload.customer).email)),
		};
	}
	if (topic === 'payment.paid') {
		event.payout = { id: str(payload.id), amount: amount(first(payload.amount, payload.total)), currency: upper(payload.currency) };
	}
	return [event];
}

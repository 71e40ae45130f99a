import { headerValue } from '../headers';
import type { NormalizedAffiliateEvent, NormalizedEventType } from '../schema';
import { toUtcIso } from '../time';
import { amount, derivedId, emptyAffiliate, first, lower, obj, own, statusKind, str, upper, type Json, type PlatformInput } from './fields';

/**
 * UpPromote posts the bare object, with no event name in it. A subscription is made per event, each with its own
 * target URL, so the event name is taken from, in order: a topic header if UpPromote sends one (`X-UpPromote-Topic`
 * or `X-UpPromote-Event`; none is documented), the `topic` the caller configured (the trigger reads `?topic=` on
 * the URL registered for that event), and last the payload's shape. No event id is sent: ids are derived from the
 * event name and the payload (a redelivery repeats the payload, a status change changes it).
 */
const TYPES: Record<string, (payload: Json) => NormalizedEventType> = {
	'referral.new': () => 'conversion.created',
	'referral.approved': () => 'conversion.approved',
	'referral.denied': () => 'conversion.denied',
	'referral.status-changed': (payload) => {
		const status = lower(first(payload.current_status, payload.status));
		return status === 'approved' ? 'conversion.approved' : status === 'denied' ? 'conversion.denied' : 'conversion.created';
	},
	// Auto-approved programs create affiliates already approved: the welcome flow must start here then.
	'affiliate.new': (payload) => (statusKind(lower(payload.status)) === 'approved' ? 'affiliate.approved' : 'affiliate.created'),
	'affiliate.approved': () => 'affiliate.approved',
	'affiliate.inactive': () => 'affiliate.deactivated',
	'affiliate.status-changed': (payload) => {
		const kind = statusKind(lower(first(payload.current_status, payload.status)));
		return kind === 'approved' ? 'affiliate.approved' : kind === 'deactivated' ? 'affiliate.deactivated' : 'affiliate.updated';
	},
	'payment.paid': () => 'commission.paid',
};

/** Event names as written in UpPromote's list, also with `_` for `-` and case differences. */
const canonicalTopic = (name: unknown) => lower(name)?.replace(/_/g, '-') ?? null;

function inferTopic(payload: Json): string | undefined {
	if (payload.previous_status !== undefined || payload.current_status !== undefined) {
		return payload.affiliate_id !== undefined && payload.order_id === undefined && payload.order_number === undefined
			? 'affiliate.status-changed'
			: 'referral.status-changed';
	}
	// The record's own status tells an approval or a denial from a new one, as the status-changed events do.
	const status = lower(payload.status);
	if (payload.order_id !== undefined || payload.order_number !== undefined || payload.total_sales !== undefined) {
		return status === 'approved' ? 'referral.approved' : status === 'denied' ? 'referral.denied' : 'referral.new';
	}
	if (payload.payment_method !== undefined || payload.paid_at !== undefined) return 'payment.paid';
	if (payload.email !== undefined) return statusKind(status) === 'deactivated' ? 'affiliate.inactive' : 'affiliate.new';
	return undefined;
}

export function upPromotePlatform(input: PlatformInput): NormalizedAffiliateEvent[] {
	const payload = obj(input.body);
	const named = canonicalTopic(
		first(headerValue(input.headers, 'X-UpPromote-Topic'), headerValue(input.headers, 'X-UpPromote-Event'), input.topic),
	);
	const topic = (named && own(TYPES, named) ? named : inferTopic(payload)) ?? named;
	const type = (topic && own(TYPES, topic)?.(payload)) || 'unknown';
	const isAffiliateTopic = topic?.startsWith('affiliate.') ?? false;
	const source: Json = isAffiliateTopic ? payload : obj(payload.affiliate);
	const event: NormalizedAffiliateEvent = {
		id: derivedId('uppromote', topic, payload),
		platform: 'uppromote',
		type,
		sourceType: topic,
		occurredAt: toUtcIso(first(payload.updated_at, payload.created_at, payload.paid_at), input.sourceTimeZone) ?? input.now.toISOString(),
		affiliate: {
			...emptyAffiliate(),
			id: str(first(isAffiliateTopic ? payload.id : undefined, source.id, payload.affiliate_id)),
			email: lower(first(source.email, isAffiliateTopic ? undefined : payload.affiliate_email)),
			firstName: str(source.first_name),
			lastName: str(source.last_name),
			phone: str(first(source.phone, source.phone_number)),
			referralLink: str(first(source.affiliate_link, source.referral_link)),
			couponCode: str(first(source.coupon, source.coupon_code)),
			offerId: str(first(source.program_id, payload.program_id)),
			offerName: str(first(source.program_name, payload.program_name)),
			status: isAffiliateTopic ? lower(first(payload.current_status, payload.status)) : lower(source.status),
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

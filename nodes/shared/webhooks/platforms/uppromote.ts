import { headerValue } from '../headers';
import type { EventDraft } from '../facts';
import type { NormalizedEventType } from '../schema';
import { derivedId, emptyAffiliate, first, lower, obj, own, str, upper, type Json, type PlatformInput } from './fields';
import { readAmount, readTime, settleType } from './reading';
import { statusKind } from './statusWords';

/**
 * UpPromote posts the bare object, with no event name in it. A subscription is made per event, each with its own
 * target URL, so the event name is taken from, in order: a topic header if UpPromote sends one (`X-UpPromote-Topic`
 * or `X-UpPromote-Event`; none is documented), the `topic` the caller configured (the trigger reads `?topic=` on
 * the URL registered for that event), and last the payload's shape.
 *
 * Only the body is signed, so the name only routes: a name of another kind than the body's shape (a payment body
 * named `referral.approved`) gives way to the shape, a name may not contradict the body's status (a pending
 * referral named `referral.approved` is a new conversion), and an approval the body shows is never hidden by a name
 * (UpPromote has no details-change event). A `payment.paid` amount (`total_processed`) is taken to be in major
 * units: the docs' example (100) does not say. No event id is sent: the id is derived from the signed
 * body alone — a redelivery repeats it, whatever name comes with it; a status change changes it (for
 * `affiliate.status-changed`, `previous_status` too, so a re-approval after a deactivation is a new event).
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

const familyOf = (topic: string | undefined | null) => topic?.split('.')[0];

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
	if (payload.payment_method !== undefined || payload.paid_at !== undefined || payload.payment_id !== undefined) return 'payment.paid';
	if (payload.email !== undefined) return statusKind(status) === 'deactivated' ? 'affiliate.inactive' : 'affiliate.new';
	return undefined;
}

/**
 * The body decides what it can: a status change by its own two statuses, an approval its status shows (UpPromote has
 * no details-change event an approved record could be). The name picks among the rest, within the body's kind.
 */
function classify(payload: Json, named: string | null, warn: PlatformInput['warn']): { topic: string | null; type: NormalizedEventType } {
	const inferred = inferTopic(payload);
	const bodyType = inferred ? own(TYPES, inferred)?.(payload) : undefined;
	const nameFits =
		named !== null &&
		own(TYPES, named) !== undefined &&
		!inferred?.endsWith('.status-changed') &&
		(inferred === undefined || familyOf(inferred) === familyOf(named));
	const status = lower(first(payload.current_status, payload.status));
	const namedType = nameFits ? settleType(TYPES[named](payload), status, { name: named, signed: false }, warn) : undefined;
	const bodyApproves = bodyType === 'affiliate.approved' || bodyType === 'conversion.approved';
	// A type read from the body's shape is the body's own word, and answers to its status as a signed name does: a payment
	// body whose status says failed or pending is no payment, with or without a topic.
	const fromBody = () => (bodyType ? settleType(bodyType, status, { name: inferred ?? null, signed: true }, warn) : undefined);
	const type = namedType && !bodyApproves ? namedType : (fromBody() ?? namedType ?? 'unknown');
	return { topic: namedType === type ? named : (inferred ?? named), type };
}

export function upPromotePlatform(input: PlatformInput): EventDraft[] {
	const payload = obj(input.body);
	const named = canonicalTopic(
		first(headerValue(input.hints.headers, 'X-UpPromote-Topic'), headerValue(input.hints.headers, 'X-UpPromote-Event'), input.hints.topic),
	);
	const { topic, type } = classify(payload, named, input.warn);
	const isAffiliateTopic = topic?.startsWith('affiliate.') ?? false;
	const source: Json = isAffiliateTopic ? payload : obj(payload.affiliate);
	const event: EventDraft = {
		id: derivedId('uppromote', payload),
		platform: 'uppromote',
		type,
		sourceType: topic,
		occurredAt: readTime(input, [
			['updated_at', payload.updated_at],
			['created_at', payload.created_at],
			['paid_at', payload.paid_at],
			['processed_at', payload.processed_at],
		]),
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
			amount: readAmount(input, [['total_sales', payload.total_sales], ['total', payload.total]]),
			commission: readAmount(input, [['commission', payload.commission]]),
			currency: upper(payload.currency),
			status: lower(first(payload.current_status, payload.status)),
			customerEmail: lower(first(payload.customer_email, obj(payload.customer).email)),
		};
	}
	if (topic === 'payment.paid') {
		// Documented payment.paid fields: payment_id, total_processed, processed_at; id / amount / total also read.
		event.payout = {
			id: str(first(payload.payment_id, payload.id)),
			amount: readAmount(input, [['total_processed', payload.total_processed], ['amount', payload.amount], ['total', payload.total]]),
			currency: upper(payload.currency),
		};
	}
	return [event];
}

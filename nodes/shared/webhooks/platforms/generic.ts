import { headerValue } from '../headers';
import type { EventDraft } from '../facts';
import type { NormalizedEventType } from '../schema';
import { NORMALIZED_EVENT_TYPES } from '../schema';
import { typeFromEventName, readWords } from './eventWords';
import { derivedId, emptyAffiliate, first, isObject, lower, obj, str, upper, type Json, type PlatformInput } from './fields';
import { affiliateStatusChange, readAmount, readTime, referralActor, settleType } from './reading';
import { statusKind } from './statusWords';

/**
 * Any other platform, notably referral programs over Standard Webhooks (Okendo-style: `{ type, timestamp, data }`)
 * or a body the user shapes themselves. The event name (`type`, `event_type`, `event` or `topic` in the body) is read
 * as words (typeFromEventName): the normalized names pass through, and common words map ("Sent Okendo Referral" →
 * referral.created, "Received … Referral Coupon" → coupon.issued, "partner_approved" → affiliate.approved), while
 * negated and unfinished forms never read as approvals or payments ("affiliate.disapproved", "pending_approval",
 * "commission.unpaid"). The record's own status then has its say (settleType): a signed approval or payment whose
 * record says pending, denied or unpaid takes the safer reading, with a warning. Only a body without a name falls
 * back to the unsigned `?topic=`, which may then not contradict the body's own status at all. A body with no usable
 * name is an affiliate status change when it shows one (`previous_status` and the current status), otherwise
 * `unknown`, with `raw`.
 *
 * The id comes from signed input only: the delivery id the signature covers (Standard Webhooks `webhook-id` /
 * `svix-id`, passed in or read from the signed headers), else the body's `id` / `event_id`, else a hash of the
 * body. An unsigned `webhook-id` (under GitHub-style or generic HMAC, which sign the body only) is ignored, so the
 * same signed body is the same event whatever headers come with it.
 */
function typeOf(name: string | null): NormalizedEventType {
	if (!name) return 'unknown';
	const exact = name.toLowerCase();
	if ((NORMALIZED_EVENT_TYPES as readonly string[]).includes(exact)) return exact as NormalizedEventType;
	return typeFromEventName(name);
}

const person = (value: unknown): Json => (isObject(value) ? value : {});

/** The sender's own name for itself (e.g. `okendo`) when the body gives a plain one; `generic` otherwise. */
function platformName(value: unknown): string {
	const name = lower(value);
	// Not the name of a platform read natively: its fact ids (`rewardful:affiliate:…:approved`) are that platform's, and
	// a body anyone can post to a generic trigger must not take one first (Klaviyo would drop the real event as a copy).
	if (!name || !/^[a-z0-9][a-z0-9 ._-]{0,39}$/.test(name)) return 'generic';
	// Its own name still kept apart from other generic senders': "generic-rewardful".
	return NATIVE_PLATFORMS.has(name) ? `generic-${name}` : name;
}

const NATIVE_PLATFORMS = new Set(['refersion', 'rewardful', 'uppromote', 'firstpromoter']);

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

/**
 * Fields senders keep an approval's standing in beside `status`: Affonso sends `accountStatus` and
 * `partnershipStatus` (https://affonso.io/help/integrations/webhooks/affiliate-events), others `approval_status`.
 */
const STANDING_FIELDS = ['status', 'state', 'partnershipStatus', 'partnership_status', 'accountStatus', 'account_status', 'approvalStatus', 'approval_status'];

/**
 * The status an approval or payment is checked against: of all the standing fields a record fills, the first that says
 * "not (yet)", else the first there is — one pending partnership is enough to hold a welcome back.
 */
function cautiousStatus(...records: Json[]): string | null {
	const statuses = records.flatMap((record) => STANDING_FIELDS.map((field) => lower(record[field])).filter((status): status is string => status !== null));
	return statuses.find((status) => {
		const said = readWords(status);
		return said.rejected || said.gone || said.notYet;
	}) ?? statuses[0] ?? null;
}

/**
 * The type: the body's name, else the unsigned topic, each settled against the record's own status; a name that only
 * says an affiliate's status changed ("affiliate.status_changed") goes by the status it changed to; with no usable
 * name, a status change the body shows.
 */
function classify(input: PlatformInput, body: Json, data: Json, affiliate: Json): { type: NormalizedEventType; sourceType: string | null } {
	const signedName = str(first(body.type, body.event_type, body.event, body.topic));
	const name = signedName ?? str(input.hints.topic);
	const previous = lower(first(data.previous_status, affiliate.previous_status));
	const current = lower(first(data.current_status, affiliate.current_status, statusOf(affiliate), statusOf(data)));
	let type = typeOf(name);
	if (type === 'affiliate.updated' && name && readWords(name).has(STATUS_WORDS) && current) {
		type = affiliateStatusChange(previous, current) ?? affiliateByStatus(current);
	}
	const status = type.startsWith('affiliate.') ? cautiousStatus(affiliate, data) : cautiousStatus(data);
	type = settleType(type, status, { name, signed: signedName !== null }, input.warn);
	if (type === 'unknown') type = affiliateStatusChange(previous, current) ?? 'unknown';
	return { type, sourceType: name?.toLowerCase() ?? null };
}

const STATUS_WORDS = new Set(['status', 'state']);

function affiliateByStatus(status: string): NormalizedEventType {
	const kind = statusKind(status);
	return kind === 'approved' ? 'affiliate.approved' : kind === 'deactivated' ? 'affiliate.deactivated' : 'affiliate.updated';
}

const hasAny = (source: Json, ...fields: string[]) => fields.some((field) => str(source[field]) !== null);

export function genericPlatform(input: PlatformInput): EventDraft[] {
	const body = obj(input.body);
	const data = isObject(body.data) ? body.data : body;
	const affiliate = person(first(data.affiliate, data.promoter, data.partner));
	const referrer = person(first(data.referrer, data.advocate, data.sender));
	const recipient = person(first(data.recipient, data.referee, data.friend, data.receiver));
	const { type, sourceType } = classify(input, body, data, affiliate);
	// An affiliate event whose data is the affiliate itself (Affonso: `{ affiliateId, email, … }`), not nested in it.
	const flat = type.startsWith('affiliate.') && Object.keys(affiliate).length === 0 ? data : {};
	// Field names as warnings give them: where they sit in the body.
	const at = (field: string) => [isObject(body.data) ? `data.${field}` : field, data[field]] as [string, unknown];
	const event: EventDraft = {
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
			id: str(first(affiliate.id, data.affiliate_id, data.affiliateId, flat.id)),
			code: str(first(affiliate.code, data.affiliate_code, flat.trackingId)),
			email: lower(first(affiliate.email, flat.email, referrer.email)),
			firstName: str(first(affiliate.first_name, affiliate.firstName, flat.first_name, flat.firstName, referrer.first_name, referrer.firstName)),
			lastName: str(first(affiliate.last_name, affiliate.lastName, flat.last_name, flat.lastName, referrer.last_name, referrer.lastName)),
			phone: str(first(affiliate.phone, flat.phone, referrer.phone)),
			referralLink: str(first(affiliate.referral_link, affiliate.referralLink, data.referral_link, data.shareable_link, referrer.referral_link)),
			couponCode: str(first(affiliate.coupon_code, affiliate.couponCode)),
			offerId: str(first(affiliate.offer_id, data.offer_id)),
			offerName: str(first(affiliate.offer_name, data.offer_name)),
			status: lower(statusOf(affiliate)) ?? (Object.keys(flat).length > 0 ? cautiousStatus(flat) : null),
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

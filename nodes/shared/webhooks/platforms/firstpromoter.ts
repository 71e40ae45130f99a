import { headerValue } from '../headers';
import type { EventDraft } from '../facts';
import type { NormalizedEventType } from '../schema';
import { derivedId, emptyAffiliate, first, isObject, lower, obj, own, str, upper, type Json, type PlatformInput } from './fields';
import { affiliateProgramActor, affiliateStatusChange, readAmount, readTime, settleType } from './reading';
import { statusKind } from './statusWords';

/**
 * FirstPromoter. Webhooks v2: `{ event_id, event_type, action, entity_type, entity_id, changes, data, timestamp }`
 * (also `X-Event-Id` / `X-Event-Type` headers), where `changes` maps a field to `[old, new]`; `event_id` is the
 * documented de-duplication key, so it is the event id. Legacy webhooks (`{ event: { id, type }, data }`) are read
 * too. Money is taken to be in cents, as in FirstPromoter's API (the webhook docs do not restate it).
 *
 * Trust: the event name and `event_id` come from the signed body. The `X-Event-Type` header and `?topic=` are used
 * only when the body has no name, and may then not contradict the body's own state; `X-Event-Id` is never used
 * (unsigned). Approval: an update is an approval only when its `changes` move the state into an accepted one — an
 * update of an already-accepted promoter that changes other fields is an update (each event, a re-approval too, has
 * its own `event_id`).
 */
const newValue = (changes: Json, field: string) => (Array.isArray(changes[field]) ? (changes[field] as unknown[])[1] : undefined);
const oldValue = (changes: Json, field: string) => (Array.isArray(changes[field]) ? (changes[field] as unknown[])[0] : undefined);
const STATUS_FIELDS = ['state', 'status'];
/** The status field `changes` shows moving, if any. */
const movedStatusField = (changes: Json) => STATUS_FIELDS.find((name) => Array.isArray(changes[name]));

/**
 * What `changes` says about the status: the type of the move when the status changed; `affiliate.updated` when other
 * fields changed but not the status; undefined when `changes` is empty or absent (it cannot tell).
 */
function statusChangeOf(changes: Json): NormalizedEventType | undefined {
	const field = movedStatusField(changes);
	if (field) return affiliateStatusChange(lower(oldValue(changes, field)), lower(newValue(changes, field))) ?? 'affiliate.updated';
	return Object.keys(changes).length > 0 ? 'affiliate.updated' : undefined;
}

function v2Type(eventType: string | null, data: Json, changes: Json): NormalizedEventType {
	const state = lower(first(newValue(changes, 'status'), newValue(changes, 'state'), data.status, data.state));
	const affiliateByState = (): NormalizedEventType => {
		const kind = statusKind(state);
		return kind === 'approved' ? 'affiliate.approved' : kind === 'deactivated' ? 'affiliate.deactivated' : 'affiliate.updated';
	};
	switch (eventType) {
		// A promoter's account is `active` from sign-up; approval is per campaign (promoter_campaign state).
		case 'promoter.created':
			return 'affiliate.created';
		case 'promoter.deleted':
		case 'promoter_campaign.deleted':
			return 'affiliate.deactivated';
		case 'promoter.updated':
			return statusKind(lower(first(newValue(changes, 'status'), newValue(changes, 'state')))) === 'deactivated'
				? 'affiliate.deactivated'
				: 'affiliate.updated';
		case 'promoter_campaign.created':
			return affiliateByState();
		case 'promoter_campaign.updated':
			return statusChangeOf(changes) ?? affiliateByState();
		// Status events (June 2026): each names the state the promoter's campaign entered.
		case 'promoter_campaign.accepted':
			return 'affiliate.approved';
		case 'promoter_campaign.pending':
			return 'affiliate.updated';
		case 'promoter_campaign.rejected':
		case 'promoter_campaign.blocked':
		case 'promoter_campaign.inactive':
			return 'affiliate.deactivated';
		case 'promoter.profile.updated':
			return 'affiliate.updated';
		case 'referral.created':
			return 'referral.created';
		// A referral turning into a paying customer is the conversion; an update that shows no such move (a plan
		// change of a customer) is not a second one.
		case 'referral.converted':
			return 'conversion.created';
		case 'referral.updated':
			return becameCustomer(changes, state) ? 'conversion.created' : 'unknown';
		case 'commission.created':
			return 'commission.created';
		case 'commission.approved':
			return 'conversion.approved';
		case 'commission.denied':
			return 'conversion.denied';
		case 'commission.updated':
			// A commission is paid when `is_paid` turns true (its status stays approved); changes that leave status
			// and payment alone (a note, an amount) approve or deny nothing.
			if (newValue(changes, 'is_paid') === true && oldValue(changes, 'is_paid') !== true) return 'commission.paid';
			if (Object.keys(changes).length > 0 && !movedStatusField(changes)) return 'unknown';
			return state === 'approved' ? 'conversion.approved' : state === 'denied' || state === 'rejected' ? 'conversion.denied' : state === 'paid' ? 'commission.paid' : 'unknown';
		case 'payout.completed':
			return 'payout.paid';
		case 'payout.updated':
		case 'payout.created':
			return state === 'paid' || state === 'completed' ? 'payout.paid' : 'unknown';
		default:
			// A promoter event of a kind not listed: classified only by a status move its `changes` show.
			return /^promoter/.test(eventType ?? '') ? (statusChangeOf(changes) ?? 'unknown') : 'unknown';
	}
}

/**
 * Whether a referral update made its referral a paying customer: `changes` move the state into active/customer or
 * set `customer_since`; without `changes` (it cannot tell) the state it is in says so.
 */
function becameCustomer(changes: Json, state: string | null): boolean {
	const customer = (value: unknown) => ['active', 'customer'].includes(lower(value) ?? '');
	if (Array.isArray(changes.customer_since)) return !oldValue(changes, 'customer_since') && Boolean(newValue(changes, 'customer_since'));
	const field = movedStatusField(changes);
	if (field) return customer(newValue(changes, field)) && !customer(oldValue(changes, field));
	return Object.keys(changes).length === 0 && customer(state);
}

const LEGACY_TYPES: Record<string, NormalizedEventType> = {
	// The docs' page says promoter_signed_up; FirstPromoter's own n8n trigger matches promoter_signs_up: both read.
	promoter_signed_up: 'affiliate.created',
	promoter_signs_up: 'affiliate.created',
	promoter_accepted: 'affiliate.approved',
	lead_signup: 'referral.created',
	lead_becomes_referral: 'conversion.created',
	new_customer: 'conversion.created',
	reward_created: 'commission.created',
};

export function firstPromoterPlatform(input: PlatformInput): EventDraft[] {
	const body = obj(input.body);
	const data = obj(body.data);
	const legacy = isObject(body.event) && body.event_type === undefined ? body.event : undefined;
	const signedType = lower(first(legacy?.type, body.event_type));
	const eventType = signedType ?? lower(first(headerValue(input.hints.headers, 'X-Event-Type'), input.hints.topic));
	const changes = obj(body.changes);
	const named = legacy ? (eventType && own(LEGACY_TYPES, eventType)) || 'unknown' : v2Type(eventType, data, changes);
	// A v2 commission says it was paid in `is_paid`; its status stays `approved`.
	const paidFlag = newValue(changes, 'is_paid') === true || (!isObject(body.event) && data.is_paid === true);
	const status = paidFlag ? 'paid' : lower(first(newValue(changes, 'status'), newValue(changes, 'state'), data.status, data.state));
	const type = settleType(named, status, { name: eventType, signed: signedType !== null }, input.warn);
	const isPromoterEvent = eventType?.startsWith('promoter') ?? false;
	// A referral's promoter: `data.promoter` (legacy payloads), else where the REST referral nests it
	// (`promoter_campaign.promoter`: v2 `data` is "the full serialized state of the resource").
	const promoter = isPromoterEvent && !isObject(data.promoter) ? data : obj(first(data.promoter, obj(data.promoter_campaign).promoter));
	const profile = obj(promoter.profile);
	const promotion = obj(first(data.promotion, Array.isArray(promoter.promotions) ? promoter.promotions[0] : undefined));
	const campaign = obj(first(data.campaign, promotion.campaign));
	const eventId = str(first(legacy?.id, body.event_id));
	const event: EventDraft = {
		id: eventId ? `firstpromoter:${eventId}` : derivedId('firstpromoter', body),
		platform: 'firstpromoter',
		type,
		sourceType: eventType,
		occurredAt: readTime(input, [
			['event.created_at', legacy?.created_at],
			['timestamp', body.timestamp],
			['data.updated_at', data.updated_at],
			['data.created_at', data.created_at],
		]),
		affiliate: {
			...emptyAffiliate(),
			// A promoter_campaign entry's own `id` is the entry's; the promoter is `promoter_id` (as the pull reads it).
			// Without `promoter_id` the promoter is unknown: never the entry's id, which another promoter may have as theirs.
			id: str(eventType?.startsWith('promoter_campaign') ? first(data.promoter_id, obj(data.promoter).id) : promoter.id),
			code: str(first(isPromoterEvent ? data.ref_token : undefined, promoter.ref_token, promotion.ref_id, promoter.default_ref_id)),
			email: lower(promoter.email),
			firstName: str(first(profile.first_name, promoter.first_name)),
			lastName: str(first(profile.last_name, promoter.last_name)),
			phone: str(first(profile.phone_number, profile.phone)),
			referralLink: str(first(isPromoterEvent ? data.ref_link : undefined, promoter.ref_link, promotion.referral_link)),
			couponCode: str(first(promotion.promo_code, data.coupon, promoter.coupon)),
			offerId: str(campaign.id),
			offerName: str(campaign.name),
			status: lower(isPromoterEvent ? first(newValue(changes, 'status'), data.status, data.state, promoter.status) : promoter.status),
		},
		raw: input.body,
	};
	if (type.startsWith('conversion.') || type.startsWith('commission.')) {
		const referral = obj(data.referral);
		event.conversion = {
			id: str(data.id),
			orderId: str(first(data.event_id, data.external_id, data.sale_id)),
			amount: readAmount(input, [['data.sale_amount', data.sale_amount], ['data.revenue', data.revenue]], true),
			commission: readAmount(input, [['data.amount', data.amount]], true),
			currency: upper(data.currency),
			status: lower(first(newValue(changes, 'status'), data.status, data.state)),
			customerEmail: lower(first(referral.email, type === 'conversion.created' ? data.email : undefined)),
		};
	}
	if (type === 'payout.paid') {
		event.payout = { id: str(data.id), amount: readAmount(input, [['data.amount', data.amount]], true), currency: upper(data.currency) };
	}
	if (type === 'referral.created') {
		event.referral = {
			id: str(data.id),
			referrerEmail: event.affiliate.email,
			referrerPhone: null,
			referrerFirstName: event.affiliate.firstName,
			recipientEmail: lower(data.email),
			recipientPhone: null,
			recipientFirstName: null,
			couponCode: null,
			orderId: null,
			amount: null,
			currency: null,
			actor: affiliateProgramActor([data], { referrer: Object.keys(promoter).length > 0, recipient: str(data.email) !== null }),
		};
	}
	return [event];
}

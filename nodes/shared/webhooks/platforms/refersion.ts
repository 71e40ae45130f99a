import { headerValue } from '../headers';
import type { EventDraft } from '../facts';
import type { NormalizedAffiliateEvent, NormalizedEventType } from '../schema';
import { derivedId, derivedIdLeavingOut, emptyAffiliate, first, isObject, lower, obj, str, upper, type Json, type PlatformInput } from './fields';
import { readAmount, readTime, settleType } from './reading';
import { typeFromEventName } from './eventWords';
import { conversionStatusKind, statusKind } from './statusWords';
import { flatPayout, refersionPaymentEvents } from './refersionPayments';

/**
 * Refersion (merchant webhooks). The topic comes in `Refersion-Topic`; Refersion publishes only two of its values,
 * AFFILIATE_DETAILS_CHANGE and APPROVED_CONVERSION, so the other seven are named in the same upper-snake style
 * after the topic titles (NEW_CONVERSION, DENIED_CONVERSION, NEW_PAYMENT, NEW_AFFILIATE, AFFILIATE_STATUS_CHANGE,
 * NEW_CONVERSION_TRIGGER, BONUS_TIER_MOVEMENT). Since that is a guess, a topic matches by its words in any order
 * (CONVERSION_APPROVED works too), and a missing or unrecognized topic is inferred from the payload (affiliate
 * records without a topic excepted: see below).
 *
 * Trust: Refersion signs the body only, so the topic header (or `?topic=`) is a hint. It never enters the event id,
 * and it only routes where the body cannot contradict it: a topic of another kind than the body's shape gives way
 * to the shape, and a conversion's own status decides approved / denied / new (a pending conversion resent as
 * APPROVED_CONVERSION stays new, with the same id).
 *
 * Affiliate records (New Affiliate, Status Change, Details Change) share one shape, and Refersion documents no
 * approval time, previous status or update time in it. The rule: the documented AFFILIATE_DETAILS_CHANGE topic is an
 * update whatever the status; the two undocumented affiliate topics, or a topic not recognized (their real values
 * are unpublished), go by the status: active is an approval, inactive or denied a deactivation, anything else an
 * update. With no topic at all the status decides too, with a warning: Refersion sends `Refersion-Topic` on every
 * delivery, so a record without one was forwarded by something that strips headers (or resent by hand); a details
 * change of an active affiliate then reads as an approval — the price of never dropping a real one in silence.
 */
const TOPICS: Record<string, (payload: Json) => NormalizedEventType> = {
	NEW_CONVERSION: () => 'conversion.created',
	APPROVED_CONVERSION: () => 'conversion.approved',
	DENIED_CONVERSION: () => 'conversion.denied',
	// A payment of the affiliate's commissions: Refersion's own Klaviyo integration calls it "commission payment".
	NEW_PAYMENT: () => 'commission.paid',
	// An affiliate can be approved at sign-up (auto-approval): then the welcome flow must start from this event.
	NEW_AFFILIATE: (payload) => (statusKind(lower(payload.status)) === 'approved' ? 'affiliate.approved' : 'affiliate.created'),
	AFFILIATE_STATUS_CHANGE: (payload) => affiliateByStatus(payload),
	AFFILIATE_DETAILS_CHANGE: () => 'affiliate.updated',
	// A coupon trigger gives the affiliate a code to share; an email trigger only ties a customer to the affiliate.
	NEW_CONVERSION_TRIGGER: (payload) => (upper(payload.type) === 'COUPON' ? 'coupon.issued' : 'affiliate.updated'),
	BONUS_TIER_MOVEMENT: () => 'tier.reached',
};

function affiliateByStatus(payload: Json): NormalizedEventType {
	const kind = statusKind(lower(payload.status));
	return kind === 'approved' ? 'affiliate.approved' : kind === 'deactivated' ? 'affiliate.deactivated' : 'affiliate.updated';
}

/** What the signed body is, by its shape alone. */
type Kind = 'payment' | 'tier' | 'trigger' | 'conversion' | 'affiliate';

const KIND_OF_TOPIC: Record<string, Kind> = {
	NEW_CONVERSION: 'conversion',
	APPROVED_CONVERSION: 'conversion',
	DENIED_CONVERSION: 'conversion',
	NEW_PAYMENT: 'payment',
	NEW_AFFILIATE: 'affiliate',
	AFFILIATE_STATUS_CHANGE: 'affiliate',
	AFFILIATE_DETAILS_CHANGE: 'affiliate',
	NEW_CONVERSION_TRIGGER: 'trigger',
	BONUS_TIER_MOVEMENT: 'tier',
};

/** Fields only a conversion carries (a payment has `payment_method`, not `payment_status`). */
const CONVERSION_ONLY_FIELDS = ['order_id', 'commission_total', 'total_items', 'payment_status', 'denied_reason_code', 'is_test_conversion'];

function kindOf(payload: Json): Kind | undefined {
	const payment = isObject(payload.affiliates) || Array.isArray(payload.payments) || payload.payment_total !== undefined;
	if (payment || payload.payment_method !== undefined) return 'payment';
	if (isObject(payload.reward)) return 'tier';
	if (payload.trigger !== undefined && payload.affiliate_id !== undefined) return 'trigger';
	// Its own fields make a conversion one even when `affiliate` is missing or malformed: else the unsigned topic
	// would decide, and a pending conversion resent as NEW_PAYMENT would become a payment.
	if (CONVERSION_ONLY_FIELDS.some((field) => payload[field] !== undefined) || (isObject(payload.affiliate) && payload.total !== undefined)) {
		return 'conversion';
	}
	if (payload.code !== undefined && payload.email !== undefined) return 'affiliate';
	return undefined;
}

/** The conversion topic its status names: a conversion's status is in the signed body. */
const CONVERSION_TOPIC = { approved: 'APPROVED_CONVERSION', denied: 'DENIED_CONVERSION', pending: 'NEW_CONVERSION' } as const;

/** Topic words, sorted, with synonyms folded: CONVERSION_APPROVED and APPROVED_CONVERSION are one key. */
const wordsKey = (topic: string) =>
	topic
		.toUpperCase()
		.split(/[^A-Z]+/)
		.filter(Boolean)
		.map((word) => ({ CREATED: 'NEW', CHANGED: 'CHANGE', DETAIL: 'DETAILS', APPROVE: 'APPROVED', DENY: 'DENIED' })[word] ?? word)
		.sort()
		.join(' ');
const TOPIC_BY_WORDS = new Map(Object.keys(TOPICS).map((topic) => [wordsKey(topic), topic]));

/** The topic (as sourceType) and the type: the body decides what it can, the unsigned topic routes the rest. */
function classify(payload: Json, sent: string | undefined, warn: PlatformInput['warn']): { topic: string | null; type: NormalizedEventType } {
	const read = readBody(payload, sent, warn);
	// A topic that says approved or paid where the record's status says otherwise was overruled: say so, naming both.
	const said = sent ? typeFromEventName(sent) : 'unknown';
	if (sent && DONE_TYPES.has(said) && read.type !== said) {
		const status = lower(payload.status);
		const record = status ? `the record's own status is "${status.slice(0, 100)}"` : 'the record is of another kind';
		warn(`the topic "${sent.slice(0, 100)}" reads as ${said}, but ${record}: the unsigned topic only routes, so it is ${read.type}`);
	}
	return read;
}

const DONE_TYPES = new Set<NormalizedEventType>(['affiliate.approved', 'conversion.approved', 'commission.paid', 'payout.paid']);

function readBody(payload: Json, sent: string | undefined, warn: PlatformInput['warn']): { topic: string | null; type: NormalizedEventType } {
	const named = sent ? TOPIC_BY_WORDS.get(wordsKey(sent)) : undefined;
	const kind = kindOf(payload);
	const routable = named !== undefined && (kind === undefined || KIND_OF_TOPIC[named] === kind);
	const unrecognized = sent ? sent.trim().toUpperCase() : null;
	if (kind === 'conversion') {
		const status = conversionStatusKind(lower(payload.status));
		if (status === 'none') {
			const topic = routable ? named : 'NEW_CONVERSION';
			return { topic, type: TOPICS[topic](payload) };
		}
		return { topic: CONVERSION_TOPIC[status], type: TOPICS[CONVERSION_TOPIC[status]](payload) };
	}
	if (kind === 'affiliate') {
		if (routable) return { topic: named, type: TOPICS[named](payload) };
		if (!sent) {
			// Dropping an approval in silence (no welcome, nothing shown) is worse than starting a welcome flow again on
			// a details change, which Klaviyo's flow re-entry rules absorb; so the status decides, and the warning says so.
			const type = affiliateByStatus(payload);
			warn(`Refersion-Topic is missing (Refersion always sends it; something forwarded the delivery without it): the affiliate record is read by its status as ${type}`);
			return { topic: null, type };
		}
		return { topic: unrecognized, type: affiliateByStatus(payload) };
	}
	if (kind === 'payment') return { topic: 'NEW_PAYMENT', type: 'commission.paid' };
	if (kind === 'tier') return { topic: 'BONUS_TIER_MOVEMENT', type: 'tier.reached' };
	if (kind === 'trigger') return { topic: 'NEW_CONVERSION_TRIGGER', type: TOPICS.NEW_CONVERSION_TRIGGER(payload) };
	// A shape of its own: a recognized topic may name it, but an approval still needs the body's consent.
	if (named) return { topic: named, type: settleType(TOPICS[named](payload), lower(payload.status), { name: sent ?? null, signed: false }, () => undefined) };
	return { topic: unrecognized, type: 'unknown' };
}

function affiliateOf(source: Json, offer: Json, id: string | null = str(source.id)): NormalizedAffiliateEvent['affiliate'] {
	// Every field spelled out, nothing spread: a payment builds one per affiliate, thousands of them.
	return {
		id,
		code: str(source.code),
		email: lower(source.email),
		firstName: str(source.first_name),
		lastName: str(source.last_name),
		phone: str(source.phone_number),
		// Not in Refersion's webhook fields (only the REST "new affiliate" answer has it); kept if it ever appears.
		referralLink: str(first(source.referral_link, source.link)),
		couponCode: str(source.coupon_code),
		offerId: str(offer.id),
		offerName: str(offer.name),
		status: lower(source.status),
	};
}

/** Fields that change without anything happening to the affiliate in the program; left out of the record's id. */
const VOLATILE_AFFILIATE_FIELDS = new Set(['last_login', 'last_conversion']);

/**
 * Refersion sends no event id, so one is derived — from the signed body only, never from the topic: the same body is
 * the same event whatever topic comes with it, and different events get different ids. A conversion by its id and
 * status (one conversion is approved once; a later `updated` on a redelivery changes nothing); an affiliate record by
 * the whole record but its volatile fields (a status or any detail changing makes a new event; so does any field
 * Refersion may add, such as an update time); a trigger by its id, affiliate and value; a tier by the affiliate,
 * reward and milestone; any other shape by the whole payload.
 */
function refersionEventId(kind: Kind | undefined, payload: Json): string {
	const id = str(payload.id);
	if (kind === 'conversion' && id) {
		const status = conversionStatusKind(lower(payload.status));
		return derivedId('refersion', status === 'none' ? 'CONVERSION' : CONVERSION_TOPIC[status], id, lower(payload.status));
	}
	if (kind === 'affiliate' && id) {
		// Left out while hashing, not by copying the record: a signed record can have tens of thousands of keys.
		return derivedIdLeavingOut('refersion', ['AFFILIATE', id, payload], { from: payload, keys: VOLATILE_AFFILIATE_FIELDS });
	}
	if (kind === 'trigger') {
		return derivedId('refersion', 'NEW_CONVERSION_TRIGGER', id, str(payload.affiliate_id), upper(payload.type), lower(payload.trigger));
	}
	if (kind === 'tier') {
		const reward = obj(payload.reward);
		return derivedId('refersion', 'BONUS_TIER_MOVEMENT', id, str(reward.id), str(reward.milestone_reached));
	}
	return derivedId('refersion', payload);
}

export function refersionPlatform(input: PlatformInput): EventDraft[] {
	const body = obj(input.body);
	const payload = isObject(body.data) ? body.data : body;
	const sent = first(headerValue(input.hints.headers, 'Refersion-Topic'), input.hints.topic);
	const { topic, type } = classify(payload, typeof sent === 'string' ? sent : undefined, input.warn);
	const kind = kindOf(payload);
	const base = { platform: 'refersion', type, sourceType: topic, raw: input.body };

	if (kind === 'payment') return refersionPaymentEvents(input, payload, base, affiliateOf);

	// A conversion names its affiliate only in `affiliate` (its own id is the conversion's).
	const nested = kind === 'conversion' || isObject(payload.affiliate);
	const event: EventDraft = {
		...base,
		id: refersionEventId(kind, payload),
		// Affiliate payloads carry no event time (only last_login): the time of receipt stands in.
		occurredAt: readTime(input, [
			['updated', payload.updated],
			['created', payload.created],
		]),
		// A conversion names its affiliate in `affiliate`, and the coupon used is the affiliate's coupon.
		affiliate: affiliateOf(nested ? { ...obj(payload.affiliate), coupon_code: payload.coupon_code } : payload, obj(payload.offer)),
		raw: input.body,
	};
	if (type.startsWith('conversion.')) {
		event.conversion = {
			id: str(payload.id),
			orderId: str(payload.order_id),
			amount: readAmount(input, [
				['total', payload.total],
				['total_items', payload.total_items],
			]),
			commission: readAmount(input, [['commission_total', payload.commission_total]]),
			currency: upper(payload.currency),
			status: lower(payload.status),
			customerEmail: lower(obj(payload.customer).email),
		};
	}
	// A body of no known shape that the topic names a payment: read as the flat variant (its id stays the body's).
	if (type === 'commission.paid') event.payout = flatPayout(input, payload);
	if (kind === 'tier' || topic === 'BONUS_TIER_MOVEMENT') {
		const reward = obj(payload.reward);
		event.tier = {
			id: str(reward.id),
			name: str(first(reward.name, reward.notes)),
			milestone: str(reward.milestone_reached),
			amount: readAmount(input, [['reward.amount_given', reward.amount_given]]),
		};
		event.affiliate.offerId ??= str(reward.offer_id);
	}
	if (kind === 'trigger' || topic === 'NEW_CONVERSION_TRIGGER') {
		// `id` is the trigger's; the affiliate is only referenced.
		event.affiliate = { ...emptyAffiliate(), id: str(payload.affiliate_id) };
		if (type === 'coupon.issued') event.affiliate.couponCode = str(payload.trigger);
	}
	return [event];
}

import { headerValue } from '../headers';
import type { NormalizedAffiliateEvent, NormalizedEventType } from '../schema';
import { toUtcIso } from '../time';
import { amount, derivedId, emptyAffiliate, first, isObject, lower, obj, own, statusKind, str, upper, type Json, type PlatformInput } from './fields';

/**
 * Refersion (merchant webhooks). The topic comes in `Refersion-Topic`; Refersion publishes only two of its values,
 * AFFILIATE_DETAILS_CHANGE and APPROVED_CONVERSION, so the other seven are named in the same upper-snake style
 * after the topic titles (NEW_CONVERSION, DENIED_CONVERSION, NEW_PAYMENT, NEW_AFFILIATE, AFFILIATE_STATUS_CHANGE,
 * NEW_CONVERSION_TRIGGER, BONUS_TIER_MOVEMENT). Since that is a guess, a topic matches by its words in any order
 * (CONVERSION_APPROVED works too), and a missing or unrecognized topic is inferred from the payload's shape.
 */
const TOPICS: Record<string, (payload: Json) => NormalizedEventType> = {
	NEW_CONVERSION: () => 'conversion.created',
	APPROVED_CONVERSION: () => 'conversion.approved',
	DENIED_CONVERSION: () => 'conversion.denied',
	// A payment of the affiliate's commissions: Refersion's own Klaviyo integration calls it "commission payment".
	NEW_PAYMENT: () => 'commission.paid',
	// An affiliate can be approved at sign-up (auto-approval): then the welcome flow must start from this event.
	NEW_AFFILIATE: (payload) => (statusKind(lower(payload.status)) === 'approved' ? 'affiliate.approved' : 'affiliate.created'),
	AFFILIATE_STATUS_CHANGE: (payload) => {
		const kind = statusKind(lower(payload.status));
		return kind === 'approved' ? 'affiliate.approved' : kind === 'deactivated' ? 'affiliate.deactivated' : 'affiliate.updated';
	},
	AFFILIATE_DETAILS_CHANGE: () => 'affiliate.updated',
	// A coupon trigger gives the affiliate a code to share; an email trigger only ties a customer to the affiliate.
	NEW_CONVERSION_TRIGGER: (payload) => (upper(payload.type) === 'COUPON' ? 'coupon.issued' : 'affiliate.updated'),
	BONUS_TIER_MOVEMENT: () => 'tier.reached',
};

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

function inferTopic(payload: Json): string | undefined {
	if (isObject(payload.affiliates) || Array.isArray(payload.payments) || payload.payment_total !== undefined) return 'NEW_PAYMENT';
	if (isObject(payload.reward)) return 'BONUS_TIER_MOVEMENT';
	if (payload.trigger !== undefined && payload.affiliate_id !== undefined) return 'NEW_CONVERSION_TRIGGER';
	if (isObject(payload.affiliate) && (payload.order_id !== undefined || payload.total !== undefined || payload.commission_total !== undefined)) {
		const status = upper(payload.status);
		return status === 'APPROVED' ? 'APPROVED_CONVERSION' : status === 'DENIED' ? 'DENIED_CONVERSION' : 'NEW_CONVERSION';
	}
	// An affiliate record on its own: which of the three affiliate topics cannot be told apart by shape.
	if (payload.code !== undefined && payload.email !== undefined) return 'AFFILIATE_DETAILS_CHANGE';
	return undefined;
}

function affiliateOf(source: Json, offer: Json): NormalizedAffiliateEvent['affiliate'] {
	return {
		...emptyAffiliate(),
		id: str(source.id),
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

/** Fields that change without the affiliate's details changing; left out of the details-change id. */
const VOLATILE_AFFILIATE_FIELDS = new Set(['last_login', 'last_conversion']);

/**
 * Refersion sends no event id, so one is derived: the same event redelivered gets the same id, and different events
 * get different ids. Per topic: a conversion by its id and status (one conversion is approved once); an affiliate
 * event by the affiliate id and status; a details change also by the details themselves (two real edits within the
 * replay window must not collapse into one); a payment by the affiliate and its payment ids; a trigger by its id,
 * affiliate and value; a tier by the affiliate, reward and milestone. Unknown topics hash the whole payload.
 */
function refersionEventId(topic: string | null, type: NormalizedEventType, payload: Json): string {
	if (type.startsWith('conversion.') && str(payload.id)) return derivedId('refersion', topic, str(payload.id), lower(payload.status));
	switch (topic) {
		case 'NEW_AFFILIATE':
		case 'AFFILIATE_STATUS_CHANGE':
			if (str(payload.id)) return derivedId('refersion', topic, str(payload.id), lower(payload.status));
			break;
		case 'AFFILIATE_DETAILS_CHANGE': {
			const details = Object.fromEntries(Object.entries(payload).filter(([key]) => !VOLATILE_AFFILIATE_FIELDS.has(key)));
			if (str(payload.id)) return derivedId('refersion', topic, str(payload.id), details);
			break;
		}
		case 'NEW_CONVERSION_TRIGGER':
			return derivedId('refersion', topic, str(payload.id), str(payload.affiliate_id), upper(payload.type), lower(payload.trigger));
		case 'BONUS_TIER_MOVEMENT': {
			const reward = obj(payload.reward);
			return derivedId('refersion', topic, str(payload.id), str(reward.id), str(reward.milestone_reached));
		}
	}
	return derivedId('refersion', topic, payload);
}

/** The payments of one affiliate: nested under it, or listed beside the affiliates and tied by `affiliate_id`. */
function paymentsOf(affiliateId: string, affiliate: Json, payload: Json, affiliateCount: number): Json[] {
	if (Array.isArray(affiliate.payments)) return affiliate.payments.map(obj);
	const listed = Array.isArray(payload.payments) ? payload.payments.map(obj) : [];
	const tied = listed.filter((payment) => str(payment.affiliate_id) === affiliateId);
	// Untied payments can only be attributed when there is a single affiliate.
	return tied.length > 0 || affiliateCount > 1 ? tied : listed;
}

/**
 * New Payment: one event per affiliate in `affiliates` (keyed by affiliate id), each with its own id from the
 * affiliate and its payment ids. Marketplace affiliates get a flat payment ({id, payment_total, …}) instead.
 */
function paymentEvents(payload: Json, base: Omit<NormalizedAffiliateEvent, 'id' | 'occurredAt' | 'affiliate'>, time: (value: unknown) => string) {
	const affiliates = Object.entries(obj(payload.affiliates));
	if (affiliates.length === 0) {
		return [
			{
				...base,
				id: derivedId('refersion', 'NEW_PAYMENT', str(payload.id) ?? payload),
				occurredAt: time(first(payload.created, payload.updated)),
				affiliate: affiliateOf(isObject(payload.affiliate) ? payload.affiliate : {}, {}),
				payout: { id: str(payload.id), amount: amount(first(payload.payment_total, payload.total)), currency: upper(payload.currency) },
			},
		];
	}
	return affiliates.map(([key, value]) => {
		const affiliate = obj(value);
		const affiliateId = str(affiliate.id) ?? key;
		const payments = paymentsOf(affiliateId, affiliate, payload, affiliates.length);
		const paymentIds = payments.map((payment) => str(payment.id)).filter((id): id is string => id !== null);
		const amounts = payments.map((payment) => amount(first(payment.commission_total, payment.total)));
		const currencies = [...new Set(payments.map((payment) => upper(payment.currency)).filter(Boolean))];
		return {
			...base,
			id: derivedId('refersion', 'NEW_PAYMENT', affiliateId, paymentIds.length > 0 ? paymentIds.sort() : payments),
			occurredAt: time(payments[0]?.created),
			affiliate: affiliateOf({ ...affiliate, id: affiliateId }, {}),
			payout: {
				id: paymentIds.join(',') || null,
				// A sum only makes sense in one currency and when every payment has an amount.
				amount:
					amounts.length > 0 && amounts.every((value) => value !== null) && currencies.length <= 1
						? Math.round((amounts as number[]).reduce((sum, value) => sum + value, 0) * 100) / 100
						: null,
				currency: currencies.length === 1 ? currencies[0] : null,
			},
		};
	});
}

export function refersionPlatform(input: PlatformInput): NormalizedAffiliateEvent[] {
	const body = obj(input.body);
	const payload = isObject(body.data) ? body.data : body;
	const sent = first(headerValue(input.headers, 'Refersion-Topic'), input.topic);
	const named = typeof sent === 'string' ? TOPIC_BY_WORDS.get(wordsKey(sent)) : undefined;
	const topic = named ?? inferTopic(payload) ?? (typeof sent === 'string' ? sent.trim().toUpperCase() : null);
	const type: NormalizedEventType = (topic && own(TOPICS, topic)?.(payload)) || 'unknown';
	const time = (value: unknown) => toUtcIso(value, input.sourceTimeZone) ?? input.now.toISOString();
	const base = { platform: 'refersion', type, sourceType: topic, raw: input.body };

	if (topic === 'NEW_PAYMENT') return paymentEvents(payload, base, time);

	const nested = isObject(payload.affiliate);
	const event: NormalizedAffiliateEvent = {
		...base,
		id: refersionEventId(topic, type, payload),
		// Affiliate payloads carry no event time (only last_login): the time of receipt stands in.
		occurredAt: time(first(payload.updated, payload.created)),
		// A conversion names its affiliate in `affiliate`, and the coupon used is the affiliate's coupon.
		affiliate: affiliateOf(nested ? { ...obj(payload.affiliate), coupon_code: payload.coupon_code } : payload, obj(payload.offer)),
		raw: input.body,
	};
	if (type.startsWith('conversion.')) {
		event.conversion = {
			id: str(payload.id),
			orderId: str(payload.order_id),
			amount: amount(first(payload.total, payload.total_items)),
			commission: amount(payload.commission_total),
			currency: upper(payload.currency),
			status: lower(payload.status),
			customerEmail: lower(obj(payload.customer).email),
		};
	}
	if (topic === 'BONUS_TIER_MOVEMENT') {
		const reward = obj(payload.reward);
		event.tier = {
			id: str(reward.id),
			name: str(first(reward.name, reward.notes)),
			milestone: str(reward.milestone_reached),
			amount: amount(reward.amount_given),
		};
		event.affiliate.offerId ??= str(reward.offer_id);
	}
	if (topic === 'NEW_CONVERSION_TRIGGER') {
		// `id` is the trigger's; the affiliate is only referenced.
		event.affiliate = { ...emptyAffiliate(), id: str(payload.affiliate_id) };
		if (type === 'coupon.issued') event.affiliate.couponCode = str(payload.trigger);
	}
	return [event];
}

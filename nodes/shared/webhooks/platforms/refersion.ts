import { headerValue } from '../headers';
import type { NormalizedAffiliateEvent, NormalizedEventType } from '../schema';
import { toUtcIso } from '../time';
import {
	amount,
	derivedId,
	emptyAffiliate,
	first,
	isObject,
	lower,
	obj,
	statusKind,
	str,
	upper,
	type Json,
	type PlatformInput,
} from './fields';

/**
 * Refersion: the topic comes in `Refersion-Topic`. Only AFFILIATE_DETAILS_CHANGE and APPROVED_CONVERSION are
 * published; the others are named in the same style after the nine merchant topics. With no or an unknown header,
 * the topic is inferred from the payload's shape. Refersion sends no event id, so ids are derived from the topic
 * and the payload (a redelivery repeats the payload exactly). Times come without a zone.
 */
const TOPICS: Record<string, (payload: Json) => NormalizedEventType> = {
	NEW_CONVERSION: () => 'conversion.created',
	APPROVED_CONVERSION: () => 'conversion.approved',
	DENIED_CONVERSION: () => 'conversion.denied',
	NEW_PAYMENT: () => 'commission.paid',
	// An affiliate can be approved at sign-up (auto-approval): then the welcome flow must start from here.
	NEW_AFFILIATE: (payload) => (statusKind(lower(payload.status)) === 'approved' ? 'affiliate.approved' : 'affiliate.created'),
	AFFILIATE_STATUS_CHANGE: (payload) => {
		const kind = statusKind(lower(payload.status));
		return kind === 'approved' ? 'affiliate.approved' : kind === 'deactivated' ? 'affiliate.deactivated' : 'affiliate.updated';
	},
	AFFILIATE_DETAILS_CHANGE: () => 'affiliate.updated',
	NEW_CONVERSION_TRIGGER: (payload) => (upper(payload.type) === 'COUPON' ? 'coupon.issued' : 'affiliate.updated'),
	BONUS_TIER_MOVEMENT: () => 'tier.reached',
};

function inferTopic(payload: Json): string | undefined {
	if (isObject(payload.affiliates)) return 'NEW_PAYMENT';
	if (isObject(payload.reward)) return 'BONUS_TIER_MOVEMENT';
	if (payload.trigger !== undefined && payload.affiliate_id !== undefined) return 'NEW_CONVERSION_TRIGGER';
	if (isObject(payload.affiliate) && (payload.order_id !== undefined || payload.total !== undefined)) {
		const status = upper(payload.status);
		return status === 'APPROVED' ? 'APPROVED_CONVERSION' : status === 'DENIED' ? 'DENIED_CONVERSION' : 'NEW_CONVERSION';
	}
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
		referralLink: str(first(source.referral_link, source.link)),
		couponCode: str(source.coupon_code),
		offerId: str(offer.id),
		offerName: str(offer.name),
		status: lower(source.status),
	};
}

export function normalizeRefersion(input: PlatformInput): NormalizedAffiliateEvent[] {
	const body = obj(input.body);
	const payload = isObject(body.data) ? body.data : body;
	const header = upper(headerValue(input.headers, 'Refersion-Topic') ?? input.topic)?.replace(/[\s-]/g, '_') ?? null;
	const topic = header && TOPICS[header] ? header : (inferTopic(payload) ?? header);
	const type = topic && TOPICS[topic] ? TOPICS[topic](payload) : 'unknown';
	const zone = input.sourceTimeZone;
	const base = {
		platform: 'refersion',
		type,
		sourceType: topic,
		raw: input.body,
	};
	const occurredAt = (...candidates: unknown[]) => toUtcIso(first(...candidates), zone) ?? input.now.toISOString();

	if (type === 'commission.paid') {
		return Object.entries(obj(payload.affiliates)).map(([key, value]) => {
			const affiliate = obj(value);
			const payments = (Array.isArray(affiliate.payments) ? affiliate.payments : Array.isArray(payload.payments) ? payload.payments : [])
				.map(obj)
				.filter((payment) => payment.affiliate_id === undefined || str(payment.affiliate_id) === str(affiliate.id ?? key));
			const total = payments.reduce((sum, payment) => sum + (amount(first(payment.commission_total, payment.total)) ?? 0), 0);
			return {
				...base,
				id: derivedId('refersion', topic, key, payments.map((payment) => payment.id)),
				occurredAt: occurredAt(payments[0]?.created),
				affiliate: affiliateOf({ id: key, ...affiliate }, {}),
				payout: {
					id: payments.map((payment) => str(payment.id)).filter(Boolean).join(',') || null,
					amount: Math.round(total * 100) / 100,
					currency: upper(payments[0]?.currency),
				},
			};
		});
	}

	const event: NormalizedAffiliateEvent = {
		...base,
		id: derivedId('refersion', topic, payload),
		occurredAt: occurredAt(payload.updated, payload.created),
		affiliate: affiliateOf(isObject(payload.affiliate) ? { ...payload.affiliate, coupon_code: payload.coupon_code } : payload, obj(payload.offer)),
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
	if (type === 'tier.reached') {
		const reward = obj(payload.reward);
		event.tier = { id: str(reward.id), name: str(first(reward.name, reward.milestone_reached)), milestone: str(reward.milestone_reached), amount: amount(reward.amount_given) };
		event.affiliate.offerId ??= str(reward.offer_id);
	}
	if (topic === 'NEW_CONVERSION_TRIGGER') {
		event.affiliate.id = str(payload.affiliate_id);
		if (type === 'coupon.issued') event.affiliate.couponCode = str(payload.trigger);
		event.affiliate.status = null;
	}
	return [event];
}

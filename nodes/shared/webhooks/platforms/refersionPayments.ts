import type { EventDraft } from '../facts';
import type { NormalizedAffiliateEvent } from '../schema';
import { derivedId, isObject, lower, MAX_AMOUNT, obj, objects, str, TooManyEvents, upper, type Json, type PlatformInput } from './fields';
import { readAmount, readTime, settleType } from './reading';

/** Reads an affiliate record; `id` when the record has none of its own (a payment's affiliates are keyed by it). */
type AffiliateReader = (source: Json, offer: Json, id?: string | null) => NormalizedAffiliateEvent['affiliate'];
type EventBase = Omit<EventDraft, 'id' | 'occurredAt' | 'affiliate'>;

/**
 * The payments listed beside the affiliates (not nested under one), grouped by `affiliate_id` in one pass: looking
 * each affiliate's up in the whole list made a payment of thousands of affiliates and payments take seconds.
 */
interface ListedPayments {
	all: Json[];
	byAffiliate: Map<string, Json[]>;
}

function listedPayments(payload: Json): ListedPayments {
	const all = objects(payload.payments);
	const byAffiliate = new Map<string, Json[]>();
	for (const payment of all) {
		const affiliateId = str(payment.affiliate_id);
		if (affiliateId === null) continue;
		const tied = byAffiliate.get(affiliateId);
		if (tied) tied.push(payment);
		else byAffiliate.set(affiliateId, [payment]);
	}
	return { all, byAffiliate };
}

/** The payments of one affiliate: nested under it, or listed beside the affiliates and tied by `affiliate_id`. */
function paymentsOf(affiliateId: string, affiliate: Json, listed: ListedPayments, affiliateCount: number): Json[] {
	if (Array.isArray(affiliate.payments)) return objects(affiliate.payments);
	const tied = listed.byAffiliate.get(affiliateId) ?? [];
	// Untied payments can only be attributed when there is a single affiliate.
	return tied.length > 0 || affiliateCount > 1 ? tied : listed.all;
}

/**
 * One affiliate's payments as one payout amount. A sum only makes sense in one currency and when every payment has a
 * usable amount; a sum beyond MAX_AMOUNT (or past the largest number) is left empty with a warning.
 */
function payoutAmount(input: PlatformInput, affiliateId: string, payments: Json[], currencies: unknown[]): number | null {
	const amounts = payments.map((payment, index) =>
		readAmount(input, [
			[`payments[${index}].commission_total`, payment.commission_total],
			[`payments[${index}].total`, payment.total],
		]),
	);
	if (amounts.length === 0 || amounts.some((value) => value === null) || currencies.length > 1) return null;
	const sum = Math.round((amounts as number[]).reduce((total, value) => total + value, 0) * 100) / 100;
	if (Number.isFinite(sum) && Math.abs(sum) <= MAX_AMOUNT) return sum;
	input.warn(`the payments of affiliate ${affiliateId} add up to no usable amount; payout.amount left empty`);
	return null;
}

/** The marketplace-affiliate variant: one flat payment ({id, payment_total, …}). */
export function flatPayout(input: PlatformInput, payload: Json): NonNullable<NormalizedAffiliateEvent['payout']> {
	return {
		id: str(payload.id),
		amount: readAmount(input, [
			['payment_total', payload.payment_total],
			['total', payload.total],
		]),
		currency: upper(payload.currency),
	};
}

/** What an affiliate's event takes from its payments: its id, its time and its payout (and the payments, for `raw`). */
type PaymentSummary = Pick<NormalizedAffiliateEvent, 'id' | 'occurredAt' | 'type'> & {
	payout: NonNullable<NormalizedAffiliateEvent['payout']>;
	payments: Json[];
};

/**
 * Refersion documents no status on a payment; where one is sent anyway, it may not contradict the payment: "failed",
 * "pending" or "cancelled" beside "paid" is read as the records say (settleType), with a warning. Each payment's status
 * is read on its own and the safest reading wins, whatever order the payments come in.
 */
function settledByStatuses(input: PlatformInput, base: EventBase, statuses: Array<string | null>): NormalizedAffiliateEvent['type'] {
	let type = base.type;
	for (const status of new Set(statuses)) {
		if (status === null) continue;
		const settled = settleType(base.type, status, { name: base.sourceType, signed: true }, input.warn);
		if (SAFETY.indexOf(settled) > SAFETY.indexOf(type)) type = settled;
	}
	return type;
}

/** What a payment's statuses can make of it, safest last: a denial outranks an unknown, which outranks owed, then paid. */
const SAFETY: Array<NormalizedAffiliateEvent['type']> = ['commission.paid', 'commission.created', 'unknown', 'conversion.denied'];

function paymentSummary(input: PlatformInput, base: EventBase, affiliateId: string, payments: Json[]): PaymentSummary {
	const paymentIds = payments.map((payment) => str(payment.id)).filter((id): id is string => id !== null);
	const currencies = [...new Set(payments.map((payment) => upper(payment.currency)).filter(Boolean))];
	return {
		id: derivedId('refersion', 'NEW_PAYMENT', affiliateId, paymentIds.length > 0 ? paymentIds.sort() : payments),
		occurredAt: readTime(input, [['payments[0].created', payments[0]?.created]]),
		type: payments.length > 0 ? settledByStatuses(input, base, payments.map((payment) => lower(payment.status))) : base.type,
		payout: {
			id: paymentIds.join(',') || null,
			amount: payoutAmount(input, affiliateId, payments, currencies),
			currency: currencies.length === 1 ? (currencies[0] as string) : null,
		},
		payments,
	};
}

/** One affiliate's part of a payment, in the payment's own shape: its entry in `affiliates` and its listed payments. */
function ownPart(key: string, affiliate: unknown, listed: Json[] | undefined): Json {
	// A computed key defines an own property even for "__proto__"; an assignment would set the prototype.
	const affiliates: Json = { [key]: affiliate };
	return listed === undefined ? { affiliates } : { affiliates, payments: listed };
}

/** An affiliate's id in a payment: the record's own, else the key it is listed under. */
const idOf = (key: string, affiliate: Json): string => str(affiliate.id) ?? key;

/**
 * New Payment: one event per affiliate in `affiliates` (keyed by affiliate id), each with its own id from the
 * affiliate and its payment ids. Marketplace affiliates get a flat payment instead.
 */
export function refersionPaymentEvents(input: PlatformInput, payload: Json, base: EventBase, affiliateOf: AffiliateReader): EventDraft[] {
	const affiliates = Object.entries(obj(payload.affiliates));
	if (affiliates.length === 0) {
		return [
			{
				...base,
				type: settledByStatuses(input, base, [lower(payload.status)]),
				id: derivedId('refersion', 'NEW_PAYMENT', str(payload.id) ?? payload),
				occurredAt: readTime(input, [
					['created', payload.created],
					['updated', payload.updated],
				]),
				affiliate: affiliateOf(isObject(payload.affiliate) ? payload.affiliate : {}, {}),
				payout: flatPayout(input, payload),
			},
		];
	}
	if (affiliates.length > input.maxEvents) {
		// Counted as events are: an affiliate listed under several keys is one.
		const events = new Set(affiliates.map(([key, value]) => idOf(key, obj(value)))).size;
		if (events > input.maxEvents) throw new TooManyEvents(events, input.maxEvents);
	}
	const listed = listedPayments(payload);
	// Affiliates that repeat one id (the key, or an `id` inside) share the same listed payments and so the same event id:
	// summed once, their warnings said once, or thousands of them would each read the whole list again.
	const listedSummaries = new Map<string, PaymentSummary>();
	return affiliates.map(([key, value]) => {
		const affiliate = obj(value);
		const affiliateId = idOf(key, affiliate);
		const nested = Array.isArray(affiliate.payments);
		const shared = nested ? undefined : listedSummaries.get(affiliateId);
		const summary = shared ?? paymentSummary(input, base, affiliateId, paymentsOf(affiliateId, affiliate, listed, affiliates.length));
		if (!nested && !shared) listedSummaries.set(affiliateId, summary);
		// Spelled out, not `...base`: spreading an object into each of thousands of events cost a third of the reading.
		return {
			id: summary.id,
			platform: base.platform,
			type: summary.type,
			sourceType: base.sourceType,
			// Each event of a payment to several affiliates carries the part of the payment that is its own, not the
			// whole body: thousands of events each holding the whole body grow with their product once n8n copies and
			// stores its items (a 1 MB payment of 16,000 affiliates would be 16 GB).
			raw: affiliates.length > 1 ? ownPart(key, value, nested ? undefined : summary.payments) : base.raw,
			occurredAt: summary.occurredAt,
			// The id from the key when the record has none: passed, not copied into the record (thousands of them).
			affiliate: affiliateOf(affiliate, {}, affiliateId),
			payout: shared ? { ...shared.payout } : summary.payout,
		};
	});
}

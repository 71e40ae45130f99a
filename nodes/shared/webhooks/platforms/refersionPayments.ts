import type { NormalizedAffiliateEvent } from '../schema';
import { derivedId, isObject, MAX_AMOUNT, obj, str, upper, type Json, type PlatformInput } from './fields';
import { readAmount, readTime } from './reading';

type AffiliateReader = (source: Json, offer: Json) => NormalizedAffiliateEvent['affiliate'];
type EventBase = Omit<NormalizedAffiliateEvent, 'id' | 'occurredAt' | 'affiliate'>;

/** The payments of one affiliate: nested under it, or listed beside the affiliates and tied by `affiliate_id`. */
function paymentsOf(affiliateId: string, affiliate: Json, payload: Json, affiliateCount: number): Json[] {
	if (Array.isArray(affiliate.payments)) return affiliate.payments.map(obj);
	const listed = Array.isArray(payload.payments) ? payload.payments.map(obj) : [];
	const tied = listed.filter((payment) => str(payment.affiliate_id) === affiliateId);
	// Untied payments can only be attributed when there is a single affiliate.
	return tied.length > 0 || affiliateCount > 1 ? tied : listed;
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

/**
 * New Payment: one event per affiliate in `affiliates` (keyed by affiliate id), each with its own id from the
 * affiliate and its payment ids. Marketplace affiliates get a flat payment instead.
 */
export function refersionPaymentEvents(input: PlatformInput, payload: Json, base: EventBase, affiliateOf: AffiliateReader): NormalizedAffiliateEvent[] {
	const affiliates = Object.entries(obj(payload.affiliates));
	if (affiliates.length === 0) {
		return [
			{
				...base,
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
	return affiliates.map(([key, value]) => {
		const affiliate = obj(value);
		const affiliateId = str(affiliate.id) ?? key;
		const payments = paymentsOf(affiliateId, affiliate, payload, affiliates.length);
		const paymentIds = payments.map((payment) => str(payment.id)).filter((id): id is string => id !== null);
		const currencies = [...new Set(payments.map((payment) => upper(payment.currency)).filter(Boolean))];
		return {
			...base,
			id: derivedId('refersion', 'NEW_PAYMENT', affiliateId, paymentIds.length > 0 ? paymentIds.sort() : payments),
			occurredAt: readTime(input, [['payments[0].created', payments[0]?.created]]),
			affiliate: affiliateOf({ ...affiliate, id: affiliateId }, {}),
			payout: {
				id: paymentIds.join(',') || null,
				amount: payoutAmount(input, affiliateId, payments, currencies),
				currency: currencies.length === 1 ? (currencies[0] as string) : null,
			},
		};
	});
}

import { z } from 'zod';

export const NORMALIZED_EVENT_TYPES = [
	'affiliate.created',
	'affiliate.approved',
	'affiliate.updated',
	'affiliate.deactivated',
	'conversion.created',
	'conversion.approved',
	'conversion.denied',
	'commission.created',
	'commission.paid',
	'payout.paid',
	'tier.reached',
	'referral.created',
	'coupon.issued',
	'coupon.redeemed',
	'unknown',
] as const;

const text = z.string().nullable();
const amount = z.number().finite().nullable();

/**
 * The one event shape every platform is turned into. Absent values are `null` (never missing keys), amounts are
 * numbers in major units, times are ISO 8601 UTC, and `id` is the same on every redelivery of the same event.
 */
export const normalizedEventSchema = z.object({
	id: z.string().min(1),
	platform: z.string().min(1),
	type: z.enum(NORMALIZED_EVENT_TYPES),
	/** The platform's own name for what happened (topic, event type). */
	sourceType: text,
	occurredAt: z.string().datetime(),
	affiliate: z.object({
		id: text,
		code: text,
		email: text,
		firstName: text,
		lastName: text,
		phone: text,
		referralLink: text,
		couponCode: text,
		offerId: text,
		offerName: text,
		status: text,
	}),
	conversion: z
		.object({
			id: text,
			orderId: text,
			amount,
			commission: amount,
			currency: text,
			status: text,
			customerEmail: text,
		})
		.optional(),
	payout: z.object({ id: text, amount, currency: text }).optional(),
	tier: z.object({ id: text, name: text, milestone: text, amount }).optional(),
	referral: z
		.object({
			id: text,
			referrerEmail: text,
			referrerPhone: text,
			referrerFirstName: text,
			recipientEmail: text,
			recipientPhone: text,
			recipientFirstName: text,
			couponCode: text,
			orderId: text,
			amount,
			currency: text,
		})
		.optional(),
	raw: z.unknown(),
});

export type NormalizedAffiliateEvent = z.infer<typeof normalizedEventSchema>;
export type NormalizedEventType = (typeof NORMALIZED_EVENT_TYPES)[number];

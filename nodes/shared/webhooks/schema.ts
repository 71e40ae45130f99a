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

/** Whose act a referral event is: the referrer's (their referral succeeded, their coupon) or the recipient's. */
export const REFERRAL_ACTORS = ['referrer', 'recipient'] as const;

/**
 * The one event shape every platform is turned into.
 * - Every field of `affiliate` (and of the sections present) is always there; a value the platform did not send is
 *   `null`, never `undefined` or a missing key, so a mapping downstream can tell "absent" without guessing. (The
 *   Klaviyo upsert then leaves the profile's value alone: empty never clears.)
 * - `conversion`, `payout`, `tier` and `referral` are present only on events they describe.
 * - Amounts are numbers in major units (59 for "59.00", 19.99 for 1999 cents); currencies upper-case ISO codes.
 * - `occurredAt` is ISO 8601 UTC; statuses and emails are lower-case.
 * - `id` is the same on every redelivery of the same event and differs between events: use it for de-duplication
 *   and as the Klaviyo event's unique id source. It comes from signed input only (the body, or a header the scheme
 *   signs), so a signed body resent with other unsigned headers or `?topic=` keeps its id. `sourceType` is the platform's own name for what happened.
 * - `referral.actor` says whose act the event is (`referrer` / `recipient`), from the payload's role field or its only
 *   person; `null` when the payload does not say.
 * - `raw` is the payload as received (for an `unknown` event, the only content).
 * Objects are strict: a key outside this shape is a bug, caught by the schema check every event goes through.
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
	}).strict(),
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
		.strict()
		.optional(),
	payout: z.object({ id: text, amount, currency: text }).strict().optional(),
	tier: z.object({ id: text, name: text, milestone: text, amount }).strict().optional(),
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
			actor: z.enum(REFERRAL_ACTORS).nullable(),
		})
		.strict()
		.optional(),
	raw: z.unknown(),
}).strict();

export type NormalizedAffiliateEvent = z.infer<typeof normalizedEventSchema>;
export type NormalizedEventType = (typeof NORMALIZED_EVENT_TYPES)[number];
export type ReferralActor = (typeof REFERRAL_ACTORS)[number];

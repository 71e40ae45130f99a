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

/** `YYYY-MM-DDTHH:MM[:SS[.fraction]]Z`: an instant in UTC, as zod's `datetime()` accepts by default. */
const ISO_UTC = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?Z$/;

/**
 * Whether the text is an ISO 8601 UTC time of a real calendar day. Not zod's `datetime()`: it builds its regular
 * expression anew on every value, which made checking the events of a payment to thousands of affiliates take tens of
 * milliseconds on its own.
 */
export function isIsoUtcTime(value: string): boolean {
	// The events of one delivery share their time: the last answer is kept.
	if (value === lastTime.value) return lastTime.valid;
	lastTime = { value, valid: checkIsoUtcTime(value) };
	return lastTime.valid;
}
let lastTime = { value: '', valid: false };

function checkIsoUtcTime(value: string): boolean {
	const match = ISO_UTC.exec(value);
	if (!match) return false;
	const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0));
	const date = new Date(0);
	date.setUTCFullYear(year, month - 1, day);
	return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day && hour < 24 && minute < 60 && second < 60;
}
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
 * - `factId` names the real-world fact the event reports (this affiliate's approval, this conversion's approval, this
 *   commission's payment), made from the normalized fields by one rule (factIdOf), so a webhook and a pull of the same
 *   fact carry the same one. Klaviyo writes are keyed on it; `id` keeps identifying the delivery. Null when the event
 *   is no single fact (an update, an unknown delivery) or lacks the fact's own id.
 * - `referral.actor` says whose act the event is (`referrer` / `recipient`), from the payload's role field or its only
 *   person; `null` when the payload does not say.
 * - `raw` is the payload as received (for an `unknown` event, the only content).
 * Objects are strict: a key outside this shape is a bug, caught by the schema check every event goes through.
 */
export const normalizedEventSchema = z.object({
	id: z.string().min(1),
	/** The fact the event reports, the same from a webhook and from a pull (see factIdOf); null when it is no single fact. */
	factId: z.string().min(1).nullable(),
	platform: z.string().min(1),
	type: z.enum(NORMALIZED_EVENT_TYPES),
	/** The platform's own name for what happened (topic, event type). */
	sourceType: text,
	occurredAt: z.string().refine(isIsoUtcTime, 'must be an ISO 8601 time in UTC'),
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

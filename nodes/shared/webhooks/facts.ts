import { createHash } from 'node:crypto';

import type { NormalizedAffiliateEvent } from './schema';

/** A normalized event before its fact id is added: what the platform readers and the pulls build. */
export type EventDraft = Omit<NormalizedAffiliateEvent, 'factId'>;

/** Ids inside a fact id are kept short: a signed body may carry a megabyte-long "id". */
const LONGEST_PART = 100;
/**
 * The last long id hashed: the events of one delivery often share it (a payment's affiliates listing the same payments),
 * and hashing it again per event made a payment of thousands of affiliates take seconds.
 */
let lastLong: { value: string; part: string } | undefined;
function part(value: string): string {
	// A short id that looks like a hashed one ("#…") is hashed too, so no sent id can pose as another's hash.
	// ":" separates the parts of a fact id, so inside one it is escaped (and "%", the escape): an id "R1:created" and an
	// id "R1" with the code "created" must not make the same fact id.
	if (value.length <= LONGEST_PART && !value.startsWith('#')) return /[%:]/.test(value) ? value.replace(/%/g, '%25').replace(/:/g, '%3A') : value;
	if (lastLong?.value !== value) lastLong = { value, part: `#${createHash('sha256').update(value).digest('hex').slice(0, 32)}` };
	// The same text in another string object: keep this one, so the next events that share it compare by reference,
	// not character by character.
	else lastLong.value = value;
	return lastLong.part;
}

/**
 * The id of the real-world fact an event reports — this affiliate's approval, this conversion's approval, this
 * commission's payment — made from the normalized fields alone, so it is the same whichever path brought the fact:
 * a webhook the trigger received (Rewardful `evt_…`, FirstPromoter `event_id`) or a record the Affiliate Platform
 * node pulled (which has no event id at all). The event's `id` stays what identifies the delivery (the replay store
 * needs it: a re-approval is a new delivery); the fact id is what Klaviyo's writes are keyed on (Track Referral
 * Event's `unique_id`), so a conversion received by webhook and pulled again by a nightly reconcile is recorded once.
 *
 * One fact per:
 * - affiliate approved: the affiliate (`<platform>:affiliate:<id>:approved`): the welcome flow starts once per
 *   affiliate, also when the approval arrives again as a re-approval, a details change read as one, or a pull;
 * - conversion created / approved / denied: the conversion (`<platform>:conversion:<id>:<created|approved|denied>`);
 * - commission paid: the payment (`<platform>:commission:<payout id, else conversion id>:paid`); payout paid: the payout;
 * - referral created (a person was referred: a lead): the referral, once it names who was referred;
 * - referral coupon issued / redeemed: the referral, whose coupon, and the code.
 * Anything else — an update, a new affiliate, a tier, an unknown delivery — is no single fact: null, and its `id`
 * stands for it. A fact whose own id the event lacks is null too (never a guess).
 */
export function factIdOf(event: Omit<NormalizedAffiliateEvent, 'factId'>): string | null {
	const platform = event.platform;
	const conversionId = event.conversion?.id ?? null;
	const referral = event.referral;
	switch (event.type) {
		case 'affiliate.approved':
			return event.affiliate.id ? `${platform}:affiliate:${part(event.affiliate.id)}:approved` : null;
		case 'conversion.created':
		case 'conversion.approved':
		case 'conversion.denied':
			return conversionId ? `${platform}:conversion:${part(conversionId)}:${event.type.slice('conversion.'.length)}` : null;
		case 'commission.paid': {
			const paid = event.payout?.id ?? conversionId;
			return paid ? `${platform}:commission:${part(paid)}:paid` : null;
		}
		case 'payout.paid':
			return event.payout?.id ? `${platform}:payout:${part(event.payout.id)}:paid` : null;
		case 'referral.created':
			return referral?.id && (referral.recipientEmail || referral.recipientPhone) ? `${platform}:referral:${part(referral.id)}:created` : null;
		case 'coupon.issued':
		case 'coupon.redeemed': {
			if (!referral?.id || !referral.actor) return null;
			const code = referral.couponCode ?? event.affiliate.couponCode;
			return `${platform}:referral:${part(referral.id)}:${event.type}:${referral.actor}${code ? `:${part(code)}` : ''}`;
		}
		default:
			return null;
	}
}

/** The keys of an event in the schema's order: what n8n shows, so `raw` (which can be large) comes last. */
const ORDER = ['platform', 'type', 'sourceType', 'occurredAt', 'affiliate', 'conversion', 'payout', 'tier', 'referral', 'raw'] as const;

/**
 * The draft with its fact id right after `id` (the two read side by side in n8n's output), its other keys in the
 * schema's order whatever order its reader built them in. A key the schema does not know is kept, after them, for
 * the schema check to catch; an event re-typed after it got a fact id (a pulled affiliate reported as an approval)
 * gets it anew.
 */
export function withFactId(draft: EventDraft | NormalizedAffiliateEvent): NormalizedAffiliateEvent {
	const source = draft as Record<string, unknown>;
	const event: Record<string, unknown> = { id: draft.id, factId: factIdOf(draft) };
	const has = (object: object, key: string) => Object.prototype.hasOwnProperty.call(object, key);
	for (const key of ORDER) if (has(source, key)) event[key] = source[key];
	for (const key of Object.keys(source)) if (!has(event, key)) Object.defineProperty(event, key, { value: source[key], enumerable: true, writable: true, configurable: true });
	return event as NormalizedAffiliateEvent;
}

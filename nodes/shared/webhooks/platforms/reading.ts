import type { NormalizedEventType, ReferralActor } from '../schema';
import { toUtcIso } from '../time';
import { FAILED, readWords } from './eventWords';
import { amount, lower, own, type Json, type PlatformInput } from './fields';
import { conversionStatusKind, isPaidStatus, statusKind } from './statusWords';

/**
 * Readers shared by the platforms that know which field they read, so that a value sent but unusable is named in a
 * warning instead of throwing or vanishing, and the rules about trust and roles live in one place.
 */

const present = (value: unknown) => value !== undefined && value !== null && value !== '';

/**
 * An amount in major units from the first candidate the platform sent; null — with a warning naming that field — when
 * it cannot be money (not a number, or beyond MAX_AMOUNT).
 */
export function readAmount(input: PlatformInput, candidates: Array<[field: string, value: unknown]>, cents = false): number | null {
	const sent = candidates.find(([, value]) => present(value));
	if (!sent) return null;
	const result = amount(sent[1], cents);
	if (result === null) input.warn(`${sent[0]} is not a usable amount; left empty`);
	return result;
}

/** The time of receipt as text, made once per delivery (a payment's thousands of events each ask for it). */
let lastReceipt = { time: NaN, text: '' };
function receivedAt(input: PlatformInput): string {
	const time = input.now.getTime();
	if (time !== lastReceipt.time) lastReceipt = { time, text: input.now.toISOString() };
	return lastReceipt.text;
}

/**
 * The event time from the first candidate the platform sent, as ISO 8601 UTC. A candidate that is not a readable time
 * (or lies outside the years 0–9999) gives the time of receipt and a warning naming it; no candidate at all gives the
 * time of receipt silently (some payloads carry no time).
 */
export function readTime(input: PlatformInput, candidates: Array<[field: string, value: unknown]>): string {
	const sent = candidates.find(([, value]) => present(value));
	if (!sent) return receivedAt(input);
	const time = toUtcIso(sent[1], input.sourceTimeZone);
	if (time !== undefined) return time;
	input.warn(`${sent[0]} is not a readable time; occurredAt is the time of receipt`);
	return receivedAt(input);
}

const PAID_TYPES = new Set<NormalizedEventType>(['commission.paid', 'payout.paid']);
/**
 * A payment marked paid whose money is still on its way: Rewardful's payout is `processing` right after it is marked
 * paid (its "mark a payout as paid" page). The sender's word stands there; the transfer failing is its own event.
 */
const SENDING = new Set(['processing']);

/**
 * The type of an event whose name came from unsigned input (a topic header, `?topic=`): the name may route, but it
 * may not contradict the body's own status. A conversion's status is unambiguous, so when the body has one it decides
 * (created / approved / denied). An affiliate's is not (UpPromote calls new and deactivated affiliates both
 * `inactive`), so only the two names that matter are checked: an approval needs an approved status (or none) and a
 * deactivation a status that is not approved; otherwise the body's status says what it is, or it is an update. A
 * payment (commission or payout paid) needs a paid status, else it is `unknown`. A body without a status cannot
 * contradict, so the name stands.
 */
export function bodyStatusWins(type: NormalizedEventType, bodyStatus: string | null): NormalizedEventType {
	if (!bodyStatus) return type;
	// A payment is what no pending or denied record may become: a body whose status says anything but paid is not
	// one, and what it is instead the name cannot tell.
	if (PAID_TYPES.has(type)) return isPaidStatus(bodyStatus) ? type : 'unknown';
	if (type.startsWith('conversion.')) {
		const kind = conversionStatusKind(bodyStatus);
		return kind === 'approved' ? 'conversion.approved' : kind === 'denied' ? 'conversion.denied' : 'conversion.created';
	}
	const kind = statusKind(bodyStatus);
	if (type === 'affiliate.approved' && kind !== 'approved') return kind === 'deactivated' ? 'affiliate.deactivated' : 'affiliate.updated';
	if (type === 'affiliate.deactivated' && kind === 'approved') return 'affiliate.updated';
	return type;
}

/**
 * The type of an event whose name is signed (in the body, or a signed header) against the record's own status. The
 * name is the sender's word, so it stands unless the status plainly says otherwise: an approval or a payment whose
 * record says pending, awaiting, unpaid, due, denied, voided, inactive… is not one, and the safer reading is taken —
 * a rejected affiliate must never get the welcome flow, an unpaid commission never the "you were paid" email. A
 * status the word lists do not know leaves the name alone, and only approvals and payments are checked: a deletion
 * still carries the state the record had (Rewardful's `affiliate.deleted` of an active affiliate).
 */
function signedNameAgainstStatus(type: NormalizedEventType, status: string): NormalizedEventType {
	const said = readWords(status);
	// "processing" alone: on its way (see SENDING). With any other word ("processing_failed") the other word says it.
	const sending = said.words.length > 0 && said.words.every((word) => SENDING.has(word));
	switch (type) {
		case 'affiliate.approved':
			return said.rejected || said.gone ? 'affiliate.deactivated' : said.notYet ? 'affiliate.updated' : type;
		case 'conversion.approved':
			return said.rejected ? 'conversion.denied' : said.gone ? 'unknown' : said.notYet ? 'conversion.created' : type;
		case 'commission.paid':
			// Undone outranks done ("paid_error", "refund_completed"). A failed payment is still owed; a voided or refunded
			// commission will not be paid at all.
			if (said.rejected) return said.has(FAILED) ? 'commission.created' : 'conversion.denied';
			if (said.gone) return 'unknown';
			if (said.paid || isPaidStatus(status) || sending) return type;
			return said.notYet || said.approved ? 'commission.created' : type;
		case 'payout.paid':
			if (said.rejected || said.gone) return 'unknown';
			if (said.paid || isPaidStatus(status) || sending) return type;
			return said.notYet || said.approved ? 'unknown' : type;
		default:
			return type;
	}
}

/**
 * An event's type from its name and the record's own status, for every platform. An unsigned name (a topic header,
 * `?topic=`) only routes: the body decides (bodyStatusWins). A signed name stands unless the status plainly
 * contradicts an approval or a payment (signedNameAgainstStatus). Either way, when the two disagree the item's
 * warnings name both, so a sender's mistake is seen rather than silently acted on.
 */
export function settleType(
	named: NormalizedEventType,
	status: string | null,
	source: { name: string | null; signed: boolean },
	warn: PlatformInput['warn'],
): NormalizedEventType {
	if (!status) return named;
	const settled = source.signed ? signedNameAgainstStatus(named, status) : bodyStatusWins(named, status);
	if (settled !== named) {
		const name = source.name === null ? named : `"${source.name.slice(0, 100)}"`;
		const how = source.signed ? 'the safer reading wins' : 'the unsigned name only routes';
		warn(`the event name ${name} reads as ${named}, but the record's own status is "${status.slice(0, 100)}": ${how}, so it is ${settled}`);
	}
	return settled;
}

const ROLE_WORDS: Record<string, ReferralActor> = {
	referrer: 'referrer',
	advocate: 'referrer',
	recipient: 'recipient',
	referee: 'recipient',
	friend: 'recipient',
};
/** Role field names, compared without case, spaces, `_` or `-`: `customer_role`, `customerRole`, "Customer Role", `role`. */
const ROLE_FIELD_KEYS = new Set(['customerrole', 'role']);
const roleFieldKey = (name: string) => name.toLowerCase().replace(/[\s_-]/g, '');

/**
 * Whose act a referral event is. The payload's own role fields decide (`customer_role` / `customerRole` / "Customer
 * Role" / `role`, in any of the given objects: `referrer`, `recipient`, or their synonyms advocate / friend, referee);
 * role fields that disagree decide nothing, so the event is given to no one rather than to the wrong person (null).
 * Without a readable role, when the payload names only one of the two people, that person; otherwise null (both or
 * neither named: it does not say).
 */
export function referralActor(sources: Json[], people: { referrer: boolean; recipient: boolean }): ReferralActor | null {
	const stated = new Set<ReferralActor>();
	for (const source of sources) {
		for (const [field, value] of Object.entries(source)) {
			if (!ROLE_FIELD_KEYS.has(roleFieldKey(field))) continue;
			const word = lower(value);
			const actor = word ? own(ROLE_WORDS, word) : undefined;
			if (actor) stated.add(actor);
		}
	}
	if (stated.size > 0) return stated.size === 1 ? [...stated][0] : null;
	if (people.referrer === people.recipient) return null;
	return people.referrer ? 'referrer' : 'recipient';
}

/**
 * Whose act a referral event of an affiliate program is (Rewardful, FirstPromoter): the affiliate's, whose referral it
 * is, when the payload names the affiliate and no role says otherwise — the same the Affiliate Platform node says of
 * the same referral pulled from the API, so both paths put the event on the same profile.
 */
export function affiliateProgramActor(sources: Json[], people: { referrer: boolean; recipient: boolean }): ReferralActor | null {
	return referralActor(sources, people) ?? (people.referrer ? 'referrer' : null);
}

/**
 * An affiliate's status change as the payload itself shows it (previous → current, both signed): into an approved
 * status from any other is an approval — also a re-approval after a deactivation —, into a deactivated one a
 * deactivation, anything else an update. Undefined when the payload does not carry both statuses.
 */
export function affiliateStatusChange(previous: string | null, current: string | null): NormalizedEventType | undefined {
	if (!previous || !current) return undefined;
	const before = statusKind(previous);
	const after = statusKind(current);
	if (after === 'approved' && before !== 'approved') return 'affiliate.approved';
	if (after === 'deactivated' && before !== 'deactivated') return 'affiliate.deactivated';
	return 'affiliate.updated';
}

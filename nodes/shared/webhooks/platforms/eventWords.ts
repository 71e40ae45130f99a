import type { NormalizedEventType } from '../schema';
import { compoundSplitter } from './wordCompounds';

/**
 * Event names and statuses read as words, not as fragments of text. A fragment test takes "disapproved" and
 * "pending_approval" for approvals and "unpaid" for a payment, which starts a welcome flow for a rejected affiliate.
 * Here a name is split into words (on `.` `_` `-` spaces and camelCase), each word is looked up whole, and the words
 * that say "not" or "not yet" (dis-, un-, non-, not, pending, awaiting, refunded, voided…) outrank the words that say
 * "done": a name that carries both is never read as done.
 */

/**
 * "affiliate.pendingApproval" → ["affiliate", "pending", "approval"]. Letters and digits only, lower case. A word the
 * lists below do not know is split into words they do when it is made of nothing else: readers lower-case a status
 * before reading it, so "pendingApproval" arrives as "pendingapproval", "rejectedByAdmin" as "rejectedbyadmin".
 */
export function wordsOf(text: string): string[] {
	const words = text
		.replace(/([a-z0-9])([A-Z])/g, '$1 $2')
		.replace(/([A-Z])([A-Z][a-z])/g, '$1 $2')
		.toLowerCase()
		.split(/[^a-z0-9]+/)
		.filter(Boolean);
	return splitCompounds(words);
}

/** Words that may join the listed ones in a compound: "rejectedbyadmin", "inreview", "approvalstatuschanged". */
const FILLERS = ['by', 'to', 'be', 'back', 'in', 'on', 'with', 'yet', 'under', 'review', 'status', 'admin', 'manual', 'manually', 'auto',
	'system', 'user', 'for', 'of', 'the'];

let vocabulary: Set<string> | undefined;
/** Every word of the lists (built on first use: the lists are defined further down). Exported for a test. */
export function knownWords(): ReadonlySet<string> {
	vocabulary ??= new Set([...ALL_LISTS.flatMap((list) => [...list]), ...SUBJECTS.flatMap(([, words]) => [...words]), ...FILLERS]);
	return vocabulary;
}

/** The known words and the done words negated by a joined prefix ("unpaid"): what a compound may be made of. */
const splitCompounds = compoundSplitter(
	() => [...knownWords(), ...NEGATING_PREFIXES.flatMap((prefix) => [...APPROVED, ...PAID, 'sent'].map((done) => prefix + done))],
	// Only "not yet" words (pending, awaiting, waiting…), which make an approval an update and a payment owed: words of
	// refusal or removal found inside another word turn it around ("unblocked", "nonrefundable").
	() => NOT_YET,
);

const set = (...words: string[]) => new Set(words);

/**
 * Done, in the sense of approved: a program letting the affiliate in. Not "verified" or "enabled": an email verified or
 * a setting enabled is no approval.
 */
const APPROVED = set('approve', 'approved', 'approval', 'approves', 'accept', 'accepted', 'acceptance', 'confirm', 'confirmed',
	'confirmation', 'activate', 'activated', 'activation', 'active', 'reinstated', 'preapproved', 'reapproved', 'reactivated', 'enrolled');
/** Done, in the sense of paid. */
const PAID = set('paid', 'settled', 'disbursed', 'succeeded', 'success', 'successful', 'completed', 'complete', 'processed', 'fulfilled');
/** Turned down or undone: never an approval or a payment. */
const REJECTED = set('deny', 'denied', 'denies', 'denial', 'decline', 'declined', 'reject', 'rejected', 'rejection', 'disapprove',
	'disapproved', 'disapproval', 'refund', 'refunded', 'reverse', 'reversed', 'reversal', 'revert', 'reverted', 'void', 'voided', 'cancel',
	'cancelled', 'canceled', 'cancellation', 'chargeback', 'fraud', 'fraudulent', 'invalid', 'invalidated', 'disqualified', 'unqualified',
	'fail', 'failed', 'failure', 'returned', 'bounced', 'clawback', 'clawbacks', 'withdraw', 'withdrawn', 'rescind', 'rescinded', 'retract', 'retracted', 'undo', 'undone', 'rollback');
/** Gone or switched off: an affiliate's end, a record's removal. */
const GONE = set('delete', 'deleted', 'remove', 'removed', 'archive', 'archived', 'expire', 'expired', 'deactivate', 'deactivated',
	'deactivation', 'inactive', 'disable', 'disabled', 'suspend', 'suspended', 'suspension', 'block', 'blocked', 'ban', 'banned',
	'terminate', 'terminated', 'termination', 'inactivate', 'inactivated', 'inactivation', 'stopped', 'halted', 'revoke', 'revoked', 'revocation', 'downgrade', 'downgraded', 'lost', 'churned', 'paused');
/** Not final yet. */
const NOT_YET = set('pending', 'await', 'awaiting', 'wait', 'waiting', 'requested', 'require', 'requires', 'required',
	'need', 'needs', 'needed', 'reviewing', 'waitlist', 'waitlisted', 'error', 'errors', 'errored', 'hold', 'onhold', 'held', 'processing', 'draft', 'scheduled', 'queued', 'due',
	'overdue', 'outstanding', 'partial', 'partially', 'open', 'progress', 'inprogress', 'unconfirmed', 'unverified', 'suspicious', 'flagged');
const ERROR_WORDS = set('error', 'errors', 'errored');
/** A separate word that makes the whole name "not": "not_approved", "non approved", "payout.not_sent". */
const NEGATORS = set('not', 'non', 'no', 'never');
/**
 * Prefixes that negate a done word joined to them ("unapproved", "unpaid", "incomplete", "underpaid"). Split off, only
 * "un" and "non" do ("un-approved"; see PREFIX_WORDS): "opt_in_confirmed" is no negation.
 */
const NEGATING_PREFIXES = ['un', 'non', 'not', 'in', 'under'];
/**
 * Split-off prefixes, each with the words it turns around: "dis-approved" is turned down, "in-active" and
 * "de-activated" gone, "un-approved" and "non-paid" not (yet) done. Only these pairs: "opt_in_confirmed",
 * "sign_in_successful" or a region code "DE" before "approved" are no negations.
 */
const APPROVE_FORMS = set('approve', 'approved', 'approval');
const ACTIVE_FORMS = set('active', 'activate', 'activated', 'activation');
type Turn = 'rejected' | 'gone' | 'notYet';
const PREFIX_WORDS: Record<string, (next: string) => Turn | undefined> = {
	dis: (next) => (APPROVE_FORMS.has(next) ? 'rejected' : undefined),
	in: (next) => (next === 'active' ? 'gone' : undefined),
	// "de-approved" is no approval, but whether it took one away it does not say: not read as a deactivation.
	de: (next) => (ACTIVE_FORMS.has(next) ? 'gone' : APPROVE_FORMS.has(next) ? 'notYet' : undefined),
	un: (next) => (isDoneWord(next) ? 'notYet' : undefined),
	non: (next) => (isDoneWord(next) ? 'notYet' : undefined),
};
/** Still to happen: "to approve", "to pay", "to be paid" — not "moved to approved" or "set to paid", which happened. */
const TO_DO = set('approve', 'accept', 'confirm', 'activate', 'pay', 'settle', 'complete', 'process');

const CREATED = set('create', 'created', 'creation', 'new', 'add', 'added', 'signup', 'signed', 'register', 'registered', 'registration',
	'join', 'joined', 'apply', 'applied', 'application', 'submit', 'submitted', 'track', 'tracked', 'start', 'started', 'invited');
const UPDATED = set('update', 'updated', 'change', 'changed', 'edit', 'edited', 'modify', 'modified', 'move', 'moved', 'movement');
const REDEEMED = set('redeem', 'redeemed', 'redemption', 'use', 'used', 'applied', 'consumed');
const ISSUED = set('issue', 'issued', 'receive', 'received', 'grant', 'granted', 'assign', 'assigned', 'award', 'awarded', 'reward',
	'rewarded', 'earn', 'earned', 'given', 'generate', 'generated', 'create', 'created', 'new', 'add', 'added', 'sent', 'activated');
const SUCCEEDED = set('success', 'successful', 'succeeded', 'complete', 'completed');
const SENT = set('send', 'sent', 'share', 'shared', 'invite', 'invited', 'create', 'created', 'new', 'add', 'added', 'made', 'submit', 'submitted', 'track', 'tracked');
const PAYOUT_DONE = set(...PAID, 'sent');
const CONVERTED = set('convert', 'converted');
/** A conversion's approval is the program's: "order.confirmed" is a shop confirming an order, not a commission approved. */
const CONVERSION_APPROVED = set('approve', 'approved', 'approval', 'accept', 'accepted');
/** A customer's payment ("invoice.payment_succeeded") is no payout to an affiliate. */
const CUSTOMER_SIDE = set('invoice', 'invoices', 'subscription', 'subscriptions', 'charge', 'charges', 'checkout', 'customer', 'order', 'orders',
	'intent', 'intents');
/** A payment (not a payout) of a referral, lead or customer is the referred person's: "referral.payment_completed". */
const PAYMENT_WORDS = set('payment', 'payments');

type Subject = 'coupon' | 'commission' | 'payout' | 'tier' | 'conversion' | 'referral' | 'affiliate';

/** What a name is about, most specific first: "affiliate_payout.sent" is about a payout. */
const SUBJECTS: Array<[Subject, Set<string>]> = [
	['coupon', set('coupon', 'coupons', 'promo', 'promocode', 'promocodes', 'voucher', 'vouchers', 'discount', 'discounts')],
	['commission', set('commission', 'commissions')],
	['payout', set('payout', 'payouts', 'payment', 'payments', 'withdrawal', 'withdrawals', 'disbursement', 'disbursements')],
	['tier', set('tier', 'tiers', 'level', 'levels', 'milestone', 'milestones', 'bonus', 'bonuses', 'rank', 'ranks')],
	['conversion', set('conversion', 'conversions', 'order', 'orders', 'sale', 'sales', 'purchase', 'purchases', 'transaction', 'transactions')],
	['referral', set('referral', 'referrals', 'lead', 'leads', 'customer', 'customers')],
	['affiliate', set('affiliate', 'affiliates', 'promoter', 'promoters', 'partner', 'partners', 'partnership', 'partnerships',
		'ambassador', 'ambassadors', 'influencer', 'influencers', 'creator', 'creators', 'publisher', 'publishers', 'application', 'applications')],
];

/** Every word list, for compounds. */
const ALL_LISTS = [APPROVED, PAID, REJECTED, GONE, NOT_YET, NEGATORS, TO_DO, CREATED, UPDATED, REDEEMED, ISSUED, SUCCEEDED, SENT, CONVERTED];

const REFERRAL_SUBJECT = SUBJECTS.find(([subject]) => subject === 'referral')![1];

/** How the words of a name or a status stand: the strongest "not" wins over any "done". */
export interface WordReading {
	words: string[];
	/** Turned down or undone (refunded, voided, failed, disapproved…). */
	rejected: boolean;
	/** Gone or switched off (deleted, deactivated, inactive, suspended…). */
	gone: boolean;
	/** Not final yet, or a done word negated ("pending", "awaiting", "unpaid", "not approved"). */
	notYet: boolean;
	/** An approval word, not negated. */
	approved: boolean;
	/** A payment word, not negated. */
	paid: boolean;
	has(words: Set<string>): boolean;
}

/** Rejections that leave the money owed: a failed, returned or bounced payment is tried again. */
export const FAILED = set('fail', 'failed', 'failure', 'returned', 'bounced');

/** After a done word, these make it the name of a change to it ("approval_status_changed", "approval_reset"), not the deed. */
const CHANGE_OF = set('status', 'reset', 'toggle', 'toggled', ...UPDATED);

const isDoneWord = (word: string | undefined) => word !== undefined && (APPROVED.has(word) || PAID.has(word) || word === 'sent');

function negatedDoneWord(word: string): boolean {
	return NEGATING_PREFIXES.some((prefix) => word.startsWith(prefix) && isDoneWord(word.slice(prefix.length)));
}

/** The words before "review" that make it one still to happen. */
const REVIEW_PENDING = set('in', 'under', 'for', 'awaiting', 'pending', 'needs', 'requires');

/** How the split-off prefixes, "to", "back" and a change's words turn the done words near them. */
interface Turns {
	rejected: boolean;
	gone: boolean;
	notYet: boolean;
	/** A done word named as the thing changed ("approval_status_changed"): neither done nor undone. */
	changeOf: boolean;
}

function turnedAround(words: string[]): Turns {
	const turns: Turns = { rejected: false, gone: false, notYet: false, changeOf: false };
	words.forEach((word, index) => {
		const next = words[index + 1];
		const turn = Object.prototype.hasOwnProperty.call(PREFIX_WORDS, word) && next !== undefined ? PREFIX_WORDS[word](next) : undefined;
		if (turn) turns[turn] = true;
		if (word === 'to' && (TO_DO.has(next) || (next === 'be' && isDoneWord(words[index + 2])))) turns.notYet = true;
		// "paid back", "sent back": undone. ("Welcome back", "back to active" are not.)
		if (word === 'back' && isDoneWord(words[index - 1])) turns.rejected = true;
		if (isDoneWord(word) && next !== undefined && CHANGE_OF.has(next)) turns.changeOf = true;
		// "in_review", "under review", "pending review", "review" alone: not yet. ("approved_after_review",
		// "review_passed", "review_approved": the review is over.)
		if (word === 'review' && (words.length === 1 || REVIEW_PENDING.has(words[index - 1]))) turns.notYet = true;
	});
	return turns;
}

/**
 * The last text read and its words: the same status is asked about by several fields of one delivery, and a signed
 * body can put a megabyte in it. Splitting is linear; doing it once per delivery keeps it cheap. (All of it is read:
 * a "not" in the middle of a long status must count.)
 */
let lastRead: { text: string; words: string[] } | undefined;

function wordsOnce(text: string): string[] {
	if (lastRead?.text !== text) lastRead = { text, words: wordsOf(text) };
	// The same text in another string object: keep this one, so the next asks compare by reference.
	else lastRead.text = text;
	return lastRead.words;
}

export function readWords(text: string): WordReading {
	const words = wordsOnce(text);
	const has = (list: Set<string>) => words.some((word) => list.has(word));
	const turns = turnedAround(words);
	const rejected = has(REJECTED) || turns.rejected;
	const gone = has(GONE) || turns.gone;
	// A negator anywhere makes the whole name "not yet": the safe reading of "not sent", "no longer active".
	// "error free" is no error.
	const notYet =
		words.some((word, index) => NOT_YET.has(word) && !(ERROR_WORDS.has(word) && words[index + 1] === 'free')) ||
		words.some(negatedDoneWord) ||
		words.some((word) => NEGATORS.has(word)) ||
		turns.notYet;
	const settled = !rejected && !gone && !notYet && !turns.changeOf;
	return { words, rejected, gone, notYet, approved: settled && has(APPROVED), paid: settled && has(PAID), has };
}

/**
 * The normalized type a free-form event name stands for ("partner_approved", "Sent Okendo Referral",
 * "commission.unpaid"), or `unknown`. Used for senders whose names are not a published list (generic webhooks).
 */
export function typeFromEventName(name: string): NormalizedEventType {
	const reading = readWords(name);
	const subject = SUBJECTS.find(([, words]) => reading.has(words))?.[0];
	if (!subject) return 'unknown';
	if (subject === 'payout' && (reading.has(CUSTOMER_SIDE) || (reading.has(REFERRAL_SUBJECT) && reading.has(PAYMENT_WORDS)))) return 'unknown';
	return BY_SUBJECT[subject](reading);
}

const BY_SUBJECT: Record<Subject, (reading: WordReading) => NormalizedEventType> = {
	coupon: (r) => (r.rejected || r.gone || r.notYet ? 'unknown' : r.has(REDEEMED) ? 'coupon.redeemed' : r.has(ISSUED) ? 'coupon.issued' : 'unknown'),
	commission: (r) => {
		if (r.rejected && !r.has(FAILED)) return 'conversion.denied';
		if (r.rejected || r.notYet) return 'commission.created';
		if (r.gone) return 'unknown';
		if (r.paid) return 'commission.paid';
		if (r.approved) return 'conversion.approved';
		return r.has(UPDATED) ? 'unknown' : 'commission.created';
	},
	payout: (r) => (r.rejected || r.gone || r.notYet ? 'unknown' : r.has(PAYOUT_DONE) ? 'payout.paid' : 'unknown'),
	// A tier name with no verb ("BONUS_TIER_MOVEMENT", "milestone") names the tier reached.
	tier: (r) => (r.rejected || r.gone || r.notYet ? 'unknown' : 'tier.reached'),
	conversion: (r) => {
		if (r.rejected) return 'conversion.denied';
		if (r.gone) return 'unknown';
		if (r.notYet) return 'conversion.created';
		if (r.approved && r.has(CONVERSION_APPROVED)) return 'conversion.approved';
		return r.has(UPDATED) ? 'unknown' : 'conversion.created';
	},
	// Referral programs (Okendo): a referral is sent, then succeeds and earns a coupon. Affiliate programs call a
	// referred person a referral (or lead, customer): it converts when they pay (Rewardful, Affonso), and UpPromote's
	// approved or denied referral is an order's. A referral name with a verb of its own ("Opted In to … Referrals")
	// is none of these.
	referral: (r) => {
		if (r.rejected) return 'conversion.denied';
		if (r.gone) return 'unknown';
		if (r.notYet) return 'referral.created';
		if (r.has(CONVERTED)) return 'conversion.created';
		if (r.has(SUCCEEDED)) return 'coupon.issued';
		if (r.approved) return 'conversion.approved';
		return r.has(SENT) || r.words.every((word) => REFERRAL_SUBJECT.has(word)) ? 'referral.created' : 'unknown';
	},
	affiliate: (r) => {
		if (r.rejected || r.gone) return 'affiliate.deactivated';
		if (r.notYet) return r.has(CREATED) ? 'affiliate.created' : 'affiliate.updated';
		if (r.approved) return 'affiliate.approved';
		if (r.has(CREATED)) return 'affiliate.created';
		return r.has(UPDATED) || r.has(set('status')) ? 'affiliate.updated' : 'unknown';
	},
};

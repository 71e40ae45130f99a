import * as crypto from 'node:crypto';

import type { HeaderMap } from '../headers';
import type { EventDraft } from '../facts';
import type { NormalizedAffiliateEvent } from '../schema';

export type Json = Record<string, unknown>;

/**
 * One delivery, split by trust. What the signature covers — the body, the headers it signs, the delivery id it signs —
 * may identify an event and decide what it is. The `hints` (a topic header, `?topic=` on the URL, any other header)
 * are not signed: anyone who saw one signed body can resend it with other hints. They may only route a delivery the
 * body leaves open; they never enter an event id and never turn a body that says pending or denied into an approval.
 */
export interface PlatformInput {
	/** The parsed body (covered by the signature whenever the trigger checks one). */
	body: unknown;
	/** Only the request headers the signature covers (Standard Webhooks: webhook-id, webhook-timestamp); often none. */
	signedHeaders: HeaderMap;
	/** The delivery id the signature covers (Standard Webhooks `webhook-id`), if the scheme signs one. */
	deliveryId?: string;
	/** Unsigned: may route, never identify or approve. */
	hints: { headers: HeaderMap; topic?: string };
	/** IANA zone or offset for times sent without one. */
	sourceTimeZone: string;
	now: Date;
	/** Records a field that could not be read (and was left empty or replaced), naming it. */
	warn(message: string): void;
	/** The most events the delivery may become; a reader that would make more throws TooManyEvents before it builds them. */
	maxEvents: number;
}

/**
 * A delivery that names more events than one delivery may start. Each event is an object n8n copies and stores as an
 * item: at the 1 MB body cap a Refersion payment can name 95,000 one-line affiliates, and building that many events
 * alone blocks n8n's event loop for most of a second. Thrown before they are built; the delivery is kept whole.
 */
export class TooManyEvents extends Error {
	constructor(
		readonly count: number,
		readonly limit: number,
	) {
		super(`${count} events, more than ${limit}`);
		this.name = 'TooManyEvents';
	}
}

export type PlatformNormalizer = (input: PlatformInput) => EventDraft[];

export const isObject = (value: unknown): value is Json =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** A table entry for an untrusted key: own properties only, so `constructor` or `__proto__` find nothing. */
export function own<T>(table: Record<string, T>, key: string): T | undefined {
	return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

export const obj = (value: unknown): Json => (isObject(value) ? value : {});

/**
 * The objects of a list (anything else in it as `{}`); not a list: none. A loop, not `.map`: `.map` builds its result
 * with the list's own `constructor`, which a value handed to the library API (not JSON) can set to anything.
 */
export function objects(value: unknown): Json[] {
	if (!Array.isArray(value)) return [];
	const found: Json[] = [];
	// Holes (a sparse list from the library API) are skipped, as `.map` skips them.
	for (let index = 0; index < value.length; index++) if (index in value) found.push(obj(value[index]));
	return found;
}

/** A non-empty string (numbers become strings: ids often arrive as numbers); otherwise null. */
export function str(value: unknown): string | null {
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value !== 'string') return null;
	const trimmed = value.trim();
	return trimmed === '' ? null : trimmed;
}

/**
 * The largest amount taken as money: beyond it an amount in minor units is no longer an exact integer in a JavaScript
 * number, so it cannot be a real price (about 90 trillion).
 */
export const MAX_AMOUNT = Number.MAX_SAFE_INTEGER / 100;

/**
 * Plain decimal text: a sign, then digits with at most one point ("59", "59.", ".5"). Each character has one place to
 * go: the earlier `\d+\.?\d*` could split a digit run between its two quantifiers in every way, and a signed body
 * with a long run of digits and one stray character cost seconds to refuse (quadratic backtracking).
 */
const DECIMAL_TEXT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/**
 * Amounts as numbers in major units. They arrive as numbers or decimal text (Refersion: "59.00"); a comma before
 * exactly three digits separates thousands ("1,234.50"), any other comma is a decimal comma ("59,90"). With `cents`
 * the value is in minor units (Rewardful, FirstPromoter) and is divided by 100. Null when absent, not a number, or
 * beyond MAX_AMOUNT.
 */
export function amount(value: unknown, cents = false): number | null {
	let number = NaN;
	if (typeof value === 'number') number = value;
	else if (typeof value === 'string' && value.trim() !== '') {
		const text = value.trim().replace(/\s/g, '');
		const normalized = /,\d{3}(?!\d)/.test(text) ? text.replace(/,/g, '') : text.replace(',', '.');
		number = DECIMAL_TEXT.test(normalized) ? Number(normalized) : NaN;
	}
	if (!Number.isFinite(number)) return null;
	const major = cents ? Math.round(number) / 100 : number;
	if (Math.abs(major) > MAX_AMOUNT) return null;
	// Minus zero ("-0", or -0.4 cents rounded) is no negative amount, yet Math.sign and toLocaleString still show a sign.
	return major === 0 ? 0 : major;
}

export const lower = (value: unknown): string | null => str(value)?.toLowerCase() ?? null;

export const upper = (value: unknown): string | null => str(value)?.toUpperCase() ?? null;

/** The first of several candidate values that is present. */
export function first(...values: unknown[]): unknown {
	return values.find((value) => value !== undefined && value !== null && value !== '');
}

/** Finite numbers print the same through String as through JSON.stringify, without the call. */
function primitiveJson(value: unknown): string {
	if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
	if (typeof value === 'boolean') return value ? 'true' : 'false';
	if (value === null) return 'null';
	return JSON.stringify(value) ?? 'null';
}

/** Text is handed on in pieces of about this many characters: the whole text of a megabyte body is never built. */
const PIECE_LENGTH = 16_384;

/**
 * Containers this close to the top are not tracked for cycles. A cycle never ends, so it still shows, as the same
 * container met twice further down; and JSON (every body) has none, while the trigger refuses bodies nested more
 * than 100 deep. Tracking each of the half a million lists a megabyte can hold cost as much as hashing them.
 */
const UNTRACKED_DEPTH = 128;

/**
 * Writes JSON with sorted keys (and, as in JSON, no undefined members): the same payload always hashes the same,
 * whatever key order it was serialized in. Iterative, not recursive: a signed body nested thousands deep (it fits in
 * the body cap) must still hash, or every redelivery of it would get a new id. A cycle (not JSON) throws a TypeError.
 *
 * The text goes to `write` in pieces that end between two tokens, so a surrogate pair is never cut in two (JSON
 * strings escape lone surrogates), and the bytes hashed are those of the whole text. Building the whole text first —
 * one queued entry per value, joined at the end, or one string grown token by token to the body's size — took time
 * and memory that grew faster than the body: half a second for a megabyte-wide list.
 */
/** Keys of one object (met anywhere in the value) to write as if they were undefined, without copying the object. */
interface LeftOut {
	from: object;
	keys: ReadonlySet<string>;
}

function writeCanonical(root: unknown, write: (piece: string) => void, leftOut?: LeftOut): void {
	let pending = '';
	const open = new Set<object>();
	// The containers being written, innermost last: each one's keys in order (none for a list), the next member to
	// write and whether one was written. Side by side, not one object each: a body nested a hundred thousand deep
	// would otherwise allocate as many, and the collector's cost for them grows faster than their number.
	const containers: Array<Json | unknown[]> = [];
	const keyLists: Array<string[] | undefined> = [];
	const nexts: number[] = [];
	const written: boolean[] = [];
	let value: unknown = root;
	for (;;) {
		if (typeof value === 'object' && value !== null) {
			if (containers.length >= UNTRACKED_DEPTH) {
				if (open.has(value)) throw new TypeError('a cycle cannot be hashed');
				open.add(value);
			}
			const isList = Array.isArray(value);
			pending += isList ? '[' : '{';
			containers.push(value as Json | unknown[]);
			keyLists.push(isList ? undefined : Object.keys(value).sort());
			nexts.push(0);
			written.push(false);
		} else pending += primitiveJson(value);
		if (pending.length >= PIECE_LENGTH) {
			write(pending);
			pending = '';
		}
		// The next member to write, closing every container that has none left.
		let hasNext = false;
		while (!hasNext && containers.length > 0) {
			const top = containers.length - 1;
			const container = containers[top];
			const keys = keyLists[top];
			if (keys === undefined) {
				const list = container as unknown[];
				hasNext = nexts[top] < list.length;
				if (hasNext) {
					if (nexts[top] > 0) pending += ',';
					value = list[nexts[top]++];
				}
			} else {
				const record = container as Json;
				const skipped = record === leftOut?.from ? leftOut.keys : undefined;
				while (nexts[top] < keys.length && (record[keys[nexts[top]]] === undefined || skipped?.has(keys[nexts[top]]))) nexts[top]++;
				hasNext = nexts[top] < keys.length;
				if (hasNext) {
					const key = keys[nexts[top]++];
					pending += `${written[top] ? ',' : ''}${JSON.stringify(key)}:`;
					written[top] = true;
					value = record[key];
				}
			}
			if (!hasNext) {
				pending += keys === undefined ? ']' : '}';
				if (top >= UNTRACKED_DEPTH) open.delete(container);
				containers.pop();
				keyLists.pop();
				nexts.pop();
				written.pop();
			}
		}
		if (!hasNext) {
			write(pending);
			return;
		}
	}
}

/**
 * An id for platforms that send none: derived from the payload, so a redelivery (the same payload) gets the same id
 * and any real change (another status, another amount) gets a new one.
 */
export function derivedId(platform: string, ...parts: unknown[]): string {
	return derivedIdLeavingOut(platform, parts);
}

/**
 * derivedId of `parts` as if the keys `leftOut.keys` of the object `leftOut.from` were absent: the same id as for a
 * copy without them, with no copy made (a signed record can have tens of thousands of keys).
 */
export function derivedIdLeavingOut(platform: string, parts: unknown[], leftOut?: LeftOut): string {
	const flat = leftOut === undefined ? flatCanonical(parts) : undefined;
	if (flat !== undefined) return `${platform}:${sha256Hex(flat).slice(0, 32)}`;
	const hash = crypto.createHash('sha256');
	writeCanonical(parts, (piece) => hash.update(piece), leftOut);
	return `${platform}:${hash.digest('hex').slice(0, 32)}`;
}

/** Node's one-call hash (Node 20.12 and later; n8n 1.x runs on 20.19+), else a Hash object: the same digest. */
const hashOnce = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;
const sha256Hex = (text: string): string => (hashOnce ? hashOnce('sha256', text, 'hex') : crypto.createHash('sha256').update(text).digest('hex'));

/**
 * writeCanonical's text of parts that are primitives or lists of primitives (the ids of a payment's thousands of
 * affiliates), built directly; undefined for anything else or anything long, which writeCanonical writes. The same
 * text, so the same id: a test holds the two to that on random parts.
 */
export function flatCanonical(parts: unknown[]): string | undefined {
	let text = '[';
	for (let index = 0; index < parts.length; index++) {
		const part = parts[index];
		if (index > 0) text += ',';
		if (Array.isArray(part)) {
			text += '[';
			for (let inner = 0; inner < part.length; inner++) {
				const item: unknown = part[inner];
				if (typeof item === 'object' && item !== null) return undefined;
				text += inner > 0 ? `,${primitiveJson(item)}` : primitiveJson(item);
			}
			text += ']';
		} else if (typeof part === 'object' && part !== null) return undefined;
		else text += primitiveJson(part);
		if (text.length > PIECE_LENGTH) return undefined;
	}
	return `${text}]`;
}

export const emptyAffiliate = (): NormalizedAffiliateEvent['affiliate'] => ({
	id: null,
	code: null,
	email: null,
	firstName: null,
	lastName: null,
	phone: null,
	referralLink: null,
	couponCode: null,
	offerId: null,
	offerName: null,
	status: null,
});

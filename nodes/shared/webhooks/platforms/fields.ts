import { createHash } from 'node:crypto';

import type { HeaderMap } from '../headers';
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
}

export type PlatformNormalizer = (input: PlatformInput) => NormalizedAffiliateEvent[];

export const isObject = (value: unknown): value is Json =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** A table entry for an untrusted key: own properties only, so `constructor` or `__proto__` find nothing. */
export function own<T>(table: Record<string, T>, key: string): T | undefined {
	return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

export const obj = (value: unknown): Json => (isObject(value) ? value : {});

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
		number = /^[+-]?(\d+\.?\d*|\.\d+)$/.test(normalized) ? Number(normalized) : NaN;
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

const VALUE = 0;
const TEXT = 1;
const LEAVE = 2;

/**
 * JSON with sorted keys (and, as in JSON, no undefined members): the same payload always hashes the same, whatever
 * key order it was serialized in. Iterative, not recursive: a signed body nested thousands deep (it fits in the body
 * cap) must still hash, or every redelivery of it would get a new id. A cycle (not JSON) throws a TypeError.
 */
function canonical(root: unknown): string {
	const out: string[] = [];
	const open = new Set<object>();
	// A stack of (what, payload) pairs, popped last-first: each container pushes its closing text first.
	const stack: unknown[] = [VALUE, root];
	const enter = (container: object, opening: string, closing: string) => {
		if (open.has(container)) throw new TypeError('a cycle cannot be hashed');
		open.add(container);
		out.push(opening);
		stack.push(LEAVE, container, TEXT, closing);
	};
	while (stack.length > 0) {
		const payload = stack.pop();
		const what = stack.pop();
		if (what === TEXT) out.push(payload as string);
		else if (what === LEAVE) open.delete(payload as object);
		else if (Array.isArray(payload)) {
			enter(payload, '[', ']');
			for (let index = payload.length - 1; index >= 0; index--) {
				stack.push(VALUE, payload[index]);
				if (index > 0) stack.push(TEXT, ',');
			}
		} else if (isObject(payload)) {
			enter(payload, '{', '}');
			const keys = Object.keys(payload).filter((key) => payload[key] !== undefined).sort();
			for (let index = keys.length - 1; index >= 0; index--) {
				stack.push(VALUE, payload[keys[index]], TEXT, `${JSON.stringify(keys[index])}:`);
				if (index > 0) stack.push(TEXT, ',');
			}
		} else out.push(JSON.stringify(payload) ?? 'null');
	}
	return out.join('');
}

/**
 * An id for platforms that send none: derived from the payload, so a redelivery (the same payload) gets the same id
 * and any real change (another status, another amount) gets a new one.
 */
export function derivedId(platform: string, ...parts: unknown[]): string {
	return `${platform}:${createHash('sha256').update(canonical(parts)).digest('hex').slice(0, 32)}`;
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

const DEACTIVATED = /^(inactive|deactivated|disabled|denied|rejected|blocked|suspended|deleted|archived|banned)$/;
const APPROVED = /^(active|approved|accepted|confirmed|enabled)$/;

/** Affiliate statuses in lowercase words; whether a status means approved or deactivated. */
export function statusKind(status: string | null): 'approved' | 'deactivated' | 'other' {
	if (!status) return 'other';
	if (APPROVED.test(status)) return 'approved';
	if (DEACTIVATED.test(status)) return 'deactivated';
	return 'other';
}

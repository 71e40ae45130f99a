import { createHash } from 'node:crypto';

import type { HeaderMap } from '../headers';
import type { NormalizedAffiliateEvent } from '../schema';

export type Json = Record<string, unknown>;

export interface PlatformInput {
	headers: HeaderMap;
	body: unknown;
	/** IANA zone or offset for times sent without one. */
	sourceTimeZone: string;
	/** The event name when the platform sends it outside the body (e.g. a `?topic=` on the webhook URL). */
	topic?: string;
	/** The delivery id from the signature check, if the scheme carries one (Standard Webhooks `webhook-id`). */
	deliveryId?: string;
	now: Date;
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
 * Amounts as numbers in major units. They arrive as numbers or decimal text (Refersion: "59.00"); a comma before
 * exactly three digits separates thousands ("1,234.50"), any other comma is a decimal comma ("59,90"). With `cents`
 * the value is in minor units (Rewardful, FirstPromoter) and is divided by 100. Null when absent or not a number.
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
	return cents ? Math.round(number) / 100 : number;
}

export const lower = (value: unknown): string | null => str(value)?.toLowerCase() ?? null;

export const upper = (value: unknown): string | null => str(value)?.toUpperCase() ?? null;

/** The first of several candidate values that is present. */
export function first(...values: unknown[]): unknown {
	return values.find((value) => value !== undefined && value !== null && value !== '');
}

/**
 * JSON with sorted keys (and, as in JSON, no undefined members): the same payload always hashes the same, whatever
 * key order it was serialized in.
 */
function canonical(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
	if (isObject(value)) {
		return `{${Object.keys(value)
			.filter((key) => value[key] !== undefined)
			.sort()
			.map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`)
			.join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
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

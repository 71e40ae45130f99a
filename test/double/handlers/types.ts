import { ParsedQuery } from '../queryParams';
import { Store } from '../state';

export interface HandlerContext {
	store: Store;
	params: Record<string, string>;
	query: ParsedQuery;
	/** The parsed JSON body; already checked against the operation's requestBody schema when validation is on. */
	body: unknown;
	/** http://127.0.0.1:<port>, the base of every link in the answer. */
	baseUrl: string;
	/** The request path without a trailing slash. */
	path: string;
	now: number;
	jobDurationMs: number;
}

export interface HandlerResult {
	status: number;
	/** JSON body; absent for 202/204 answers that Klaviyo sends empty. */
	body?: unknown;
}

export interface Handler {
	operationId: string;
	method: string;
	path: string;
	/** The tier from the reference doc (§5); used only when the spec (and its x-klaviyo-ratelimit) is absent. */
	fallbackTier: { burst: string; steady: string };
	/** Payload cap from the operation's description (e.g. "payload ≤ 100 KB" on profile writes); default 5 MB. */
	maxBodyBytes?: number;
	handle(ctx: HandlerContext): HandlerResult;
}

/** Loose views of validated JSON bodies. */
export type JsonObject = Record<string, unknown>;

export function obj(value: unknown): JsonObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : {};
}

export function arr(value: unknown): unknown[] {
	return Array.isArray(value) ? value : [];
}

export const TIER_XS = { burst: '1/s', steady: '15/m' };
export const TIER_M = { burst: '10/s', steady: '150/m' };
export const TIER_L = { burst: '75/s', steady: '750/m' };
export const TIER_XL = { burst: '350/s', steady: '3500/m' };
export const KB = 1024;
export const MB = 1024 * 1024;

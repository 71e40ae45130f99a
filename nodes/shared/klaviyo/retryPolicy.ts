/**
 * When to try a Klaviyo call again, and after how long. Klaviyo's guidance: retry 429 and 503 with exponential
 * backoff and jitter, never before Retry-After ("immediate retries will always receive a 429"). Gateways in front of
 * Klaviyo also answer 502/504/524, and connections get reset; all of our writes are idempotent (profile upserts,
 * subscriptions, events with unique ids), so those are retried too. A 500 is not: it is usually deterministic.
 */
export interface RetryPolicy {
	maxAttempts: number;
	baseDelayMs: number;
	maxDelayMs: number;
	/** Total time a single call may spend waiting between attempts. */
	maxTotalWaitMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxAttempts: 8,
	baseDelayMs: 500,
	maxDelayMs: 30_000,
	maxTotalWaitMs: 180_000,
};

const RETRIABLE_STATUSES = new Set([429, 502, 503, 504, 524]);
const RETRIABLE_NETWORK_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'ECONNABORTED',
	'ETIMEDOUT',
	'EPIPE',
	'EAI_AGAIN',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
	// Our own code for a 2xx answer whose JSON was cut off.
	'EBADJSON',
]);

export type Failure =
	| { kind: 'http'; status: number; retryAfterSeconds?: number }
	| { kind: 'network'; code?: string; message: string };

export function isRetriable(failure: Failure): boolean {
	if (failure.kind === 'http') return RETRIABLE_STATUSES.has(failure.status);
	return (
		(failure.code !== undefined && RETRIABLE_NETWORK_CODES.has(failure.code)) ||
		/socket hang up|timeout|timed out|network/i.test(failure.message)
	);
}

/**
 * Delay before attempt `attempt + 1` (attempt counts from 1). A 429 waits exactly its Retry-After (plus a small
 * jitter so parallel callers do not land in the same instant); other failures back off exponentially with ±50 %
 * jitter, capped.
 */
export function retryDelayMs(
	failure: Failure,
	attempt: number,
	policy: RetryPolicy,
	random: () => number = Math.random,
): number {
	if (failure.kind === 'http' && failure.status === 429) {
		const retryAfterMs = (failure.retryAfterSeconds ?? 1) * 1000;
		return retryAfterMs + Math.floor(random() * 250);
	}
	const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
	return Math.round(exponential * (0.5 + random()));
}

/** Retry-After is integer seconds from Klaviyo; an HTTP-date is tolerated for proxies that send one. */
export function parseRetryAfter(value: unknown, now: number = Date.now()): number | undefined {
	const text = Array.isArray(value) ? value[0] : value;
	if (typeof text === 'number' && Number.isFinite(text)) return Math.max(0, text);
	if (typeof text !== 'string' || text.trim() === '') return undefined;
	const seconds = Number(text);
	if (Number.isFinite(seconds)) return Math.max(0, seconds);
	const date = Date.parse(text);
	return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

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

/** A 429 that does not say how long to wait: Klaviyo's burst window is one second. */
export const RETRY_AFTER_WHEN_MISSING_SECONDS = 1;

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
		return statedWaitMs(failure) + Math.floor(random() * 250);
	}
	const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
	return Math.round(exponential * (0.5 + random()));
}

/**
 * A 429's Retry-After in whole milliseconds, never shorter than stated. Seconds × 1000 carries binary rounding error
 * (2.007 s is 2007.0000000000002 ms): it is rounded to the microsecond first, or a wait equal to what is left of the
 * budget would look a hair too long and be refused.
 */
function statedWaitMs(failure: Failure & { kind: 'http' }): number {
	const ms = (failure.retryAfterSeconds ?? RETRY_AFTER_WHEN_MISSING_SECONDS) * 1000;
	return Math.ceil(Math.round(ms * 1000) / 1000);
}

/**
 * The wait before the next attempt, cut to what is left of the call's budget; undefined when even the shortest
 * acceptable wait does not fit. For a 429 that is its Retry-After: the jitter on top only spreads callers apart, so
 * it is trimmed to the budget and never decides whether the call may retry (a Retry-After of exactly the budget is
 * retried every time, not 1 time in 250). For other failures the backoff itself.
 */
export function budgetedDelayMs(failure: Failure, delayMs: number, waitedMs: number, policy: RetryPolicy): number | undefined {
	const left = policy.maxTotalWaitMs - waitedMs;
	const throttled = failure.kind === 'http' && failure.status === 429;
	const shortest = throttled ? statedWaitMs(failure) : delayMs;
	return shortest <= left ? Math.min(delayMs, left) : undefined;
}

/**
 * What to do after a failed attempt. `delayMs` is the wait the failure asks for (cut to the budget when it fits),
 * also when the call stops: it still holds back the shared rate gate. `longWait` is set only when a stated
 * Retry-After is strictly longer than what is left of the budget, so an "asked to wait N s" error can never contradict
 * its own numbers.
 */
export type RetryPlan =
	| { retry: true; delayMs: number }
	| { retry: false; delayMs: number; longWait?: { statedSeconds: number; budgetLeftMs: number } };

/**
 * The one retry decision, for the Klaviyo transport and the Affiliate Platform client alike: retry a retriable
 * failure while attempts remain and its shortest acceptable wait fits in what is left of `policy.maxTotalWaitMs`
 * (see `budgetedDelayMs`: a 429's jitter never decides it); otherwise stop.
 */
export function planRetry(
	failure: Failure,
	attempt: number,
	waitedMs: number,
	policy: RetryPolicy,
	random: () => number = Math.random,
): RetryPlan {
	const delay = retryDelayMs(failure, attempt, policy, random);
	const budgeted = budgetedDelayMs(failure, delay, waitedMs, policy);
	if (budgeted !== undefined) {
		const retry = isRetriable(failure) && attempt < policy.maxAttempts;
		return { retry, delayMs: budgeted };
	}
	// "Asked to wait" is only true of a wait the answer stated: a 429 without one, or a backoff, simply runs out.
	if (failure.kind !== 'http' || failure.status !== 429 || failure.retryAfterSeconds === undefined) return { retry: false, delayMs: delay };
	const longWait = { statedSeconds: failure.retryAfterSeconds, budgetLeftMs: policy.maxTotalWaitMs - waitedMs };
	return { retry: false, delayMs: delay, longWait };
}

/**
 * The longest wait Klaviyo asks for: its steady window is 60 s, so no Retry-After it sends is longer. A longer one
 * comes from something else on the way (a proxy, a gateway) or is garbage, and says nothing about Klaviyo's buckets.
 */
export const LONGEST_KLAVIYO_RETRY_AFTER_SECONDS = 60;

/** setTimeout (and so n8n's `sleep`) holds at most 2^31-1 ms; a longer delay fires after ~1 ms instead. */
export const LONGEST_TIMER_MS = 2 ** 31 - 1;

/** A delay any timer can hold: never negative, never past `LONGEST_TIMER_MS`, never NaN. */
export function timerSafeMs(ms: number): number {
	if (!(ms > 0)) return 0;
	return Math.min(ms, LONGEST_TIMER_MS);
}

const DELAY_SECONDS = /^\d+(?:\.\d+)?$/;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const TIME = '(\\d{2}):(\\d{2}):(\\d{2})';
/** RFC 9110's three HTTP-date forms, exactly: IMF-fixdate, and the obsolete RFC 850 and asctime forms. Always GMT. */
const IMF_FIXDATE = new RegExp(`^(?:mon|tue|wed|thu|fri|sat|sun), (\\d{2}) ([a-z]{3}) (\\d{4}) ${TIME} gmt$`, 'i');
const RFC850_DATE = new RegExp(`^(?:mon|tues|wednes|thurs|fri|satur|sun)day, (\\d{2})-([a-z]{3})-(\\d{2}) ${TIME} gmt$`, 'i');
const ASCTIME_DATE = new RegExp(`^(?:mon|tue|wed|thu|fri|sat|sun) ([a-z]{3}) ([ \\d]\\d) ${TIME} (\\d{4})$`, 'i');

/**
 * Retry-After in seconds, as stated (it can be absurdly long: bound it where it is used). Klaviyo sends integer
 * seconds; an HTTP-date is tolerated for proxies that send one, a date in the past is 0. Anything else (negative,
 * hexadecimal, free text, a date in another format or zone) is undefined: treated as if the header were missing.
 * Retry-After takes one value; several (repeated headers, or a proxy's comma-joined list of seconds) give the
 * longest valid one, so no reading of them retries too early.
 */
export function parseRetryAfter(value: unknown, now: number = Date.now()): number | undefined {
	const values = (Array.isArray(value) ? value : [value]).flatMap((entry: unknown) =>
		typeof entry === 'string' && /^[\d.\s]+(?:,[\d.\s]+)+$/.test(entry) ? entry.split(',') : [entry],
	);
	const seconds = values.map((entry) => parseOneRetryAfter(entry, now)).filter((entry) => entry !== undefined);
	return seconds.length > 0 ? Math.max(...seconds) : undefined;
}

function parseOneRetryAfter(value: unknown, now: number): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
	if (typeof value !== 'string') return undefined;
	const trimmed = value.trim();
	if (DELAY_SECONDS.test(trimmed)) {
		const seconds = Number(trimmed);
		return Number.isFinite(seconds) ? seconds : undefined;
	}
	const date = parseHttpDate(trimmed, now);
	return date === undefined ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

/**
 * Milliseconds since the epoch of an HTTP-date, or undefined. Not `Date.parse`: it reads free text ("Retry at May 1
 * 10:00:00" is a date in 2001) and a date without a zone as local time, which moves the wait by hours.
 */
function parseHttpDate(text: string, now: number): number | undefined {
	let day: string, month: string, year: number, clock: string[];
	let match = IMF_FIXDATE.exec(text);
	if (match) {
		[, day, month] = match;
		year = Number(match[3]);
		clock = match.slice(4, 7);
	} else if ((match = RFC850_DATE.exec(text))) {
		[, day, month] = match;
		// RFC 9110: a two-digit year more than 50 years ahead is the most recent past year with those digits.
		const thisYear = new Date(now).getUTCFullYear();
		year = thisYear - (thisYear % 100) + Number(match[3]);
		if (year > thisYear + 50) year -= 100;
		clock = match.slice(4, 7);
	} else if ((match = ASCTIME_DATE.exec(text))) {
		[, month, day] = match;
		year = Number(match[6]);
		clock = match.slice(3, 6);
	} else {
		return undefined;
	}
	const monthIndex = MONTHS.indexOf(month.toLowerCase());
	const [hours, minutes, seconds] = clock.map(Number);
	const time = Date.UTC(year, monthIndex, Number(day), hours, minutes, seconds);
	const date = new Date(time);
	// Date.UTC rolls 31 Feb over into March and 25:00 into the next day: such a date is not one.
	const exact =
		monthIndex >= 0 &&
		date.getUTCFullYear() === year &&
		date.getUTCMonth() === monthIndex &&
		date.getUTCDate() === Number(day) &&
		date.getUTCHours() === hours &&
		date.getUTCMinutes() === minutes &&
		date.getUTCSeconds() === seconds;
	return exact ? time : undefined;
}

/**
 * How long a 429 holds the rate gate that every execution on the same credential shares. Never longer than
 * Klaviyo's longest window. A longer stated wait that made the call give up is honoured by nobody, and it is not
 * Klaviyo's to begin with: the bucket is then held only as long as after a 429 without Retry-After, so one odd
 * header cannot stall the next execution.
 */
export function sharedThrottleMs(delayMs: number, statedSeconds: number | undefined, retrying: boolean): number {
	if ((statedSeconds ?? 0) <= LONGEST_KLAVIYO_RETRY_AFTER_SECONDS) return timerSafeMs(delayMs);
	return retrying ? LONGEST_KLAVIYO_RETRY_AFTER_SECONDS * 1000 : RETRY_AFTER_WHEN_MISSING_SECONDS * 1000;
}

/** "86400 s (about 24 hours)": a stated wait as a person reads it. */
export function describeWait(seconds: number): string {
	const units: Array<[number, string]> = [
		[86_400, 'day'],
		[3600, 'hour'],
		[60, 'minute'],
	];
	const [size, name] = units.find(([unitSeconds]) => seconds >= 2 * unitSeconds) ?? [1, ''];
	if (size === 1) return `${seconds} s`;
	const count = Math.round(seconds / size);
	return `${seconds} s (about ${count} ${name}s)`;
}

import { sleep } from 'n8n-workflow';

import { KLAVIYO_OPERATION_TIERS, type KlaviyoOperation, type RateTier } from './rateLimits';
import { timerSafeMs } from './retryPolicy';

// Klaviyo counts a call when it arrives, and arrival times jitter with latency: spacing calls by the bare window
// lets a fast call land inside the window a slow one opened. The margins absorb that jitter.
const BURST_WINDOW_MS = 1000 + 100;
const STEADY_WINDOW_MS = 60_000 + 1000;
/**
 * Klaviyo's windows reset within a minute, so nothing it says can rightly pause a bucket longer than the steady
 * window. The gate is shared by every execution on the credential: a wild header must not stall them all.
 */
const LONGEST_BLOCK_MS = STEADY_WINDOW_MS;

/** What Klaviyo said about the steady window on its last non-429 answer for a bucket. */
export interface RateLimitHeaders {
	limit?: number;
	remaining?: number;
	resetSeconds?: number;
}

class Bucket {
	private readonly sent: number[] = [];

	private blockedUntil = 0;

	/** Calls others made with the same key in the current steady window (Klaviyo counts per account), and until when. */
	private othersUsed = 0;

	private othersUntil = 0;

	private tier: RateTier;

	constructor(private readonly published: RateTier) {
		this.tier = published;
	}

	/** Milliseconds to wait before the next call fits both windows; 0 when it fits now. */
	waitMs(now: number): number {
		while (this.sent.length > 0 && now - this.sent[0] >= STEADY_WINDOW_MS) this.sent.shift();
		let wait = Math.max(0, this.blockedUntil - now);
		const othersCount = now < this.othersUntil;
		const capacity = this.tier.steadyPerMinute - (othersCount ? this.othersUsed : 0);
		if (this.sent.length >= capacity) {
			// Room comes back when our oldest call in the window leaves it, or when the window of others' calls resets.
			const ownSlotFree = capacity > 0 ? this.sent[this.sent.length - capacity] + STEADY_WINDOW_MS : Infinity;
			wait = Math.max(wait, (othersCount ? Math.min(ownSlotFree, this.othersUntil) : ownSlotFree) - now);
		}
		const inBurst = this.sent.length - this.firstIndexAfter(now - BURST_WINDOW_MS);
		if (inBurst >= this.tier.burstPerSecond) {
			wait = Math.max(
				wait,
				this.sent[this.sent.length - this.tier.burstPerSecond] + BURST_WINDOW_MS - now,
			);
		}
		return wait;
	}

	record(now: number): void {
		this.sent.push(now);
	}

	blockFor(ms: number, now: number): void {
		if (!(ms > 0)) return;
		this.blockedUntil = Math.max(this.blockedUntil, now + Math.min(ms, LONGEST_BLOCK_MS));
	}

	/**
	 * Klaviyo's headers describe the steady window. A different published limit (Klaviyo has moved tiers between
	 * revisions, e.g. 700 → 750/m) rescales both windows; running out of the window pauses the bucket until it resets.
	 */
	observe(headers: RateLimitHeaders, now: number): void {
		if (headers.limit && headers.limit > 0 && headers.limit !== this.tier.steadyPerMinute) {
			const scale = headers.limit / this.published.steadyPerMinute;
			this.tier = {
				steadyPerMinute: headers.limit,
				burstPerSecond: Math.max(1, Math.floor(this.published.burstPerSecond * scale)),
			};
		}
		if (headers.remaining === undefined || headers.resetSeconds === undefined) return;
		const resetMs = Math.min(Math.max(0, headers.resetSeconds * 1000), LONGEST_BLOCK_MS);
		if (headers.remaining <= 0) {
			this.blockFor(resetMs, now);
			return;
		}
		// Fewer calls left than our own log says: another integration is spending the same key's quota.
		const ownInWindow = this.sent.filter((time) => now - time < STEADY_WINDOW_MS).length;
		this.othersUsed = Math.max(0, this.tier.steadyPerMinute - headers.remaining - ownInWindow);
		this.othersUntil = now + resetMs;
	}

	private firstIndexAfter(time: number): number {
		let low = 0;
		let high = this.sent.length;
		while (low < high) {
			const mid = (low + high) >> 1;
			if (this.sent[mid] <= time) low = mid + 1;
			else high = mid;
		}
		return low;
	}
}

/**
 * Paces calls per Klaviyo rate bucket so a large batch runs close to the limit without drawing 429s: a client-side
 * log of both windows, corrected by the `RateLimit-*` headers and by `Retry-After` when a 429 still happens (other
 * integrations share a private key's quota).
 */
export class RateGate {
	private readonly buckets = new Map<KlaviyoOperation, Bucket>();

	constructor(
		private readonly clock: () => number = Date.now,
		private readonly wait: (ms: number) => Promise<void> = sleep,
	) {}

	async acquire(operation: KlaviyoOperation): Promise<void> {
		const bucket = this.bucket(operation);
		for (;;) {
			const now = this.clock();
			const wait = bucket.waitMs(now);
			if (wait <= 0) {
				bucket.record(now);
				return;
			}
			// Re-checked after every wake-up, so a wait cut to what a timer holds only costs one more round.
			await this.wait(timerSafeMs(wait));
		}
	}

	observe(operation: KlaviyoOperation, headers: RateLimitHeaders): void {
		this.bucket(operation).observe(headers, this.clock());
	}

	/**
	 * After a 429: nobody in this bucket calls again before Klaviyo's Retry-After has passed — but never for longer
	 * than Klaviyo's steady window.
	 */
	blockFor(operation: KlaviyoOperation, ms: number): void {
		this.bucket(operation).blockFor(ms, this.clock());
	}

	private bucket(operation: KlaviyoOperation): Bucket {
		let bucket = this.buckets.get(operation);
		if (!bucket) {
			bucket = new Bucket(KLAVIYO_OPERATION_TIERS[operation]);
			this.buckets.set(operation, bucket);
		}
		return bucket;
	}
}

const gatesByAccount = new Map<string, RateGate>();

/**
 * Klaviyo counts limits per account (per OAuth install), so every node run in this n8n process that uses the same
 * credential shares one gate.
 */
export function rateGateFor(accountKey: string): RateGate {
	let gate = gatesByAccount.get(accountKey);
	if (!gate) {
		gate = new RateGate();
		gatesByAccount.set(accountKey, gate);
	}
	return gate;
}

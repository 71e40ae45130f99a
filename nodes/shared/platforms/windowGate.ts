import { sleep } from 'n8n-workflow';

/** A platform's published limit: at most `requests` calls in any `windowMs`, counted per account. */
export interface WindowLimit {
	requests: number;
	windowMs: number;
}

/** What a platform said about its window on an answer (draft RateLimit-* headers), when it says anything. */
export interface WindowHeaders {
	remaining?: number;
	resetSeconds?: number;
}

// Platforms count a call when it arrives; arrival times jitter with latency, so a call spaced by the bare window
// can land inside the window an earlier, slower call opened. A second of margin absorbs that.
const ARRIVAL_MARGIN_MS = 1000;

/**
 * Paces calls to one affiliate platform account below its single published window (Rewardful: 45 per 30 s,
 * FirstPromoter: 400 per minute). Unlike Klaviyo's gate there is one bucket and one window per account; what it
 * shares with it is the approach: a log of our own calls, corrected by what the platform says (remaining calls,
 * reset time, a 429's wait), because other integrations may spend the same account's quota.
 */
export class WindowGate {
	private readonly sent: number[] = [];

	private blockedUntil = 0;

	constructor(
		readonly limit: WindowLimit,
		private readonly clock: () => number = Date.now,
		private readonly wait: (ms: number) => Promise<void> = sleep,
	) {}

	/** Milliseconds before the next call fits in the window; 0 when it fits now. */
	waitMs(now: number = this.clock()): number {
		const window = this.limit.windowMs + ARRIVAL_MARGIN_MS;
		while (this.sent.length > 0 && now - this.sent[0] >= window) this.sent.shift();
		let wait = Math.max(0, this.blockedUntil - now);
		if (this.sent.length >= this.limit.requests) {
			wait = Math.max(wait, this.sent[this.sent.length - this.limit.requests] + window - now);
		}
		return wait;
	}

	async acquire(): Promise<void> {
		for (;;) {
			const now = this.clock();
			const wait = this.waitMs(now);
			if (wait <= 0) {
				this.sent.push(now);
				return;
			}
			await this.wait(wait);
		}
	}

	/** The platform's own count: nothing left means nobody calls before its reset. */
	observe(headers: WindowHeaders): void {
		if (headers.remaining !== undefined && headers.remaining <= 0 && headers.resetSeconds !== undefined) {
			this.blockFor(headers.resetSeconds * 1000);
		}
	}

	/**
	 * Nobody calls this account for `ms` — but never longer than one window: the published window always has room
	 * again by then, and this gate is shared by every execution on the account, so a wild Retry-After or reset
	 * (a proxy's, or garbage) must not stall them all for hours. A call told to wait longer fails on its own.
	 */
	blockFor(ms: number): void {
		if (!(ms > 0)) return;
		const bounded = Math.min(ms, this.limit.windowMs + ARRIVAL_MARGIN_MS);
		this.blockedUntil = Math.max(this.blockedUntil, this.clock() + bounded);
	}

	/**
	 * How long a 429 that names no wait should hold everyone back: until the oldest call we know of leaves the window
	 * (the whole window when we know of none — the quota was spent elsewhere).
	 */
	fullWindowWaitMs(): number {
		const now = this.clock();
		const oldest = this.sent.find((time) => now - time < this.limit.windowMs);
		return oldest === undefined ? this.limit.windowMs : oldest + this.limit.windowMs + ARRIVAL_MARGIN_MS - now;
	}
}

const gatesByAccount = new Map<string, WindowGate>();

/** Every node run in this n8n process that uses the same platform account shares one gate. */
export function windowGateFor(accountKey: string, limit: WindowLimit): WindowGate {
	let gate = gatesByAccount.get(accountKey);
	if (!gate) {
		gate = new WindowGate(limit);
		gatesByAccount.set(accountKey, gate);
	}
	return gate;
}

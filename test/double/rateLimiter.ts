import { HANDLERS } from './handlers';
import { OpenApiDocument, OperationObject, loadSpec } from './specLoader';

/** An operation's allowance as the spec's `x-klaviyo-ratelimit` states it, e.g. {burst:'75/s', steady:'750/m'}. */
export interface Tier {
	burstPerSecond: number;
	steadyPerMinute: number;
	dailyPerDay?: number;
}

/** A quota one request draws from. Each operationId is its own bucket; `include`/`additional-fields` add more. */
export interface Bucket {
	key: string;
	tier: Tier;
}

const WINDOW_MS = { burst: 1_000, steady: 60_000, daily: 86_400_000 } as const;
type WindowName = keyof typeof WINDOW_MS;

function parseRate(text: string | undefined, unit: string): number | undefined {
	const match = text ? new RegExp(`^(\\d+)/${unit}$`).exec(text.trim()) : null;
	return match ? Number(match[1]) : undefined;
}

export function parseTier(limit: { burst?: string; steady?: string; daily?: string } | undefined): Tier | null {
	const burstPerSecond = parseRate(limit?.burst, 's');
	const steadyPerMinute = parseRate(limit?.steady, 'm');
	if (burstPerSecond === undefined || steadyPerMinute === undefined) return null;
	const dailyPerDay = parseRate(limit?.daily, 'd');
	return dailyPerDay === undefined ? { burstPerSecond, steadyPerMinute } : { burstPerSecond, steadyPerMinute, dailyPerDay };
}

/**
 * Stricter quotas that apply only with some parameters, which the spec states in prose: "Rate limits when using the
 * `additional-fields[list]=profile_count` parameter …<br>Burst: `1/s`<br>Steady: `15/m`". DOC-RL says these are
 * enforced globally, so the bucket is keyed by the parameter, not by the operation.
 */
export function conditionalBuckets(op: OperationObject): Array<Bucket & { param: string; value: string }> {
	const found = [];
	const pattern = /Rate limits when using the `([^=`]+)=([^`]+)` parameter[^<]*<br>Burst: `([^`]+)`<br>Steady: `([^`]+)`/g;
	for (const match of (op.description ?? '').matchAll(pattern)) {
		const tier = parseTier({ burst: match[3], steady: match[4] });
		if (tier) found.push({ key: `${match[1]}=${match[2]}`, param: match[1], value: match[2], tier });
	}
	return found;
}

function operationsOf(doc: OpenApiDocument): OperationObject[] {
	return Object.values(doc.paths).flatMap((item) => Object.values(item).filter((op) => op && typeof op === 'object' && op.operationId));
}

/** `{ [operationId]: {burstPerSecond, steadyPerMinute} }` for every operation of the spec (of the double without it). */
export function operationTiers(specPath?: string): Record<string, Tier> {
	const doc = loadSpec(specPath);
	const tiers: Record<string, Tier> = {};
	if (!doc) {
		// Without the spec: the tiers the double's handlers carry for their operations (Klaviyo's published XS…XL).
		for (const handler of HANDLERS) {
			const tier = parseTier(handler.fallbackTier);
			if (tier) tiers[handler.operationId] = tier;
		}
		return tiers;
	}
	for (const op of operationsOf(doc)) {
		const tier = parseTier(op['x-klaviyo-ratelimit']);
		if (tier) tiers[op.operationId] = tier;
	}
	return tiers;
}

/**
 * Seconds from the first call to the last one that the tiers allow at best: each operationId is its own bucket;
 * windows are fixed and aligned to the bucket's first call, so the n-th call can go no earlier than the nested
 * windows (1 s burst inside 60 s steady inside the daily quota, where there is one) permit. The floor of a mix is
 * the slowest bucket.
 */
export function rateLimitFloorSeconds(callsPerOperation: Record<string, number>, specPath?: string): number {
	const tiers = operationTiers(specPath);
	let floor = 0;
	for (const [operationId, calls] of Object.entries(callsPerOperation)) {
		const tier = tiers[operationId];
		if (!tier) throw new Error(`Unknown operationId ${operationId}`);
		if (calls > 0) floor = Math.max(floor, bucketFloorSeconds(tier, calls));
	}
	return floor;
}

function bucketFloorSeconds(tier: Tier, calls: number): number {
	const perSecond = tier.burstPerSecond;
	const perMinute = Math.min(tier.steadyPerMinute, perSecond * 60);
	const levels: Array<{ seconds: number; capacity: number }> = [];
	if (tier.dailyPerDay !== undefined) levels.push({ seconds: 86_400, capacity: Math.min(tier.dailyPerDay, perMinute * 1440) });
	levels.push({ seconds: 60, capacity: perMinute }, { seconds: 1, capacity: perSecond });
	let index = calls - 1;
	let seconds = 0;
	for (const level of levels) {
		const windows = Math.floor(index / level.capacity);
		seconds += windows * level.seconds;
		index -= windows * level.capacity;
	}
	return seconds;
}

interface WindowState {
	start: number;
	count: number;
}

export type RateDecision =
	| { allowed: true; headers: Record<string, string> }
	| { allowed: false; retryAfterSeconds: number };

/** Fixed-window counters per bucket for the double's one account (every key and token shares it, as in DOC-RL). */
export class RateLimiter {
	private readonly windows = new Map<string, Partial<Record<WindowName, WindowState>>>();

	constructor(
		private readonly enabled: boolean,
		private readonly multiplier = 1,
	) {}

	reset(): void {
		this.windows.clear();
	}

	private limits(tier: Tier): Array<[WindowName, number]> {
		const scale = (n: number) => Math.max(1, Math.floor(n * this.multiplier));
		const limits: Array<[WindowName, number]> = [
			['burst', scale(tier.burstPerSecond)],
			['steady', scale(tier.steadyPerMinute)],
		];
		if (tier.dailyPerDay !== undefined) limits.push(['daily', scale(tier.dailyPerDay)]);
		return limits;
	}

	private window(key: string, name: WindowName, now: number): WindowState {
		const states = this.windows.get(key) ?? {};
		this.windows.set(key, states);
		const current = states[name];
		if (current && now < current.start + WINDOW_MS[name]) return current;
		const fresh = { start: now, count: 0 };
		states[name] = fresh;
		return fresh;
	}

	/** Takes one call from every bucket, or none when any window is spent (a 429 costs nothing). */
	take(buckets: Bucket[], now: number): RateDecision {
		if (buckets.length === 0) return { allowed: true, headers: {} };
		let waitMs = 0;
		for (const bucket of buckets) {
			for (const [name, limit] of this.limits(bucket.tier)) {
				const state = this.window(bucket.key, name, now);
				if (state.count >= limit) waitMs = Math.max(waitMs, state.start + WINDOW_MS[name] - now);
			}
		}
		if (this.enabled && waitMs > 0) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
		for (const bucket of buckets) {
			for (const [name] of this.limits(bucket.tier)) this.window(bucket.key, name, now).count += 1;
		}
		// The headers describe the operation's steady window (DOC-RL); Remaining is approximate at Klaviyo too.
		const primary = buckets[0];
		const steadyLimit = this.limits(primary.tier)[1][1];
		const steady = this.window(primary.key, 'steady', now);
		return {
			allowed: true,
			headers: {
				'RateLimit-Limit': String(steadyLimit),
				'RateLimit-Remaining': String(Math.max(0, steadyLimit - steady.count)),
				'RateLimit-Reset': String(Math.max(0, Math.ceil((steady.start + WINDOW_MS.steady - now) / 1000))),
			},
		};
	}
}

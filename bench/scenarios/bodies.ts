import type { BodiesModules } from '../lib/dist';
import { median, round } from '../lib/stats';
import { receiveWorstBody, signedWorstBody, WORST_SHAPES } from '../lib/worstBodies';

/**
 * The trigger's default body cap: receiveDelivery answers 413 above `maxBodyKb` (default 1024) × 1024 bytes, so a
 * body of exactly this many bytes is still read.
 */
export const TRIGGER_BODY_CAP_BYTES = 1024 * 1024;

/** What one worst body may cost before a workflow runs (issue 20): n8n's event loop is blocked meanwhile. */
export const BODY_LIMIT_MS = 250;

export interface BodyTiming {
	shape: string;
	platform: string;
	bytes: number;
	/** 400: refused (nested deeper than 100 levels) before JSON.parse. */
	status: 200 | 400;
	events: number;
	warnings: number;
	/** verify + parse + normalize, over `runs` runs after one warm-up. */
	median_ms: number;
	max_ms: number;
	pass: boolean;
	/** Recording the events' ids in an empty replay store: one rememberDeliveries call, and one rememberDelivery per event. */
	replay_batch_ms?: number;
	replay_per_event_ms?: number;
}

export interface BodiesResult {
	cap_bytes: number;
	runs: number;
	limit_ms: number;
	bodies: BodyTiming[];
	/** The slowest shape's median and max. */
	worst_median_ms: number;
	worst_max_ms: number;
}

const NOW_SECONDS = 1_767_607_200;

function elapsedMs(work: () => unknown): number {
	const started = process.hrtime.bigint();
	work();
	return Number(process.hrtime.bigint() - started) / 1e6;
}

/**
 * Each worst shape of bench/lib/worstBodies.ts at the trigger's cap, signed as its platform signs, through the
 * compiled package: verify, parse (refused when too deep), normalize. `log` says which shape runs (a slow one shows).
 */
export function runBodies(modules: BodiesModules, log: (line: string) => void, runs = 7, bytes = TRIGGER_BODY_CAP_BYTES): BodiesResult {
	const bodies = WORST_SHAPES.map((shape): BodyTiming => {
		log(`bodies: ${shape.name}`);
		const signed = signedWorstBody(shape, bytes);
		const first = receiveWorstBody(modules, signed);
		const times = Array.from({ length: runs }, () => elapsedMs(() => receiveWorstBody(modules, signed)));
		const timing: BodyTiming = {
			shape: shape.name,
			platform: shape.platform,
			bytes: signed.rawBody.length,
			status: first.status,
			events: first.events.length,
			warnings: first.warnings,
			median_ms: round(median(times), 1),
			max_ms: round(Math.max(...times), 1),
			// The median of the runs: on a 2-core machine one run in seven can meet a collector pause or another process.
			pass: median(times) <= BODY_LIMIT_MS,
		};
		if (first.events.length > 1) {
			timing.replay_batch_ms = round(elapsedMs(() => modules.rememberDeliveries({}, first.events, NOW_SECONDS)), 1);
			timing.replay_per_event_ms = round(
				elapsedMs(() => {
					const store = {};
					for (const id of first.events) modules.rememberDelivery(store, id, NOW_SECONDS);
				}),
				1,
			);
		}
		return timing;
	});
	return {
		cap_bytes: bytes,
		runs,
		limit_ms: BODY_LIMIT_MS,
		bodies,
		worst_median_ms: Math.max(...bodies.map((body) => body.median_ms)),
		worst_max_ms: Math.max(...bodies.map((body) => body.max_ms)),
	};
}

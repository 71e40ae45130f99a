import type { FaultRule } from '../../test/double/types';
import type { StepBreakdown } from '../lib/analysis';
import type { ActionNodes } from '../lib/dist';
import type { HttpTap } from '../lib/httpTap';
import type { RemoteDouble } from '../lib/remoteDouble';
import { union, type Interval } from '../lib/intervals';
import { ratio, round } from '../lib/stats';
import { measurePipeline, type PipelineMeasure } from './backfill';

const THROTTLE_SHARE = 0.3;
const UNAVAILABLE_SHARE = 0.02;

/**
 * 30 % of all API requests answered 429 (Retry-After 1–2 s) and 2 % 503. The first rule that fires decides, so
 * the 503 rule comes first and the 429 rule applies to the 98 % it left: 0.98 × (0.3 / 0.98) = 30 % overall.
 * Seeded: a run faults the same positions of the request sequence every time. A 2,000-affiliate run makes only
 * ~30 calls, so the share actually drawn varies a lot with the seed: the scenario runs several seeds.
 */
export function stormFaults(seed: number): FaultRule[] {
	return [
		{ pathPrefix: '/api/', fault: { kind: 'status', status: 503 }, share: UNAVAILABLE_SHARE, seed: seed * 7919 },
		{ pathPrefix: '/api/', fault: { kind: 'throttle', retryAfterSeconds: [1, 2] }, share: THROTTLE_SHARE / (1 - UNAVAILABLE_SHARE), seed },
	];
}

export interface StormRun {
	seed: number;
	lost: number;
	duplicates: number;
	calls: number;
	/** Attempts beyond the first of each call (every injected fault and limiter 429 was retried or lost). */
	retries: number;
	throttled: number;
	unavailable: number;
	throttled_share: number | null;
	/** Tier floor of the calls the double let through (same arithmetic as the backfill's floor). */
	floor_s: number;
	/** The longest sum of Retry-After that one call was given. */
	retry_after_one_call_s: number;
	/**
	 * Time the answered 429s forbade: the union of [answer, answer + Retry-After] over every 429. A 429 means the
	 * bucket is spent (Klaviyo: never retry earlier), and each step's calls depend on the ones before (reads, then
	 * the import, then its poll; one node after another), so no correct client gets past these windows sooner. The
	 * ratio divides by the larger of this and the tier floor — at 2,000 affiliates the tier floor alone is ~0 s
	 * (every call fits in the burst windows), which would make any Retry-After-respecting client infinitely slow.
	 */
	retry_after_floor_s: number;
	/** Σ of every Retry-After answered: the rate gate holds the whole bucket for each, so serial calls pay each one. */
	retry_after_total_s: number;
	retry_after_by_operation: Record<string, number>;
	wall_s: number;
	wall_excl_jobs_s: number;
	wall_over_floor: number | null;
	wall_over_clean: number | null;
	max_attempts_of_one_call: number;
	steps: StepBreakdown[];
}

export interface StormResult {
	affiliates: number;
	seeds: number[];
	/** Over all seeds: Σ lost, Σ duplicates, Σ retries, the worst wall ÷ floor. */
	lost: number;
	duplicates: number;
	retries: number;
	wall_over_floor: number | null;
	/** The same pipeline without faults, for reference. */
	clean_wall_excl_jobs_s: number;
	runs: StormRun[];
}

export async function runStorm(double: RemoteDouble, nodes: ActionNodes, count: number, tap: HttpTap, seeds: number[]): Promise<StormResult> {
	const clean = await measurePipeline(double, nodes, count, 'sc', tap);
	const runs: StormRun[] = [];
	for (const seed of seeds) {
		const measure = await measurePipeline(double, nodes, count, `s${seed}`, tap, async () => await double.setFaults(stormFaults(seed)));
		runs.push(summarize(seed, measure, clean.wall_excl_jobs_s));
	}
	const ratios = runs.map((run) => run.wall_over_floor);
	return {
		affiliates: count,
		seeds,
		lost: runs.reduce((sum, run) => sum + run.lost, 0),
		duplicates: runs.reduce((sum, run) => sum + run.duplicates, 0),
		retries: runs.reduce((sum, run) => sum + run.retries, 0),
		wall_over_floor: ratios.includes(null) ? null : Math.max(...(ratios as number[])),
		clean_wall_excl_jobs_s: clean.wall_excl_jobs_s,
		runs,
	};
}

function summarize(seed: number, measure: PipelineMeasure, cleanWall: number): StormRun {
	const apiLog = measure.log.filter((entry) => entry.path.startsWith('/api/'));
	const throttled = apiLog.filter((entry) => entry.status === 429).length;
	const calls = measure.calls_detail;
	const operationOf = (path: string) => measure.log.find((entry) => entry.path === path)?.operationId ?? path;
	const retryAfterByOperation: Record<string, number> = {};
	for (const call of calls) {
		if (call.retryAfterSeconds === 0) continue;
		const operation = operationOf(call.path);
		retryAfterByOperation[operation] = (retryAfterByOperation[operation] ?? 0) + call.retryAfterSeconds;
	}
	const forbidden = calls.flatMap((call) =>
		call.attempts
			.filter((attempt) => attempt.status === 429 && attempt.retryAfterSeconds !== undefined)
			.map((attempt): Interval => [attempt.doneAt, attempt.doneAt + attempt.retryAfterSeconds! * 1000]),
	);
	const retryAfterFloor = round(union(forbidden).reduce((sum, [from, to]) => sum + (to - from), 0) / 1000, 2);
	const floor = Math.max(measure.floor_s, retryAfterFloor);
	return {
		seed,
		lost: measure.outcome.lost,
		duplicates: measure.outcome.duplicates,
		calls: measure.calls,
		retries: apiLog.filter((entry) => entry.fault !== undefined || entry.status === 429).length,
		throttled,
		unavailable: apiLog.filter((entry) => entry.status === 503).length,
		throttled_share: ratio(throttled, apiLog.length, 3),
		floor_s: measure.floor_s,
		retry_after_one_call_s: Math.max(0, ...calls.map((call) => call.retryAfterSeconds)),
		retry_after_floor_s: retryAfterFloor,
		retry_after_total_s: calls.reduce((sum, call) => sum + call.retryAfterSeconds, 0),
		retry_after_by_operation: retryAfterByOperation,
		wall_s: measure.wall_s,
		wall_excl_jobs_s: measure.wall_excl_jobs_s,
		wall_over_floor: ratio(measure.wall_excl_jobs_s, floor),
		wall_over_clean: ratio(measure.wall_excl_jobs_s, cleanWall),
		max_attempts_of_one_call: Math.max(0, ...calls.map((call) => call.attempts.length)),
		steps: measure.steps,
	};
}

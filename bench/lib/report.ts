import type { BaselineResult } from '../scenarios/baseline';
import type { BodiesResult } from '../scenarios/bodies';
import type { PipelineMeasure } from '../scenarios/backfill';
import type { OverheadResult } from '../scenarios/overhead';
import type { SingleResult } from '../scenarios/single';
import type { StormResult } from '../scenarios/storm';
import type { TriggerResult } from '../scenarios/trigger';
import type { Machine } from './env';
import { floorSeconds } from './analysis';
import { ratio, round } from './stats';

export interface Results {
	machine: Machine;
	meta: Record<string, unknown>;
	backfill?: { nodes: PipelineMeasure; baseline: BaselineResult };
	single?: SingleResult;
	storm?: StormResult;
	trigger?: TriggerResult;
	overhead?: OverheadResult;
	bodies?: BodiesResult;
}

export interface Target {
	name: string;
	value: number | null;
	limit: string;
	pass: boolean;
}

/**
 * The endpoint whose tier binds (the largest floor of its own calls), and how long its calls took from the first
 * start to the last end: the part of the run Klaviyo's limits decide. At 10,000 affiliates the whole floor is ~1 s
 * and the wall is mostly per-item CPU and job processing; this says whether the calls themselves run at the limit.
 */
export function ratePhase(nodes: PipelineMeasure) {
	const floors = Object.entries(nodes.callsByOperation).map(([operation, calls]) => ({ operation, calls, floor_s: floorSeconds({ [operation]: calls }) }));
	const binding = floors.reduce((a, b) => (b.floor_s > a.floor_s ? b : a));
	const span = nodes.timeline[binding.operation];
	const span_s = span ? round(span.lastEnd - span.firstStart, 3) : null;
	return { ...binding, span_s, span_over_floor: span_s === null ? null : ratio(span_s, binding.floor_s) };
}

/** The measure without what is only for analysis (request log, client records). */
function printable(measure: PipelineMeasure) {
	const { log: _log, calls_detail: _calls, state: _state, run: _run, waits: _waits, callsByOperation, limiterThrottles, outcome, ...rest } = measure;
	return { ...rest, calls_by_endpoint: callsByOperation, limiter_throttles: limiterThrottles, outcome };
}

/** Stable keys for tooling (see the brief): backfill.calls, storm.lost, trigger.verify_normalize_us_p50, … */
export function toJson(results: Results, targets: Target[]): Record<string, unknown> {
	const json: Record<string, unknown> = { machine: results.machine, meta: results.meta };
	if (results.backfill) {
		const { nodes, baseline } = results.backfill;
		json.backfill = {
			...printable(nodes),
			wall_over_floor: ratio(nodes.wall_excl_jobs_s, nodes.floor_s),
			rate_phase: ratePhase(nodes),
			lost: nodes.outcome.lost,
			duplicates: nodes.outcome.duplicates,
			baseline_calls: baseline.computed.calls,
			baseline_calls_by_endpoint: baseline.computed.callsByOperation,
			baseline_floor_s: baseline.computed.floor_s,
			baseline_floor_steps_in_sequence_s: baseline.computed.floor_steps_in_sequence_s,
			baseline_computed_not_run: true,
			calls_ratio: ratio(baseline.computed.calls, nodes.calls, 1),
			floor_ratio: ratio(baseline.computed.floor_s, nodes.floor_s, 1),
			baseline_sample: baseline.sample,
		};
	}
	if (results.single) json.single = results.single;
	if (results.storm) json.storm = results.storm;
	if (results.trigger) json.trigger = results.trigger;
	if (results.overhead) json.overhead = results.overhead;
	if (results.bodies) json.bodies = results.bodies;
	json.targets = targets;
	return json;
}

export function evaluateTargets(results: Results): Target[] {
	const targets: Target[] = [];
	const add = (name: string, value: number | null, limit: string, pass: boolean) => targets.push({ name, value, limit, pass });
	if (results.backfill) {
		const nodes = results.backfill.nodes;
		add('backfill calls', nodes.calls, '≤ 150', nodes.calls <= 150);
		const over = ratio(nodes.wall_excl_jobs_s, nodes.floor_s);
		add('backfill wall (excl. job processing) ÷ floor', over, '≤ 1.25', over !== null && over <= 1.25);
		const phase = ratePhase(nodes);
		add(`backfill ${phase.operation} calls: span ÷ their floor`, phase.span_over_floor, '(≤ 1.25)', phase.span_over_floor !== null && phase.span_over_floor <= 1.25);
		add('backfill affiliates lost', nodes.outcome.lost, '= 0', nodes.outcome.lost === 0);
	}
	if (results.storm) {
		const storm = results.storm;
		add('storm lost', storm.lost, '= 0', storm.lost === 0);
		add('storm duplicate events', storm.duplicates, '= 0', storm.duplicates === 0);
		add('storm wall (excl. job processing) ÷ floor', storm.wall_over_floor, '≤ 1.5', storm.wall_over_floor !== null && storm.wall_over_floor <= 1.5);
	}
	if (results.trigger) {
		const p50 = results.trigger.verify_normalize_us_p50;
		add('trigger verify + normalize p50 (µs)', round(p50, 1), '≤ 40', p50 <= 40);
	}
	if (results.bodies) {
		const { bodies, limit_ms: limit, cap_bytes: cap } = results.bodies;
		const slowest = bodies.reduce((a, b) => (b.median_ms > a.median_ms ? b : a));
		add(`worst signed body at ${cap.toLocaleString('en-US')} B, median ms (${slowest.shape})`, slowest.median_ms, `≤ ${limit}`, slowest.median_ms <= limit);
		const over = bodies.filter((body) => !body.pass).length;
		add(`worst-body shapes over ${limit} ms (of ${bodies.length})`, over, '= 0', over === 0);
	}
	return targets;
}

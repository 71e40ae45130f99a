import { ratePhase, type Results, type Target } from './report';
import { ratio } from './stats';
import { seconds, table } from './table';

const ms = (value: number) => `${Math.round(value)} ms`;

function backfillTables(results: Results): string[] {
	if (!results.backfill) return [];
	const { nodes, baseline } = results.backfill;
	const phase = ratePhase(nodes);
	const operations = [...new Set([...Object.keys(nodes.callsByOperation), ...Object.keys(baseline.computed.callsByOperation)])];
	const out = [
		table(
			`1. Backfill ${nodes.affiliates.toLocaleString('en-US')} affiliates — calls per endpoint (baseline computed, not run)`,
			['endpoint (operationId)', 'nodes', `baseline ×${baseline.computed.affiliates}`, `baseline sample ×${baseline.sample.affiliates}`],
			[
				...operations.map((op) => [op, nodes.callsByOperation[op] ?? 0, baseline.computed.callsByOperation[op] ?? 0, baseline.sample.callsByOperation[op] ?? 0]),
				['total', nodes.calls, baseline.computed.calls, baseline.sample.calls],
			],
		),
		table('   time', ['', 'nodes', 'baseline', 'baseline sample (run)'], [
			['wall (3 nodes back to back)', seconds(nodes.wall_s), null, seconds(baseline.sample.wall_s)],
			['job processing inside the wall', seconds(nodes.job_time_in_wall_s), null, null],
			['  jobs the nodes waited on', seconds(nodes.job_processing_waited_s), null, null],
			['  calls queued behind other jobs', seconds(nodes.job_queued_behind_other_jobs_s), null, null],
			['node wait on the waited jobs', seconds(nodes.job_wait_s), null, null],
			['wall excl. job processing', seconds(nodes.wall_excl_jobs_s), null, null],
			['floor (Klaviyo tiers)', seconds(nodes.floor_s), seconds(baseline.computed.floor_s), seconds(baseline.sample.floor_s)],
			['floor, steps in sequence', null, seconds(baseline.computed.floor_steps_in_sequence_s), null],
			['wall ÷ floor', ratio(nodes.wall_excl_jobs_s, nodes.floor_s), null, baseline.sample.wall_over_floor],
			[`${phase.operation}: ${phase.calls} calls' span ÷ their floor`, `${seconds(phase.span_s ?? 0)} ÷ ${seconds(phase.floor_s)} = ${phase.span_over_floor}`, null, null],
			['double server time (Σ)', seconds(nodes.server_s), null, null],
			['bench-process CPU during the run', seconds(nodes.cpu_s), null, null],
			['polling beyond job processing', seconds(nodes.poll_overshoot_s), null, null],
			['double applying other jobs (bg)', seconds(nodes.double_applying_other_jobs_s), null, null],
			['limiter 429s (gate too fast)', nodes.throttledByLimiter, null, null],
			['affiliates lost / duplicate events', `${nodes.outcome.lost} / ${nodes.outcome.duplicates}`, null, `${baseline.sample.outcome.lost} / ${baseline.sample.outcome.duplicates}`],
			['properties not under documented names', nodes.outcome.misnamedProperties === 0 ? 'none' : `${nodes.outcome.misnamedProperties}: ${nodes.outcome.propertyNames.join(', ')}`, null, null],
		]),
		table(
			'   where the nodes’ time goes (disjoint parts of each step’s wall)',
			['step', 'wall', 'job wait', 'queued behind jobs', 'double answering', 'client/loopback', 'retry waits', 'other (CPU, gate pacing)'],
			nodes.steps.map((step) => [
				step.step,
				ms(step.ms),
				ms(step.jobWaitMs),
				ms(step.queuedBehindJobsMs),
				ms(step.inCallsMs),
				ms(step.clientMs),
				ms(step.retryWaitMs),
				ms(step.otherMs),
			]),
		),
		table(
			'   calls over time (s after Upsert started)',
			['operation', 'calls', 'first start', 'last end', 'server Σ'],
			Object.entries(nodes.timeline).map(([op, line]) => [op, line.calls, line.firstStart.toFixed(3), line.lastEnd.toFixed(3), ms(line.serverMs)]),
		),
	];
	return out;
}

function otherTables(results: Results): string[] {
	const out: string[] = [];
	const { single, storm, trigger, overhead, bodies } = results;
	if (single) {
		out.push(table(`2. One affiliate end to end (Refersion delivery → 3 nodes), ${single.runs} runs`, ['', 'value'], [
			...Object.entries(single.callsByOperation).map(([op, calls]) => [`calls: ${op}`, calls]),
			['calls total', single.calls],
			['wall p50 / max', `${single.wall_ms_p50} / ${single.wall_ms_max} ms`],
			['trigger verify + normalize (cold, in the run)', `${single.trigger_us} µs`],
			['errors', single.errors.length === 0 ? 'none' : single.errors.join('; ')],
		]));
	}
	if (storm) {
		const runs = storm.runs;
		const row = (label: string, cell: (run: (typeof runs)[number]) => string | number | null) => [label, ...runs.map(cell)];
		out.push(
			table(
				`3. 429 storm, ${storm.affiliates.toLocaleString('en-US')} affiliates (30 % 429 with Retry-After 1–2 s, 2 % 503), per fault seed`,
				['', ...runs.map((run) => `seed ${run.seed}`)],
				[
					row('lost affiliates / duplicate events', (run) => `${run.lost} / ${run.duplicates}`),
					row('calls incl. retries / retries', (run) => `${run.calls} / ${run.retries}`),
					row('429s / 503s (429 share drawn)', (run) => `${run.throttled} / ${run.unavailable} (${run.throttled_share})`),
					row('most attempts of one call', (run) => run.max_attempts_of_one_call),
					row('wall / excl. job processing', (run) => `${seconds(run.wall_s)} / ${seconds(run.wall_excl_jobs_s)}`),
					row('tier floor / time the 429s forbade', (run) => `${seconds(run.floor_s, 0)} / ${seconds(run.retry_after_floor_s, 2)}`),
					row('wall ÷ floor (the larger floor)', (run) => run.wall_over_floor),
					row('Σ Retry-After answered', (run) => seconds(run.retry_after_total_s, 0)),
					row('  of it on get_profiles', (run) => seconds(run.retry_after_by_operation.get_profiles ?? 0, 0)),
					row('wall ÷ same run without faults', (run) => run.wall_over_clean),
					...['upsert', 'addToList', 'track'].map((name) =>
						row(`${name} ms: wall = job/queued/answer/client/retry/other`, (run) => {
							const step = run.steps.find((candidate) => candidate.step === name);
							return step
								? `${step.ms} = ${[step.jobWaitMs, step.queuedBehindJobsMs, step.inCallsMs, step.clientMs, step.retryWaitMs, step.otherMs].join('/')}`
								: null;
						}),
					),
				],
			),
		);
	}
	if (trigger) {
		out.push(
			table(
				`4. Trigger per delivery, µs (${trigger.iterations.toLocaleString('en-US')} iterations after ${trigger.warmup.toLocaleString('en-US')} warm-up; p50 / p99)`,
				['body', 'bytes', 'verify+normalize', 'verify', 'normalize', '(zod check in it)', 'JSON.parse', '÷ JSON.parse', 'verify+parse+normalize'],
				trigger.deliveries.map((d) => {
					const t = (timing: { p50_us: number; p99_us: number }) => `${timing.p50_us} / ${timing.p99_us}`;
					const parts = [d.verify_normalize, d.verify, d.normalize, d.schema_check, d.json_parse].map(t);
					return [d.body, d.bytes, ...parts, d.over_json_parse_p50, t(d.verify_parse_normalize)];
				}),
			),
		);
	}
	if (overhead) {
		out.push(
			table(
				`5. Node overhead: CPU µs per item at ${overhead.items.toLocaleString('en-US')} items (median of ${overhead.runs}; double in its own process)`,
				['node', 'own µs/item', 'gross µs/item', 'runs (gross)', 'calls'],
				[
					...Object.entries(overhead.nodes).map(([name, node]) => [name, node.us_per_item, node.us_per_item_gross, node.runs_us_per_item.join(' / '), node.calls]),
					['(n8n-core + item source: pass-through node)', null, overhead.engine_us_per_item, null, 0],
				],
			),
		);
	}
	if (bodies) {
		out.push(
			table(
				`6. Worst signed bodies at the trigger's cap: verify + parse + normalize, ms over ${bodies.runs} runs (limit ${bodies.limit_ms} ms on the median)`,
				['shape', 'platform', 'bytes', 'status', 'events', 'median', 'max', 'result', 'replay: one call / one per event'],
				bodies.bodies.map((body) => [
					body.shape,
					body.platform,
					body.bytes,
					body.status,
					body.events,
					body.median_ms,
					body.max_ms,
					body.pass ? 'PASS' : 'FAIL',
					body.replay_batch_ms === undefined ? null : `${body.replay_batch_ms} / ${body.replay_per_event_ms} ms`,
				]),
			),
		);
	}
	return out;
}

export function printTables(results: Results, targets: Target[]): string {
	const m = results.machine;
	const load = (key: string) => (results.meta[key] as number[] | undefined)?.join(' ') ?? '?';
	const head = [
		'Klaviyo affiliate nodes — benchmark (double at Klaviyo’s real tiers, multiplier 1, in its own process)',
		`machine: ${m.cpu}, ${m.cores} cores, ${m.memory_gb} GB, Node ${m.node}, ${m.os}`,
		`load average at start / end: ${load('load_average_at_start')} / ${load('load_average_at_end')}; bench wall ${String(results.meta.bench_wall_s)} s`,
	].join('\n');
	const verdicts = table('Targets', ['target', 'value', 'limit', 'result'], targets.map((t) => [t.name, t.value, t.limit, t.pass ? 'PASS' : 'FAIL']));
	return [head, ...backfillTables(results), ...otherTables(results), verdicts].join('\n');
}

import { ratio, round } from '../lib/stats';
import { table } from '../lib/table';
import type { BackfillResult } from './backfill';
import { EXTRA_TARGETS, TRIGGER_TARGETS, type TriggerRow, type TriggerTarget } from './trigger';

export interface ScaleResult {
	wall_s: number;
	real_s: number;
	calls: number;
	rss_mb: number;
	baseline_rss_mb: number;
	lost: number;
	status: string;
}

export interface N8nBenchResults {
	machine: Record<string, unknown>;
	meta: Record<string, unknown>;
	k: number;
	backfill?: Record<string, { ours: BackfillResult; core?: BackfillResult; ratios?: BackfillRatios }>;
	/** n8n's default settings. */
	trigger?: Record<string, TriggerRow>;
	/** n8n 2.x with N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true. */
	trigger_lazy_acquire?: Record<string, TriggerRow>;
	scale?: Record<string, ScaleResult>;
	scale_growth?: ScaleGrowth;
}

export interface BackfillRatios {
	calls: number | null;
	real: number | null;
	real_excl_jobs: number | null;
	wall: number | null;
	wall_excl_jobs: number | null;
	rss: number | null;
}

export function backfillRatios(ours: BackfillResult, core: BackfillResult): BackfillRatios {
	return {
		calls: ratio(core.calls, ours.calls, 1),
		real: ratio(core.real_s, ours.real_s, 1),
		real_excl_jobs: ratio(core.real_excl_jobs_s, ours.real_excl_jobs_s, 1),
		wall: ratio(core.wall_s, ours.wall_s, 1),
		wall_excl_jobs: ratio(core.wall_excl_jobs_s, ours.wall_excl_jobs_s, 1),
		rss: ratio(core.rss_mb, ours.rss_mb, 2),
	};
}

export interface ScaleGrowth {
	/** RSS above the Extract-From-File baseline, per 1,000 rows, between consecutive sizes. */
	mb_per_1000_rows_above_baseline: number[];
	/** log(rss ratio) / log(rows ratio) of the excess over baseline between the smallest and largest size: 1 = linear. */
	exponent: number | null;
}

export function scaleGrowth(scale: Record<string, ScaleResult>): ScaleGrowth {
	const sizes = Object.keys(scale).map(Number).sort((a, b) => a - b);
	const excess = (size: number) => scale[size].rss_mb - scale[size].baseline_rss_mb;
	const steps = sizes.slice(1).map((size, index) => round(((excess(size) - excess(sizes[index])) / (size - sizes[index])) * 1000, 2));
	const first = sizes[0];
	const last = sizes[sizes.length - 1];
	const exponent = sizes.length > 1 && excess(first) > 0 && excess(last) > 0 ? round(Math.log(excess(last) / excess(first)) / Math.log(last / first), 2) : null;
	return { mb_per_1000_rows_above_baseline: steps, exponent };
}

const s = (value: number | null | undefined, digits = 1) => (value === null || value === undefined || Number.isNaN(value) ? '—' : value.toFixed(digits));
const x = (value: number | null) => (value === null ? '—' : `${value}×`);

function backfillTable(size: string, entry: NonNullable<N8nBenchResults['backfill']>[string], k: number): string {
	const { ours } = entry;
	// Without a core run (--core-max) its column says so.
	const core = entry.core ?? ({ status: 'not run' } as unknown as BackfillResult);
	const ratios = entry.ratios ?? ({} as BackfillRatios);
	const x = (value: number | null | undefined) => (value === null || value === undefined ? '—' : `${value}×`);
	const row = (label: string, a: string | number | undefined, b: string | number | undefined, r: string) => [label, a ?? '—', b ?? '—', r];
	const body = table(`Backfill ${Number(size).toLocaleString('en-US')} affiliates in n8n (double's limits ×${k}; Klaviyo-time = scaled back to real limits)`, ['', 'ours', 'core', 'core/ours'], [
		row('Klaviyo calls', ours.calls, core.calls, x(ratios.calls)),
		row('429s drawn', ours.throttled_429, core.throttled_429, ''),
		row('wall at ×k (s)', s(ours.wall_s, 2), s(core.wall_s, 2), x(ratios.wall)),
		row('  of which job wait, job_s (s)', s(ours.job_s, 2), s(core.job_s, 2), ''),
		row('wall at ×k excl. jobs (s)', s(ours.wall_excl_jobs_s, 2), s(core.wall_excl_jobs_s, 2), x(ratios.wall_excl_jobs)),
		row('Klaviyo-time (s)', s(ours.real_s), s(core.real_s), x(ratios.real)),
		row('Klaviyo-time excl. jobs (s)', s(ours.real_excl_jobs_s), s(core.real_excl_jobs_s), x(ratios.real_excl_jobs)),
		row('floor of the calls at real tiers (s)', s(ours.floor_real_s), s(core.floor_real_s), ''),
		row('items lost', ours.lost, core.lost, ''),
		row('duplicate events', ours.duplicates, core.duplicates, ''),
		row('peak RSS, n8n process (MB)', ours.rss_mb, core.rss_mb, x(ratios.rss)),
		row('peak RSS, with task runner (MB)', ours.rss_tree_mb, core.rss_tree_mb, ''),
		row('execution status', ours.status, core.status, ''),
	]);
	const nodes = (result: BackfillResult) =>
		Object.entries(result.node_s ?? {})
			.filter(([, seconds]) => seconds >= 0.5)
			.map(([node, seconds]) => `${node} ${seconds} s`)
			.join(', ');
	return `${body}\n  ours, node run times: ${nodes(ours) || '—'}\n  core, node run times: ${nodes(core) || '—'}`;
}

function triggerTable(connections: string, row: TriggerRow, settings: string): string {
	const names: Record<TriggerTarget, string> = {
		webhook: '(a) Webhook → NoOp',
		diy: '(b) DIY: Webhook raw → Crypto → IF',
		ours: '(c) Affiliate Webhook Trigger, replay store off',
		ours_unsigned: '(c) with signature check None',
		ours_replay_store: '(c) default options: replay store on, full',
	};
	const measured = [...TRIGGER_TARGETS, ...EXTRA_TARGETS].filter((target) => row[target] !== undefined);
	return table(`Trigger, concurrency ${connections}, ${settings} (${row[measured[0]]?.requests} distinct ~2 KB Refersion conversions per round; each row is its median round by req/s, non-2xx summed over rounds)`, ['', 'req/s', 'p50 ms', 'p99 ms', 'CPU ms/delivery', 'non-2xx', 'req/s of each round'], [
		...measured.map((target) => {
			const measure = row[target]!;
			return [names[target], s(measure.rps), s(measure.p50_ms, 0), s(measure.p99_ms, 0), s(measure.cpu_ms), measure.non2xx, measure.rounds_rps?.join(' / ') ?? ''];
		}),
		['(c)/(a)', x(row.ratios.rps_ours_vs_webhook), '', '', x(row.ratios.cpu_ours_vs_webhook), '', ''],
		['(c)/(b)', x(row.ratios.rps_ours_vs_diy), '', '', x(row.ratios.cpu_ours_vs_diy), '', ''],
		...(row.ratios.rps_ours_replay_store_vs_webhook === undefined
			? []
			: [['(c) default options / (a), / (b)', `${x(row.ratios.rps_ours_replay_store_vs_webhook)} / ${x(row.ratios.rps_ours_replay_store_vs_diy ?? null)}`, '', '', '', '', '']]),
	]);
}

function scaleTable(scale: Record<string, ScaleResult>, growth: ScaleGrowth): string {
	const sizes = Object.keys(scale).sort((a, b) => Number(a) - Number(b));
	return table(
		`Scale: CSV backfill through ours (RSS excess over baseline per 1,000 rows: ${growth.mb_per_1000_rows_above_baseline.join(' → ')} MB; growth exponent ${growth.exponent ?? '—'}, 1 = linear)`,
		['rows', 'wall s', 'Klaviyo-time s', 'calls', 'lost', 'peak RSS MB', 'Extract From File alone MB', 'ratio'],
		sizes.map((size) => {
			const entry = scale[size];
			return [Number(size).toLocaleString('en-US'), s(entry.wall_s), s(entry.real_s), entry.calls, entry.lost, entry.rss_mb, entry.baseline_rss_mb, x(ratio(entry.rss_mb, entry.baseline_rss_mb))];
		}),
	);
}

export function printN8nTables(results: N8nBenchResults): string {
	const parts = [`n8n bench — ${JSON.stringify(results.machine)} ${JSON.stringify(results.meta)}`];
	for (const [size, entry] of Object.entries(results.backfill ?? {})) parts.push(backfillTable(size, entry, results.k));
	for (const [connections, row] of Object.entries(results.trigger ?? {})) parts.push(triggerTable(connections, row, String(results.meta.trigger_settings ?? "n8n's default settings")));
	for (const [connections, row] of Object.entries(results.trigger_lazy_acquire ?? {})) parts.push(triggerTable(connections, row, String(results.meta.trigger_lazy_acquire_settings ?? 'N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true')));
	if (results.scale && results.scale_growth) parts.push(scaleTable(results.scale, results.scale_growth));
	return parts.join('\n');
}

/** The JSON shape (plus extra keys): backfill sizes → ours/core, trigger concurrency → targets, scale, k. */
export function toJsonLine(results: N8nBenchResults): string {
	const backfill = results.backfill ?? {};
	return JSON.stringify({ backfill, trigger: results.trigger ?? {}, trigger_lazy_acquire: results.trigger_lazy_acquire, scale: results.scale ?? {}, scale_growth: results.scale_growth, k: results.k, machine: results.machine, meta: results.meta });
}

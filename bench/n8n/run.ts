/**
 * `npm run bench:n8n [-- --json] [--only backfill,trigger,scale] [--k 20] [--sizes 1000,10000]
 * [--scale-sizes 25000,50000,100000] [--requests 300] [--rounds 3] [--concurrency 1,8,32] [--job-ms 300] [--cpu-prof DIR]
 * [--n8n-version 2.41.1] [--targets webhook,diy,ours,ours_replay_store] [--core-max N] [--n8n-env NAME=value,…]
 * [--no-lazy-variant] [--ours-workflow ours-backfill-mapped.json]`
 *
 * The package inside real n8n 2.41.1 (the e2e install cache, installed from its `npm pack` tarball as a community
 * package) against the Klaviyo double, beside what a user would build from n8n's core nodes (bench/workflows/).
 * Figures, not a test: it exits 0 whatever they say. With --json, one JSON object on the last line.
 */
import { cpus, loadavg, totalmem } from 'node:os';

import { startKlaviyoDouble } from '../../test/double';
import { ensureN8n, N8N_TARGETS } from '../../test/e2e/n8nInstall';
import { N8nInstance } from '../../test/e2e/n8nInstance';
import { round } from '../lib/stats';
import { fullReplayStore, refersionDelivery } from '../lib/webhookBodies';
import { csvPath, executeWorkflow, runBackfill, writeAffiliateCsv } from './backfill';
import { backfillRatios, printN8nTables, scaleGrowth, toJsonLine, type N8nBenchResults, type ScaleResult } from './report';
import { packForBench } from './packageBuild';
import { prepareInstance } from './setup';
import { checkTriggerWorkflows, FIRST_BENCH_CONVERSION_ID, idleCpuRate, measureTrigger, medianRound, productionUrl, serverPid, TRIGGER_FILES, TRIGGER_TARGETS, withRatios, type TriggerMeasure, type TriggerRow, type TriggerTarget } from './trigger';

const log = (line: string) => process.stderr.write(`[bench:n8n ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

function listOption(args: string[], name: string, fallback: number[]): number[] {
	const index = args.indexOf(`--${name}`);
	if (index < 0) return fallback;
	const values = args[index + 1].split(',').map(Number);
	if (values.some((value) => !Number.isFinite(value) || value <= 0)) throw new Error(`--${name} needs positive numbers separated by commas`);
	return values;
}
const numberOption = (args: string[], name: string, fallback: number) => listOption(args, name, [fallback])[0];
const textOption = (args: string[], name: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : undefined);

async function main(args: string[]): Promise<void> {
	const json = args.includes('--json');
	const only = new Set((textOption(args, 'only') ?? 'backfill,trigger,scale').split(','));
	const k = numberOption(args, 'k', 20);
	const sizes = listOption(args, 'sizes', [1000, 10_000]);
	const scaleSizes = listOption(args, 'scale-sizes', [25_000, 50_000, 100_000]);
	const requests = numberOption(args, 'requests', 300);
	const concurrency = listOption(args, 'concurrency', [1, 8, 32]);
	const jobMs = numberOption(args, 'job-ms', 300);
	const rounds = numberOption(args, 'rounds', 3);
	if (!Number.isInteger(rounds)) throw new Error('--rounds needs a whole number');
	// Core spends one HTTP request and expression per affiliate per step: on a busy machine its 10,000 take an hour.
	const coreMax = numberOption(args, 'core-max', Infinity);
	const cpuProfileDir = textOption(args, 'cpu-prof');
	// n8n settings for both instances, e.g. N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true (reported in meta.n8n_env).
	const n8nEnv = Object.fromEntries(
		(textOption(args, 'n8n-env') ?? '')
			.split(',')
			.filter(Boolean)
			.map((pair) => {
				const at = pair.indexOf('=');
				if (at <= 0) throw new Error(`--n8n-env: NAME=value pairs separated by commas, got ${pair}`);
				return [pair.slice(0, at), pair.slice(at + 1)];
			}),
	);
	const targets = (textOption(args, 'targets') ?? [...TRIGGER_TARGETS, 'ours_replay_store'].join(',')).split(',') as TriggerTarget[];
	const known = Object.keys(TRIGGER_FILES);
	if (targets.some((target) => !known.includes(target))) throw new Error(`--targets: some of ${known.join(',')}`);
	const started = Date.now();
	N8nInstance.stopAllOnSignals(log);

	const { tarball, build } = packForBench(log);
	const version = textOption(args, 'n8n-version') ?? '2.41.1';
	const target = N8N_TARGETS.find((candidate) => candidate.version === version);
	if (!target) throw new Error(`--n8n-version: one of ${N8N_TARGETS.map((candidate) => candidate.version).join(', ')}`);
	const install = ensureN8n(target);
	const results: N8nBenchResults = {
		k,
		machine: { cpu: cpus()[0]?.model.trim(), cores: cpus().length, memory_gb: Math.round(totalmem() / 2 ** 30), node_bench: process.version },
		meta: { n8n: install.version, build, started: new Date(started).toISOString(), job_ms: jobMs, n8n_env: n8nEnv, ours_workflow: textOption(args, 'ours-workflow') ?? 'ours-backfill.json', load_average_at_start: loadavg().map((v) => round(v, 2)) },
	};

	// The trigger first: it is the shortest part, and the one a busy machine distorts least per delivery.
	if (only.has('trigger')) {
		// n8n 2.x builds an expression isolate for each delivery to a start node other than its own Webhook node
		// unless N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true; measured both ways (1.x has no isolates).
		const variants: Array<['trigger' | 'trigger_lazy_acquire', Record<string, string>]> = [['trigger', {}]];
		if (Number(install.version.split('.')[0]) >= 2 && !args.includes('--no-lazy-variant') && !('N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE' in n8nEnv)) {
			variants.push(['trigger_lazy_acquire', { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' }]);
		}
		for (const [key, variantEnv] of variants) {
			const profile: Record<string, string> = cpuProfileDir ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${cpuProfileDir}` } : {};
			results[key] = await measureTriggerTargets(install, tarball, { ...n8nEnv, ...variantEnv, ...profile }, { k, requests, rounds, concurrency, targets }, results.meta, key);
		}
	}

	if (only.has('backfill') || only.has('scale')) {
		const double = await startKlaviyoDouble({ quiet: true, seedLists: false, jobDurationMs: jobMs, rateLimits: { enabled: true, multiplier: k } });
		const n8n = await N8nInstance.create(install, { extraEnv: n8nEnv });
		try {
			// ours-backfill.json feeds Track the CSV rows (its fields read from the item); --ours-workflow
			// ours-backfill-mapped.json chains Track after Add to List, its fields mapped by expression from Parse CSV.
			const files = [textOption(args, 'ours-workflow') ?? 'ours-backfill.json', 'core-backfill.json', 'core-extract-csv.json'];
			const [ours, core, extract] = await prepareInstance(n8n, tarball, files, { doubleUrl: double.url, csvPath: csvPath(n8n), refersionSecret: 'unused', k });
			if (only.has('backfill')) {
				results.backfill = {};
				for (const size of sizes) {
					log(`backfill ${size}: ours`);
					const oursRun = await runBackfill(n8n, double, ours, size, k);
					if (size > coreMax) {
						log(`backfill ${size}: core skipped (--core-max ${coreMax}); ours took ${oursRun.wall_s} s`);
						results.backfill[size] = { ours: oursRun };
						continue;
					}
					log(`backfill ${size}: core (${oursRun.wall_s} s for ours)`);
					const coreRun = await runBackfill(n8n, double, core, size, k);
					log(`backfill ${size}: core took ${coreRun.wall_s} s`);
					results.backfill[size] = { ours: oursRun, core: coreRun, ratios: backfillRatios(oursRun, coreRun) };
				}
			}
			if (only.has('scale')) {
				const scale: Record<string, ScaleResult> = {};
				for (const size of scaleSizes) {
					log(`scale ${size}: Extract From File alone`);
					writeAffiliateCsv(csvPath(n8n), size, `base${size}`);
					const baseline = await executeWorkflow(n8n, extract.id);
					log(`scale ${size}: ours`);
					const run = await runBackfill(n8n, double, ours, size, k);
					log(`scale ${size}: RSS of n8n at each tenth of the run (MB): ours ${run.rss_tenths_mb?.join(' ')}; Extract From File alone ${baseline.memory.rss_tenths_mb?.join(' ')}`);
					scale[size] = { wall_s: run.wall_s, real_s: run.real_s, calls: run.calls, rss_mb: run.rss_mb, baseline_rss_mb: baseline.memory.main_mb, lost: run.lost, status: run.status };
				}
				results.scale = scale;
				results.scale_growth = scaleGrowth(scale);
			}
		} finally {
			await n8n.stop();
			await double.close();
		}
	}

	results.meta.bench_wall_s = round((Date.now() - started) / 1000, 1);
	results.meta.load_average_at_end = loadavg().map((v) => round(v, 2));
	process.stdout.write(`${printN8nTables(results)}\n`);
	if (json) process.stdout.write(`${toJsonLine(results)}\n`);
}

/** What a trigger table's title says of the n8n settings it ran with. */
const settingsLabel = (env: Record<string, string>) => {
	const set = Object.entries(env).filter(([name]) => name !== 'NODE_OPTIONS');
	return set.length === 0 ? "n8n's default settings" : set.map(([name, value]) => `${name}=${value}`).join(', ');
};

/** One n8n instance with the trigger workflows active: every target at every concurrency. */
async function measureTriggerTargets(
	install: ReturnType<typeof ensureN8n>,
	tarball: string,
	extraEnv: Record<string, string>,
	plan: { k: number; requests: number; rounds: number; concurrency: number[]; targets: TriggerTarget[] },
	meta: Record<string, unknown>,
	label: string,
): Promise<Record<string, TriggerRow>> {
	const delivery = refersionDelivery();
	// Every workflow is imported (the checks use them all); only the chosen targets are measured.
	const files = Object.values(TRIGGER_FILES);
	// `ours` runs without its replay store, as the core workflows have none; `ours_replay_store` keeps the default
	// options, its store already at the cap (5,000 earlier deliveries), as it is after a few days of use.
	const noReplayStore = { 'Affiliate Webhook Trigger': { options: { dropReplays: false } } };
	const overrides = { [TRIGGER_FILES.ours]: noReplayStore, [TRIGGER_FILES.ours_unsigned]: noReplayStore };
	const staticData = { [TRIGGER_FILES.ours_replay_store]: { 'node:Affiliate Webhook Trigger': fullReplayStore(delivery, FIRST_BENCH_CONVERSION_ID) } };
	meta[`${label}_settings`] = settingsLabel(extraEnv);
	const n8n = await N8nInstance.create(install, { extraEnv });
	try {
		const workflows = await prepareInstance(n8n, tarball, files, { doubleUrl: 'http://127.0.0.1:9', csvPath: csvPath(n8n), refersionSecret: delivery.secret, k: plan.k, overrides, staticData });
		for (const workflow of workflows) await n8n.cli(['update:workflow', `--id=${workflow.id}`, '--active=true']);
		await n8n.start();
		const pid = serverPid(n8n);
		const urls = Object.fromEntries(
			(Object.keys(TRIGGER_FILES) as TriggerTarget[]).map((target) => [target, productionUrl(n8n, workflows.find((workflow) => workflow.file === TRIGGER_FILES[target])!)]),
		) as Record<TriggerTarget, string>;
		meta[`${label}_checks`] = await checkTriggerWorkflows(n8n, urls, delivery, workflows.find((workflow) => workflow.file === TRIGGER_FILES.diy)!.id);
		log(`${label} checks: ${JSON.stringify(meta[`${label}_checks`])}`);
		const idle = await idleCpuRate(pid);
		log(`${label}: n8n pid ${pid}, idle CPU ${round(idle * 1000, 1)} ms/s, settings ${JSON.stringify(extraEnv)}`);
		const rows: Record<string, TriggerRow> = {};
		for (const connections of plan.concurrency) {
			// Rounds interleave the targets, so a burst of other work on the machine hits them alike; each target
			// reports its median round by requests/s, with every round's rate beside it.
			const rounds: Partial<Record<TriggerTarget, TriggerMeasure[]>> = {};
			for (let round = 1; round <= plan.rounds; round++) {
				for (const target of plan.targets) {
					const measure = await measureTrigger(urls[target], delivery, connections, plan.requests, pid, idle);
					(rounds[target] ??= []).push(measure);
					log(`${label} c=${connections} ${target} round ${round}: ${JSON.stringify(measure)}`);
				}
			}
			rows[connections] = withRatios(Object.fromEntries(Object.entries(rounds).map(([target, measures]) => [target, medianRound(measures!)])));
		}
		const [store] = n8n.query<{ bytes: number }>(`SELECT length(staticData) AS bytes FROM workflow_entity WHERE id = 'benchOursReplayS'`);
		meta[`${label}_replay_store_static_data_kb`] = Math.round((store?.bytes ?? 0) / 1024);
		return rows;
	} finally {
		await n8n.stop();
	}
}

main(process.argv.slice(2)).catch((error: Error) => {
	process.stderr.write(`bench:n8n failed: ${error.stack ?? String(error)}\n`);
	process.exitCode = 1;
});

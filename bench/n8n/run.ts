/**
 * `npm run bench:n8n [-- --json] [--only backfill,trigger,scale] [--k 20] [--sizes 1000,10000]
 * [--scale-sizes 25000,50000,100000] [--requests 300] [--concurrency 1,8,32] [--job-ms 300] [--cpu-prof DIR]
 * [--n8n-version 2.41.1] [--targets webhook,diy,ours] [--core-max N]`
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
import { refersionDelivery } from '../lib/webhookBodies';
import { csvPath, executeWorkflow, runBackfill, writeAffiliateCsv } from './backfill';
import { backfillRatios, printN8nTables, scaleGrowth, toJsonLine, type N8nBenchResults, type ScaleResult } from './report';
import { packForBench } from './packageBuild';
import { prepareInstance } from './setup';
import { checkTriggerWorkflows, idleCpuRate, measureTrigger, productionUrl, serverPid, TRIGGER_FILES, TRIGGER_TARGETS, withRatios, type TriggerMeasure, type TriggerTarget } from './trigger';

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
	// Core spends one HTTP request and expression per affiliate per step: on a busy machine its 10,000 take an hour.
	const coreMax = numberOption(args, 'core-max', Infinity);
	const cpuProfileDir = textOption(args, 'cpu-prof');
	const targets = (textOption(args, 'targets') ?? TRIGGER_TARGETS.join(',')).split(',') as TriggerTarget[];
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
		meta: { n8n: install.version, build, started: new Date(started).toISOString(), job_ms: jobMs, load_average_at_start: loadavg().map((v) => round(v, 2)) },
	};

	// The trigger first: it is the shortest part, and the one a busy machine distorts least per delivery.
	if (only.has('trigger')) {
		const delivery = refersionDelivery();
		// Every workflow is imported (the checks use them all); only the chosen targets are measured.
		const files = Object.values(TRIGGER_FILES);
		// Every request carries the same body: with the replay store on, ours would answer all but the first
		// "already received" without running the workflow, so it is off here, as the core workflows have none.
		const noReplayStore = { 'Affiliate Webhook Trigger': { options: { dropReplays: false } } };
		const overrides = { [TRIGGER_FILES.ours]: noReplayStore, [TRIGGER_FILES.ours_unsigned]: noReplayStore };
		const extraEnv: Record<string, string> = cpuProfileDir ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${cpuProfileDir}` } : {};
		const n8n = await N8nInstance.create(install, { extraEnv });
		try {
			const workflows = await prepareInstance(n8n, tarball, files, { doubleUrl: 'http://127.0.0.1:9', csvPath: csvPath(n8n), refersionSecret: delivery.secret, k, overrides });
			for (const workflow of workflows) await n8n.cli(['update:workflow', `--id=${workflow.id}`, '--active=true']);
			await n8n.start();
			const pid = serverPid(n8n);
			const urls = Object.fromEntries(
				(Object.keys(TRIGGER_FILES) as TriggerTarget[]).map((target) => [target, productionUrl(n8n, workflows.find((workflow) => workflow.file === TRIGGER_FILES[target])!)]),
			) as Record<TriggerTarget, string>;
			results.meta.trigger_checks = await checkTriggerWorkflows(n8n, urls, delivery, workflows.find((workflow) => workflow.file === TRIGGER_FILES.diy)!.id);
			log(`trigger checks: ${JSON.stringify(results.meta.trigger_checks)}`);
			const idle = await idleCpuRate(pid);
			log(`trigger: n8n pid ${pid}, idle CPU ${round(idle * 1000, 1)} ms/s`);
			results.trigger = {};
			for (const connections of concurrency) {
				const measures: Partial<Record<TriggerTarget, TriggerMeasure>> = {};
				for (const target of targets) {
					measures[target] = await measureTrigger(urls[target], delivery, connections, requests, pid, idle);
					log(`trigger c=${connections} ${target}: ${JSON.stringify(measures[target])}`);
				}
				results.trigger[connections] = withRatios(measures);
			}
		} finally {
			await n8n.stop();
		}
	}

	if (only.has('backfill') || only.has('scale')) {
		const double = await startKlaviyoDouble({ quiet: true, seedLists: false, jobDurationMs: jobMs, rateLimits: { enabled: true, multiplier: k } });
		const n8n = await N8nInstance.create(install);
		try {
			const files = ['ours-backfill.json', 'core-backfill.json', 'core-extract-csv.json'];
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

main(process.argv.slice(2)).catch((error: Error) => {
	process.stderr.write(`bench:n8n failed: ${error.stack ?? String(error)}\n`);
	process.exitCode = 1;
});

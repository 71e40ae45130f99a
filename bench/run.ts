/**
 * `npm run bench [-- --json] [--only backfill,single,storm,trigger,overhead,bodies] [--affiliates N] [--storm-affiliates N]
 * [--sample N] [--overhead-items N] [--job-ms N]`
 *
 * Runs the action nodes through n8n-core's WorkflowExecute against the Klaviyo double at Klaviyo's real rate
 * tiers (multiplier 1), beside a per-record baseline, and prints a table; with --json, one JSON object on the last
 * line. Figures, not a test: it exits 0 whatever the targets say (the table says PASS / FAIL).
 */
import './lib/env';

import { loadavg } from 'node:os';

import { ensureFreshBuild } from './lib/build';
import { loadAll } from './lib/dist';
import { machine, stopN8nTimers } from './lib/env';
import { HttpTap } from './lib/httpTap';
import { printTables } from './lib/printTables';
import { RemoteDouble } from './lib/remoteDouble';
import { evaluateTargets, toJson, type Results } from './lib/report';
import { round } from './lib/stats';
import { measurePipeline } from './scenarios/backfill';
import { runBaselineScenario } from './scenarios/baseline';
import { runBodies } from './scenarios/bodies';
import { runOverhead } from './scenarios/overhead';
import { runSingle } from './scenarios/single';
import { runStorm } from './scenarios/storm';
import { runTrigger } from './scenarios/trigger';

const SCENARIOS = ['backfill', 'single', 'storm', 'trigger', 'overhead', 'bodies'] as const;
/** Fixed, so runs compare; several, because ~30 calls make the drawn 429 share vary a lot with the seed. */
const STORM_SEEDS = [11, 12, 13];

function option(args: string[], name: string, fallback: number): number {
	const index = args.indexOf(`--${name}`);
	const value = index >= 0 ? Number(args[index + 1]) : fallback;
	if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} needs a number`);
	return value;
}

async function main(args: string[]): Promise<void> {
	const json = args.includes('--json');
	const onlyIndex = args.indexOf('--only');
	const only = new Set(onlyIndex >= 0 ? args[onlyIndex + 1].split(',') : SCENARIOS);
	const affiliates = option(args, 'affiliates', 10_000);
	const stormAffiliates = option(args, 'storm-affiliates', 2_000);
	const sample = option(args, 'sample', 300);
	const overheadItems = option(args, 'overhead-items', 10_000);
	const jobMs = option(args, 'job-ms', 300);
	const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
	const started = Date.now();

	const build = ensureFreshBuild(log);
	const { nodes, webhooks, RateGate, bodies: bodiesModules } = loadAll();
	const results: Results = {
		machine: machine(),
		meta: {
			started: new Date(started).toISOString(),
			build,
			rate_multiplier: 1,
			job_ms: jobMs,
			double: 'child process',
			// Wall times move with whatever else runs on the machine: the load is recorded beside them.
			load_average_at_start: loadavg().map((value) => round(value, 2)),
		},
	};

	if (only.has('trigger')) {
		log('trigger: verify + normalize timings');
		results.trigger = runTrigger(webhooks);
	}
	if (only.has('bodies')) {
		log('bodies: the worst signed bodies at the trigger\'s cap (issue 20)');
		results.bodies = runBodies(bodiesModules, log);
	}
	const needsDouble = ['backfill', 'single', 'storm'].some((name) => only.has(name));
	if (needsDouble) {
		const double = await RemoteDouble.start({ rateLimits: true, jobMs });
		// Listens on n8n-core's HTTP client for the client-side view of each call (send time, Retry-After).
		const tap = new HttpTap();
		try {
			// Compiles the double's validators for every operation and warms this process up, unmeasured.
			log('warm-up: one affiliate, then 150 (per-item and bulk paths)');
			await runSingle(double, nodes, webhooks, 1);
			await measurePipeline(double, nodes, 150, 'wu', tap);
			if (only.has('single')) {
				log('single: one affiliate end to end');
				results.single = await runSingle(double, nodes, webhooks, 10);
			}
			if (only.has('backfill')) {
				log(`backfill: ${affiliates} affiliates through the nodes`);
				const measured = await measurePipeline(double, nodes, affiliates, 'bf', tap);
				log(`backfill: baseline sample of ${sample} records, one call per record per step`);
				results.backfill = { nodes: measured, baseline: await runBaselineScenario(double, RateGate, affiliates, sample) };
			}
			if (only.has('storm')) {
				log(`storm: ${stormAffiliates} affiliates, clean, then 30 % 429 / 2 % 503 with ${STORM_SEEDS.length} fault seeds`);
				results.storm = await runStorm(double, nodes, stormAffiliates, tap, STORM_SEEDS);
			}
		} finally {
			await double.close();
		}
	}
	if (only.has('overhead')) {
		log(`overhead: CPU per item at ${overheadItems} items`);
		const double = await RemoteDouble.start({ rateLimits: false, jobMs: 0 });
		try {
			results.overhead = await runOverhead(double, nodes, overheadItems, 3);
		} finally {
			await double.close();
		}
	}

	results.meta.bench_wall_s = round((Date.now() - started) / 1000, 1);
	results.meta.load_average_at_end = loadavg().map((value) => round(value, 2));
	const targets = evaluateTargets(results);
	process.stdout.write(`${printTables(results, targets)}\n`);
	if (json) process.stdout.write(`${JSON.stringify(toJson(results, targets))}\n`);
}

main(process.argv.slice(2))
	.catch((error: Error) => {
		process.stderr.write(`bench failed: ${error.stack ?? String(error)}\n`);
		process.exitCode = 1;
	})
	.finally(() => {
		stopN8nTimers();
		// Whatever else n8n-core left scheduled, the figures are out: flush stdout, then leave.
		process.stdout.write('', () => process.exit());
	});

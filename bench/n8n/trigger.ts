import { readFileSync } from 'node:fs';

import type { N8nInstance } from '../../test/e2e/n8nInstance';
import { withConversionId, type SignedDelivery } from '../lib/webhookBodies';
import { ratio, round } from '../lib/stats';
import { cpuSeconds, processTree } from './processStats';
import type { BenchWorkflow } from './setup';

/** autocannon ships no types; these are the parts of its API the bench uses. */
interface CannonResult {
	latency: { p50: number; p99: number };
	non2xx: number;
	errors: number;
	timeouts: number;
	'2xx': number;
}
/** The run is also an event emitter ('response' per answered request). */
type Cannon = (options: Record<string, unknown>) => Promise<CannonResult> & { on(event: 'response', listener: () => void): void };
const autocannon = require('autocannon') as Cannon;

export const TRIGGER_TARGETS = ['webhook', 'diy', 'ours'] as const;
/**
 * `ours` runs with its replay store off, like the core workflows, which have none. Also measured: ours with its
 * default options (replay store on: each delivery's id is looked up and kept in the workflow's static data).
 * With --targets: ours with the signature check off, to see what reading the secret still costs.
 */
export const EXTRA_TARGETS = ['ours_replay_store', 'ours_unsigned'] as const;
export type TriggerTarget = (typeof TRIGGER_TARGETS)[number] | (typeof EXTRA_TARGETS)[number];

export const TRIGGER_FILES: Record<TriggerTarget, string> = {
	webhook: 'core-webhook-bare.json',
	diy: 'core-webhook-diy.json',
	ours: 'ours-trigger-refersion.json',
	ours_unsigned: 'ours-trigger-unsigned.json',
	ours_replay_store: 'ours-trigger-replay-store.json',
};
const ALL_TARGETS: TriggerTarget[] = [...TRIGGER_TARGETS, ...EXTRA_TARGETS];

export interface TriggerMeasure {
	requests: number;
	rps: number;
	p50_ms: number;
	p99_ms: number;
	/** n8n's CPU (user + system, its process tree) per delivery, idle use subtracted; the workflow runs included. */
	cpu_ms: number;
	non2xx: number;
	errors: number;
	/** Every round's requests/s when the target was measured more than once (this entry is the median round). */
	rounds_rps?: number[];
}

/**
 * The round with the median requests/s (the lower middle of an even count) — its latency and CPU too, so one row is
 * one real round — listing every round's rate; failures (non-2xx, errors) are summed over all rounds, never hidden.
 */
export function medianRound(measures: TriggerMeasure[]): TriggerMeasure {
	const sorted = [...measures].sort((a, b) => a.rps - b.rps);
	const median = sorted[Math.floor((sorted.length - 1) / 2)];
	if (measures.length === 1) return median;
	const sum = (key: 'non2xx' | 'errors') => measures.reduce((total, measure) => total + measure[key], 0);
	return { ...median, non2xx: sum('non2xx'), errors: sum('errors'), rounds_rps: measures.map((measure) => measure.rps) };
}

/** Production URL of a workflow's webhook: the Webhook node's path, or our trigger's `<webhookId>/webhook`. */
export function productionUrl(n8n: N8nInstance, workflow: BenchWorkflow): string {
	const trigger = workflow.nodes[0];
	const path = trigger.type === 'n8n-nodes-base.webhook' ? String(trigger.parameters.path) : `${trigger.webhookId}/webhook`;
	return `${n8n.baseUrl}/webhook/${path}`;
}

/** The pid of the `n8n start` this bench started (a descendant of this process running that instance's n8n). */
export function serverPid(n8n: N8nInstance): number {
	for (const pid of processTree(process.pid)) {
		let command = '';
		try {
			command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
		} catch {
			continue;
		}
		const args = command.split('\0');
		if (args.includes(n8n.install.n8nBin) && args.includes('start') && readFileSync(`/proc/${pid}/environ`, 'utf8').includes(`N8N_PORT=${n8n.port}\0`)) return pid;
	}
	throw new Error('the n8n server process was not found');
}

/**
 * Before measuring: each workflow does what it claims. The DIY workflow's last run went through "Verified" (not
 * "Rejected"), and our trigger answers a wrong signature 401.
 */
export async function checkTriggerWorkflows(n8n: N8nInstance, urls: Partial<Record<TriggerTarget, string>>, delivery: SignedDelivery, diyWorkflowId: string): Promise<Record<string, boolean | number>> {
	const send = async (url: string | undefined, headers: Record<string, string>) => (await fetch(url!, { method: 'POST', headers, body: delivery.rawBody })).status;
	// n8n answers its REST API a moment before it has registered the active workflows' webhooks (404 until then).
	const targets = ALL_TARGETS.filter((target) => urls[target] !== undefined);
	let statuses: number[] = [];
	for (let attempt = 0; attempt < 120; attempt++) {
		statuses = await Promise.all(targets.map(async (target) => await send(urls[target], delivery.headers)));
		if (!statuses.includes(404)) break;
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	await new Promise((resolve) => setTimeout(resolve, 2000));
	const [diy] = n8n.query<{ verified: number; rejected: number }>(
		`SELECT instr(d.data, '"Verified"') > 0 AS verified, instr(d.data, '"Rejected"') > 0 AS rejected FROM execution_data d
		 WHERE d.executionId = (SELECT max(id) FROM execution_entity WHERE workflowId = '${diyWorkflowId}')`,
	);
	const forged = await send(urls.ours, { ...delivery.headers, 'refersion-signature': Buffer.from('forged').toString('base64') });
	return {
		all_answered_200: statuses.every((status) => status === 200),
		...Object.fromEntries(targets.map((target, index) => [`status_${target}`, statuses[index]])),
		diy_went_through_verified: diy?.verified === 1 && diy?.rejected === 0,
		ours_forged_signature_401: forged === 401,
	};
}

const treeCpu = (pid: number) => processTree(pid).reduce((sum, child) => sum + (cpuSeconds(child) || 0), 0);

/** Waits until n8n has finished the executions the requests started: its CPU stops moving. */
async function settle(pid: number, idleRate: number, timeoutMs = 120_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	let last = treeCpu(pid);
	let quiet = 0;
	while (Date.now() < deadline && quiet < 2) {
		await new Promise((resolve) => setTimeout(resolve, 300));
		const now = treeCpu(pid);
		quiet = now - last <= idleRate * 0.3 + 0.01 ? quiet + 1 : 0;
		last = now;
	}
}

/** n8n's CPU seconds per second while nothing is sent (timers, its task runner's heartbeats). */
export async function idleCpuRate(pid: number, ms = 3000): Promise<number> {
	const before = treeCpu(pid);
	await new Promise((resolve) => setTimeout(resolve, ms));
	return (treeCpu(pid) - before) / (ms / 1000);
}

/** Conversion ids the bench sends count up from here; a pre-filled replay store holds the ids below it. */
export const FIRST_BENCH_CONVERSION_ID = 900_000;
let nextConversionId = FIRST_BENCH_CONVERSION_ID;

/** POSTs `requests` signed conversions (each its own id) at `connections` concurrency and measures n8n while it does. */
export async function measureTrigger(
	url: string,
	delivery: SignedDelivery,
	connections: number,
	requests: number,
	pid: number,
	idleRate: number,
): Promise<TriggerMeasure> {
	// Every request is a new conversion (its own id, signed again), as a platform sends them: a replay store keeps
	// each one, as it would in use. The targets without a store do the same work whatever the id.
	const distinct = () => withConversionId(delivery, nextConversionId++);
	const requestsSpec = [{ setupRequest: (request: Record<string, unknown>) => {
		const next = distinct();
		return { ...request, headers: next.headers, body: next.rawBody };
	} }];
	const options = { url, method: 'POST', headers: delivery.headers, body: delivery.rawBody, requests: requestsSpec, connections, amount: requests, timeout: 60 };
	await autocannon({ ...options, amount: Math.max(connections, 10) });
	await settle(pid, idleRate);
	const cpuBefore = treeCpu(pid);
	const started = Date.now();
	// autocannon's duration, and when its promise settles, go by whole seconds (its sampling tick): too coarse for a
	// few hundred requests. The time of the last response is what the rate is measured to.
	const instance = autocannon(options);
	let lastResponse = started;
	instance.on('response', () => (lastResponse = Date.now()));
	const result = await instance;
	const sending = (lastResponse - started) / 1000;
	await settle(pid, idleRate);
	const elapsed = (Date.now() - started) / 1000;
	const cpu = treeCpu(pid) - cpuBefore - idleRate * elapsed;
	return {
		requests,
		// Answered with a 2xx only: a fast 401 or 404 must not count as a delivery served.
		rps: sending > 0 ? round(result['2xx'] / sending, 1) : 0,
		p50_ms: result.latency.p50,
		p99_ms: result.latency.p99,
		cpu_ms: round((cpu * 1000) / requests, 1),
		non2xx: result.non2xx,
		errors: result.errors + result.timeouts,
	};
}

export type TriggerRow = Partial<Record<TriggerTarget, TriggerMeasure>> & {
	ratios: {
		rps_ours_vs_webhook: number | null;
		rps_ours_vs_diy: number | null;
		cpu_ours_vs_webhook: number | null;
		cpu_ours_vs_diy: number | null;
		/** The same for ours with its default options (replay store on). */
		rps_ours_replay_store_vs_webhook?: number | null;
		rps_ours_replay_store_vs_diy?: number | null;
	};
};

/** (c)/(a) and (c)/(b); null where a target was not measured (--targets). */
export function withRatios(measures: Partial<Record<TriggerTarget, TriggerMeasure>>): TriggerRow {
	const of = (a: TriggerMeasure | undefined, b: TriggerMeasure | undefined, key: 'rps' | 'cpu_ms') => (a && b ? ratio(a[key], b[key]) : null);
	return {
		...measures,
		ratios: {
			rps_ours_vs_webhook: of(measures.ours, measures.webhook, 'rps'),
			rps_ours_vs_diy: of(measures.ours, measures.diy, 'rps'),
			cpu_ours_vs_webhook: of(measures.ours, measures.webhook, 'cpu_ms'),
			cpu_ours_vs_diy: of(measures.ours, measures.diy, 'cpu_ms'),
			...(measures.ours_replay_store
				? { rps_ours_replay_store_vs_webhook: of(measures.ours_replay_store, measures.webhook, 'rps'), rps_ours_replay_store_vs_diy: of(measures.ours_replay_store, measures.diy, 'rps') }
				: {}),
		},
	};
}

import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import { rateLimitFloorSeconds } from '../../test/double';
import type { KlaviyoDouble, RequestLogEntry } from '../../test/double/types';
import type { N8nInstance } from '../../test/e2e/n8nInstance';
import { admitted, countByOperation, jobWaits, total } from '../lib/analysis';
import { AFFILIATE_LIST, affiliateRows } from '../lib/data';
import { checkOutcome } from '../lib/outcome';
import { round } from '../lib/stats';
import { MemorySampler, type MemoryPeak } from './processStats';
import { batchingOf } from './setup';

/** The CSV export the backfill workflows read (the same file for ours and core). */
export function csvPath(n8n: N8nInstance): string {
	return join(n8n.userFolder, 'files', 'affiliates.csv');
}

/** `count` affiliates as an affiliate platform's CSV export has them: the bench's rows plus offer and affiliate IDs. */
export function writeAffiliateCsv(path: string, count: number, tag: string): IDataObject[] {
	const rows = affiliateRows(count, tag).map((row, index) => ({ ...row, affiliate_id: String(100_000 + index), offer_id: '12', offer_name: 'Spring 20%' }));
	const columns = Object.keys(rows[0]);
	mkdirSync(join(path, '..'), { recursive: true });
	writeFileSync(path, `${[columns.join(','), ...rows.map((row) => columns.map((column) => row[column as keyof typeof row]).join(','))].join('\n')}\n`);
	return rows;
}

export interface ExecuteRun {
	status: string;
	/** From n8n's own execution record: startedAt → stoppedAt. */
	wall_s: number;
	/** The whole `n8n execute` process, start-up and saving the execution included. */
	process_s: number;
	memory: MemoryPeak;
	/** Each node's own run time, from n8n's execution record. */
	node_s: Record<string, number>;
	error?: string;
}

/** The execution data of a 100,000-row run is larger than the query helper's output buffer: then no node times. */
function nodeSecondsIfReadable(n8n: N8nInstance, executionId: number): Record<string, number> {
	try {
		return nodeSeconds(n8n, executionId);
	} catch {
		return {};
	}
}

/** Node run times (executionTime) from n8n's stored execution data, which n8n keeps in the `flatted` format. */
function nodeSeconds(n8n: N8nInstance, executionId: number): Record<string, number> {
	const [row] = n8n.query<{ data: string }>(`SELECT data FROM execution_data WHERE executionId = ${executionId}`);
	if (!row) return {};
	const { parse } = require(join(n8n.install.dir, 'node_modules', 'flatted')) as { parse(text: string): unknown };
	const runData = (parse(row.data) as { resultData?: { runData?: Record<string, Array<{ executionTime?: number }>> } }).resultData?.runData ?? {};
	return Object.fromEntries(Object.entries(runData).map(([node, runs]) => [node, round(runs.reduce((sum, run) => sum + (run.executionTime ?? 0), 0) / 1000, 2)]));
}

/** n8n's SQLite timestamps are UTC without a zone ("2026-12-02 07:30:00.123"). */
const sqliteTime = (text: string) => Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.replace(' ', 'T')}Z`);

/** Runs one workflow with `n8n execute` (a fresh n8n process, so its peak RSS belongs to this run alone). */
export async function executeWorkflow(n8n: N8nInstance, workflowId: string): Promise<ExecuteRun> {
	const started = Date.now();
	const child = spawn(n8n.install.nodeBin, [n8n.install.n8nBin, 'execute', `--id=${workflowId}`], { env: n8n.env(), stdio: ['ignore', 'pipe', 'pipe'] });
	const sampler = new MemorySampler(child.pid!);
	let output = '';
	const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
	child.stdout?.on('data', keep);
	child.stderr?.on('data', keep);
	const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
	const memory = sampler.stop();
	const [record] = n8n.query<{ id: number; status: string; startedAt: string; stoppedAt: string }>(
		`SELECT id, status, startedAt, stoppedAt FROM execution_entity WHERE workflowId = '${workflowId}' ORDER BY id DESC LIMIT 1`,
	);
	const wall = record ? (sqliteTime(record.stoppedAt) - sqliteTime(record.startedAt)) / 1000 : NaN;
	return {
		status: record?.status ?? `no execution (exit ${code})`,
		wall_s: round(wall, 2),
		process_s: round((Date.now() - started) / 1000, 2),
		memory,
		node_s: record ? nodeSecondsIfReadable(n8n, record.id) : {},
		...(code !== 0 || record?.status !== 'success' ? { error: output.slice(-1500) } : {}),
	};
}

export interface BackfillResult {
	affiliates: number;
	calls: number;
	calls_by_operation: Record<string, number>;
	throttled_429: number;
	wall_s: number;
	/** Waiting on bulk jobs a node polls (ours: the profile import job); core polls none. */
	job_s: number;
	wall_excl_jobs_s: number;
	/** wall scaled back to Klaviyo's real limits (see realSeconds). */
	real_s: number;
	real_excl_jobs_s: number;
	/** The least time Klaviyo's real tiers allow for the calls made. */
	floor_real_s: number;
	lost: number;
	duplicates: number;
	misnamed: number;
	rss_mb: number;
	rss_tree_mb: number;
	rss_tenths_mb?: number[];
	process_s: number;
	node_s: Record<string, number>;
	status: string;
	error?: string;
}

/** Waits until every job the double accepted has taken effect (a look at the state applies due jobs). */
async function settleJobs(double: KlaviyoDouble, timeoutMs = 120_000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const state = double.state();
		if (state.jobs.every((job) => job.status === 'complete') || Date.now() > deadline) return state;
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

/**
 * Klaviyo-time: the run had limits k times Klaviyo's, and core's batches were k times larger. In real Klaviyo the
 * batching pauses are those of the committed workflow (one pause per batch of the real size), and no client can
 * beat the real tiers' floor; the rest of the wall (n8n's work, the requests themselves) stays as measured.
 */
export function realSeconds(file: string, items: Record<string, number>, wall: number, k: number, log: RequestLogEntry[]): { real: number; floor: number } {
	const pauses = (sized: (batchSize: number) => number) =>
		batchingOf(file).reduce((sum, { node, batchSize, intervalMs }) => sum + Math.max(0, Math.ceil((items[node] ?? 0) / sized(batchSize)) - 1) * (intervalMs / 1000), 0);
	const pausedAtK = pauses((batchSize) => Math.round(batchSize * k));
	const pausedReal = pauses((batchSize) => batchSize);
	const floor = rateLimitFloorSeconds(countByOperation(log, admitted));
	const floorAtK = floor / k;
	return { real: wall + Math.max(0, pausedReal - pausedAtK, floor - floorAtK), floor };
}

/** Items each batched node of a workflow receives: every affiliate, but one item per 1,000 for the subscription job. */
const itemsPerNode = (affiliates: number): Record<string, number> => ({
	'Find Existing Profile': affiliates,
	'Create or Update Profile': affiliates,
	'Subscribe to Affiliates List': Math.ceil(affiliates / 1000),
	'Track Affiliate Approved': affiliates,
});

/** One backfill: a fresh double account, `count` affiliates in the CSV, the workflow executed, the end state checked. */
export async function runBackfill(
	n8n: N8nInstance,
	double: KlaviyoDouble,
	workflow: { id: string; file: string },
	count: number,
	k: number,
): Promise<BackfillResult> {
	double.reset();
	double.seed({ lists: [AFFILIATE_LIST] });
	const rows = writeAffiliateCsv(csvPath(n8n), count, `${workflow.id.slice(5, 9).toLowerCase()}${count}`);
	const run = await executeWorkflow(n8n, workflow.id);
	const state = await settleJobs(double);
	const log = double.requests().filter((entry) => entry.path.startsWith('/api/'));
	const calls = countByOperation(log);
	const outcome = checkOutcome(rows, state, []);
	const job = jobWaits(log, state, []).reduce((sum, wait) => sum + wait.waitedMs, 0) / 1000;
	const { real, floor } = realSeconds(workflow.file, itemsPerNode(count), run.wall_s, k, log);
	return {
		affiliates: count,
		calls: total(calls),
		calls_by_operation: calls,
		throttled_429: log.filter((entry) => entry.status === 429).length,
		wall_s: run.wall_s,
		job_s: round(job, 2),
		wall_excl_jobs_s: round(run.wall_s - job, 2),
		real_s: round(real, 1),
		real_excl_jobs_s: round(real - job, 1),
		floor_real_s: floor,
		lost: outcome.lost,
		duplicates: outcome.duplicates,
		misnamed: outcome.misnamedProperties,
		rss_mb: run.memory.main_mb,
		rss_tree_mb: run.memory.tree_mb,
		rss_tenths_mb: run.memory.rss_tenths_mb,
		process_s: run.process_s,
		node_s: run.node_s,
		status: run.status,
		...(run.error ? { error: run.error } : {}),
	};
}

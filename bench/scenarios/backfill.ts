import type { DoubleState, RequestLogEntry } from '../../test/double/types';
import {
	admitted,
	applyingIntervals,
	countByOperation,
	floorSeconds,
	jobWaits,
	serverIntervals,
	stepBreakdown,
	timeline,
	total,
	type JobWait,
	type OperationTimeline,
	type StepBreakdown,
} from '../lib/analysis';
import { AFFILIATE_LIST, affiliateRows } from '../lib/data';
import type { ActionNodes } from '../lib/dist';
import { logicalCalls, retryWaitIntervals, type HttpTap, type LogicalCall } from '../lib/httpTap';
import { covered, type Interval } from '../lib/intervals';
import { checkOutcome, type Outcome } from '../lib/outcome';
import { runPipeline, type PipelineRun } from '../lib/pipeline';
import type { RemoteDouble } from '../lib/remoteDouble';
import { round } from '../lib/stats';

export interface PipelineMeasure {
	affiliates: number;
	calls: number;
	callsByOperation: Record<string, number>;
	/** Requests the double refused with its own limiter (not injected faults): the gate paced too fast. */
	throttledByLimiter: number;
	/** The double's own 429s: operation and seconds after the first step started. */
	limiterThrottles: Array<{ operation: string | null; at_s: number }>;
	/** The three nodes' own run time, back to back. */
	wall_s: number;
	floor_s: number;
	/**
	 * The part of the wall that was the double's simulated bulk-job processing: for each job a node waited on,
	 * due_at − created_at plus the double's time applying it (see jobWaits); plus the time the nodes' calls sat
	 * queued while the double's one thread applied other jobs (Klaviyo does that on other machines).
	 */
	job_time_in_wall_s: number;
	job_processing_waited_s: number;
	job_queued_behind_other_jobs_s: number;
	/** How long the nodes waited on the jobs they poll (creation → end of the poll that saw them complete). */
	job_wait_s: number;
	job_polls: number;
	/** job_wait_s − job_processing_waited_s: what the polling schedule added. */
	poll_overshoot_s: number;
	/** The double busy applying fire-and-forget jobs while the nodes ran, whether or not a call waited for it. */
	double_applying_other_jobs_s: number;
	wall_excl_jobs_s: number;
	/** Σ of the double's own time answering (spec validation of every request and answer included). */
	server_s: number;
	/** CPU time of the bench process during the three nodes' runs (n8n-core, the nodes, the HTTP client). */
	cpu_s: number;
	steps: StepBreakdown[];
	timeline: Record<string, OperationTimeline>;
	/** Around the harness runs, item source and workflow setup included. */
	outer_s: number;
	outcome: Outcome;
	/** For the storm's analysis (not printed): attempts grouped into calls, the log, the breakdown's inputs. */
	calls_detail: LogicalCall[];
	log: RequestLogEntry[];
	state: DoubleState;
	run: PipelineRun;
	waits: JobWait[];
}

/**
 * Runs the pipeline over `count` fresh affiliates on a reset double and measures calls, time and end state. The
 * double settles due jobs in the background meanwhile (see RemoteDouble.startSettling).
 */
export async function measurePipeline(
	double: RemoteDouble,
	nodes: ActionNodes,
	count: number,
	tag: string,
	tap: HttpTap,
	prepare?: () => Promise<void>,
): Promise<PipelineMeasure> {
	await double.reset();
	await double.seed({ lists: [AFFILIATE_LIST] });
	await prepare?.();
	const rows = affiliateRows(count, tag);
	tap.start();
	double.startSettling();
	const cpuBefore = process.cpuUsage();
	const run = await runPipeline(nodes, double.url, rows);
	const cpu = process.cpuUsage(cpuBefore);
	const settling = double.stopSettling();
	const records = tap.stop();
	const log = await double.requests();
	await double.setFaults([]);
	const state = await double.settleJobs();

	const origin = run.steps[0].startMs;
	const last = run.steps[run.steps.length - 1];
	const end = last.startMs + last.ms;
	const calls = logicalCalls(records);
	const server = serverIntervals(log);
	const applying = applyingIntervals(state, settling, server);
	const waits = jobWaits(log, state, applying);
	const waitWindows = waits.map((wait): Interval => [wait.from, wait.to]);
	const steps = stepBreakdown(run, {
		server,
		client: records.map((record): Interval => [record.sentAt, record.doneAt]),
		jobWaits: waitWindows,
		applying,
		retryWaits: retryWaitIntervals(calls),
	});
	const wall = run.nodesMs / 1000;
	const waited = waits.reduce((sum, wait) => sum + wait.processingMs + wait.appliedMs, 0) / 1000;
	const queued = steps.reduce((sum, step) => sum + step.queuedBehindJobsMs, 0) / 1000;
	const jobWait = waits.reduce((sum, wait) => sum + wait.waitedMs, 0) / 1000;
	const callsByOperation = countByOperation(log);
	const limiter = log.filter((entry) => entry.status === 429 && entry.fault === undefined);
	return {
		affiliates: count,
		calls: total(callsByOperation),
		callsByOperation,
		throttledByLimiter: limiter.length,
		limiterThrottles: limiter.map((entry) => ({ operation: entry.operationId, at_s: round((Date.parse(entry.startedAt) - origin) / 1000, 3) })),
		wall_s: round(wall, 3),
		floor_s: floorSeconds(countByOperation(log, admitted)),
		job_time_in_wall_s: round(waited + queued, 3),
		job_processing_waited_s: round(waited, 3),
		job_queued_behind_other_jobs_s: round(queued, 3),
		job_wait_s: round(jobWait, 3),
		job_polls: waits.reduce((sum, wait) => sum + wait.polls, 0),
		poll_overshoot_s: round(jobWait - waited, 3),
		double_applying_other_jobs_s: round((covered([...applying, ...waitWindows], origin, end) - covered(waitWindows, origin, end)) / 1000, 3),
		wall_excl_jobs_s: round(wall - waited - queued, 3),
		server_s: round(log.reduce((sum, entry) => sum + (entry.path.startsWith('/api/') ? entry.durationMs : 0), 0) / 1000, 3),
		cpu_s: round((cpu.user + cpu.system) / 1e6, 3),
		steps,
		timeline: timeline(log, origin),
		outer_s: round(run.outerMs / 1000, 3),
		outcome: checkOutcome(rows, state, run.steps),
		calls_detail: calls,
		log,
		state,
		run,
		waits,
	};
}

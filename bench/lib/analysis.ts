import { rateLimitFloorSeconds } from '../../test/double';
import type { DoubleState, RequestLogEntry } from '../../test/double/types';
import { covered, intersect, type Interval } from './intervals';
import type { PipelineRun } from './pipeline';

const apiCalls = (log: RequestLogEntry[]) => log.filter((entry) => entry.path.startsWith('/api/'));
const startOf = (entry: RequestLogEntry) => Date.parse(entry.startedAt);
const endOf = (entry: RequestLogEntry) => Date.parse(entry.startedAt) + entry.durationMs;

/** Calls the double let through: a faulted or throttled request takes no rate-limit quota. */
export const admitted = (entry: RequestLogEntry) => entry.fault === undefined && entry.status !== 429;

export function countByOperation(log: RequestLogEntry[], keep: (entry: RequestLogEntry) => boolean = () => true) {
	const counts: Record<string, number> = {};
	for (const entry of apiCalls(log).filter(keep)) {
		const key = entry.operationId ?? `${entry.method} ${entry.path}`;
		counts[key] = (counts[key] ?? 0) + 1;
	}
	return counts;
}

export const total = (counts: Record<string, number>) => Object.values(counts).reduce((sum, n) => sum + n, 0);

/** The least seconds Klaviyo's tiers allow for these calls (the double's arithmetic: the slowest bucket). */
export const floorSeconds = (counts: Record<string, number>) => rateLimitFloorSeconds(counts);

export interface JobWait {
	jobId: string;
	polls: number;
	/** due_at − created_at: the double's simulated processing time. */
	processingMs: number;
	/**
	 * The double applying the job's effects after due_at (10,000 profiles take it ~1 s): work Klaviyo does in the
	 * background, so it is job processing too, not the node's time. Measured as the time, between due_at and the
	 * end of the last poll, that the double was applying jobs (see applyingIntervals) or answering that poll.
	 */
	appliedMs: number;
	/** From the job's creation to the end of the poll that saw it complete: how long the node waited for it. */
	waitedMs: number;
	/** Epoch ms of creation and of the end of the last poll. */
	from: number;
	to: number;
}

/**
 * Jobs the nodes waited on are those they polled (only Upsert's profile-bulk-import jobs are polled; subscribe
 * and event jobs are fire-and-forget). Their processing time is due_at − created_at from the double's job record
 * plus the double's time applying them (see appliedMs); the node's wait is measured from created_at to the end of
 * its last poll, so wait − processing is what the polling schedule added on top (the first poll comes
 * `bulkPollIntervalMs`, 1 s by default, after creation, then the interval doubles).
 */
export function jobWaits(log: RequestLogEntry[], state: DoubleState, applying: Interval[]): JobWait[] {
	const polls = new Map<string, RequestLogEntry[]>();
	for (const entry of apiCalls(log)) {
		const match = entry.method === 'GET' ? /^\/api\/profile-bulk-import-jobs\/([^/]+)\/?$/.exec(entry.path) : null;
		if (!match || !admitted(entry)) continue;
		polls.set(match[1], [...(polls.get(match[1]) ?? []), entry]);
	}
	return [...polls].map(([jobId, entries]) => {
		const job = state.jobs.find((candidate) => candidate.id === jobId);
		const created = job ? Date.parse(job.created_at) : startOf(entries[0]);
		const due = job ? Date.parse(job.due_at) : created;
		const last = entries.reduce((latest, entry) => (endOf(entry) > endOf(latest) ? entry : latest));
		const appliedMs = covered([...applying, [startOf(last), endOf(last)]], due, endOf(last));
		return { jobId, polls: entries.length, processingMs: due - created, appliedMs, waitedMs: endOf(last) - created, from: created, to: endOf(last) };
	});
}

export interface OperationTimeline {
	calls: number;
	/** Seconds after the pipeline started. */
	firstStart: number;
	lastEnd: number;
	/** The double's own time answering them (spec validation included). */
	serverMs: number;
}

export function timeline(log: RequestLogEntry[], origin: number): Record<string, OperationTimeline> {
	const byOperation: Record<string, OperationTimeline> = {};
	for (const entry of apiCalls(log)) {
		const key = entry.operationId ?? entry.path;
		const line = (byOperation[key] ??= { calls: 0, firstStart: Infinity, lastEnd: 0, serverMs: 0 });
		line.calls += 1;
		line.firstStart = Math.min(line.firstStart, (startOf(entry) - origin) / 1000);
		line.lastEnd = Math.max(line.lastEnd, (endOf(entry) - origin) / 1000);
		line.serverMs += entry.durationMs;
	}
	return byOperation;
}

export interface StepBreakdown {
	step: string;
	ms: number;
	/** Waiting for a bulk job the node polls (its processing + polling overshoot). */
	jobWaitMs: number;
	/** A call was outstanding while the double's one thread applied earlier jobs (subscribe, events). */
	queuedBehindJobsMs: number;
	/** The double was answering one of the step's calls. */
	inCallsMs: number;
	/** The rest of the time a call was outstanding: HTTP client, loopback, queueing behind other requests. */
	clientMs: number;
	/** Between a failed attempt's answer and its retry (Retry-After or backoff sleep, gate hold). */
	retryWaitMs: number;
	/** None of those: n8n-core and the node's own work, rate-gate pacing. */
	otherMs: number;
}

/** When things happened during a run, as epoch-ms intervals. */
export interface RunIntervals {
	/** The double answering each call (its log: startedAt + durationMs). */
	server: Interval[];
	/** Each attempt as n8n-core's HTTP client saw it (the tap: sent → answered). */
	client: Interval[];
	/** Creation → end of the last poll of each job a node waited on. */
	jobWaits: Interval[];
	/** The double busy applying due jobs (see applyingIntervals). */
	applying: Interval[];
	retryWaits: Interval[];
}

/**
 * Splits each step's wall time into disjoint parts, in the order listed in StepBreakdown: a moment that is
 * several things at once counts as the first.
 */
export function stepBreakdown(run: PipelineRun, intervals: RunIntervals): StepBreakdown[] {
	const layers: Interval[][] = [
		intervals.jobWaits,
		intersect(intervals.client, intervals.applying),
		intervals.server,
		intervals.client,
		intervals.retryWaits,
	];
	return run.steps.map((step) => {
		const from = step.startMs;
		const to = step.startMs + step.ms;
		// Cumulative coverage after each layer: the differences are the disjoint parts.
		const cumulative = layers.map((_, index) => covered(layers.slice(0, index + 1).flat(), from, to));
		const part = (index: number) => Math.round(cumulative[index] - (index > 0 ? cumulative[index - 1] : 0));
		return {
			step: step.step,
			ms: step.ms,
			jobWaitMs: part(0),
			queuedBehindJobsMs: part(1),
			inCallsMs: part(2),
			clientMs: part(3),
			retryWaitMs: part(4),
			otherMs: Math.round(Math.max(0, step.ms - cumulative[layers.length - 1])),
		};
	});
}

/**
 * When the double was applying jobs: a job's completed_at is the instant the double began applying it (due jobs
 * are applied in one pass, in the first request it handles after due_at — one of the bench's settling calls, or a
 * node's call), and the pass ends when that request is answered.
 */
export function applyingIntervals(state: DoubleState, settling: Interval[], server: Interval[]): Interval[] {
	const requests = [...settling, ...server];
	const applying: Interval[] = [];
	for (const job of state.jobs) {
		if (!job.completed_at) continue;
		const start = Date.parse(job.completed_at);
		// Times are whole milliseconds on both sides: allow 1 ms of rounding.
		const carrier = requests.find(([from, to]) => start >= from - 1 && start <= to);
		if (carrier) applying.push([start, carrier[1]]);
	}
	return applying;
}

/** The double's log entries as intervals. */
export const serverIntervals = (log: RequestLogEntry[]): Interval[] => apiCalls(log).map((entry) => [startOf(entry), endOf(entry)]);

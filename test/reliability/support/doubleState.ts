import { setTimeout as sleep } from 'node:timers/promises';

import type { KlaviyoDouble, RequestLogEntry } from '../../double/types';

/** Bulk jobs take simulated time in the double before their effects show. */
export async function settleJobs(double: KlaviyoDouble): Promise<void> {
	for (let i = 0; i < 300 && double.state().jobs.some((job) => job.status !== 'complete' && job.status !== 'cancelled'); i++) {
		await sleep(10);
	}
}

/** Requests per operation id. */
export function callsOf(requests: RequestLogEntry[]): Record<string, number> {
	const calls: Record<string, number> = {};
	for (const entry of requests) if (entry.operationId) calls[entry.operationId] = (calls[entry.operationId] ?? 0) + 1;
	return calls;
}

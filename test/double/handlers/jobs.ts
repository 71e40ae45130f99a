import { StoredJob } from '../state';
import { StateJob } from '../types';
import { HandlerContext } from './types';

/** Creates a queued job that completes `jobDurationMs` after it was accepted (see Store.settle). */
export function queueJob(ctx: HandlerContext, type: StateJob['type'], totalCount: number, payload: unknown, listIds: string[] = []): StoredJob {
	const job: StoredJob = {
		id: ctx.store.ids.ulid(),
		type,
		status: 'queued',
		created_at: new Date(ctx.now).toISOString(),
		due_at: new Date(ctx.now + ctx.jobDurationMs).toISOString(),
		completed_at: null,
		total_count: totalCount,
		completed_count: 0,
		failed_count: 0,
		list_ids: listIds,
		profile_ids: [],
		import_errors: [],
		payload,
	};
	ctx.store.addJob(job);
	return job;
}

import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

import type { DoubleState, FaultRule, RequestLogEntry, SeedData } from '../../test/double/types';
import { REPO_ROOT } from './paths';

export interface RemoteDoubleOptions {
	/** false: no 429s from the double's limiter (the node overhead runs measure CPU, not waiting). */
	rateLimits: boolean;
	jobMs: number;
}

/**
 * The Klaviyo double in a child process, driven through its control API. In a child, the double's own CPU
 * (spec validation of every request and answer, the store) runs beside the nodes instead of on their event loop,
 * as Klaviyo's servers would: the bench process's wall and CPU time are then the nodes' and n8n-core's alone.
 */
export class RemoteDouble {
	private constructor(
		private readonly child: ChildProcess,
		readonly url: string,
	) {}

	static async start(options: RemoteDoubleOptions): Promise<RemoteDouble> {
		const args = [join(REPO_ROOT, 'test/double/cli.ts'), '--port', '0', '--quiet', '--job-ms', String(options.jobMs)];
		if (!options.rateLimits) args.push('--no-rate-limits');
		else args.push('--rate-multiplier', '1');
		const child = spawn(join(REPO_ROOT, 'node_modules/.bin/tsx'), args, {
			cwd: REPO_ROOT,
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		const url = await new Promise<string>((resolve, reject) => {
			let seen = '';
			const timer = setTimeout(() => reject(new Error(`Klaviyo double did not start: ${seen}`)), 30_000);
			child.once('exit', (code) => reject(new Error(`Klaviyo double exited with ${code}: ${seen}`)));
			child.stdout?.on('data', (chunk: Buffer) => {
				seen += chunk.toString('utf8');
				const match = /listening on (http:\/\/\S+)/.exec(seen);
				if (match) {
					clearTimeout(timer);
					resolve(match[1]);
				}
			});
		});
		return new RemoteDouble(child, url);
	}

	private async control<T>(method: 'GET' | 'POST', action: string, body?: unknown): Promise<T> {
		const response = await fetch(`${this.url}/__double/${action}`, {
			method,
			headers: body === undefined ? {} : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		if (!response.ok) throw new Error(`double ${method} ${action}: ${response.status} ${await response.text()}`);
		return (await response.json()) as T;
	}

	state = async (): Promise<DoubleState> => await this.control<DoubleState>('GET', 'state');

	requests = async (): Promise<RequestLogEntry[]> => await this.control<RequestLogEntry[]>('GET', 'requests');

	reset = async (): Promise<void> => void (await this.control('POST', 'reset'));

	seed = async (data: SeedData): Promise<void> => void (await this.control('POST', 'seed', data));

	/** Rules travel as JSON: a `pathPattern` must be given as its source text. */
	setFaults = async (rules: FaultRule[]): Promise<void> => void (await this.control('POST', 'faults', rules));

	private settler: NodeJS.Timeout | undefined;

	/** Each settling call, sent → answered (epoch ms). */
	private settling: Array<[number, number]> = [];

	/**
	 * The double applies a due job's effects lazily, inside the next request it answers: a 1,000-profile subscribe
	 * job would then be processed inside one of the nodes' later calls and count as that call's latency. Klaviyo
	 * processes jobs in the background; so does this: a control call every `everyMs` (confirming the pending
	 * subscriptions of a list that does not exist, which only settles due jobs) applies them as soon as they are due.
	 */
	startSettling(everyMs = 50): void {
		this.settling = [];
		let busy = false;
		this.settler = setInterval(() => {
			if (busy) return;
			busy = true;
			const start = Date.now();
			this.control('POST', 'confirm', { listId: '__bench_settle_only__' })
				.catch(() => undefined)
				.finally(() => {
					busy = false;
					this.settling.push([start, Date.now()]);
				});
		}, everyMs);
	}

	/** Stops settling; returns each settling call's interval (see applyingIntervals for what they tell). */
	stopSettling(): Array<[number, number]> {
		clearInterval(this.settler);
		this.settler = undefined;
		return this.settling;
	}

	/** Waits until every job the double accepted has taken effect (their effects apply on the next look). */
	async settleJobs(timeoutMs = 60_000): Promise<DoubleState> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const state = await this.state();
			if (state.jobs.every((job) => job.status === 'complete') || Date.now() > deadline) return state;
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
	}

	async close(): Promise<void> {
		this.stopSettling();
		if (this.child.exitCode !== null) return;
		await new Promise<void>((resolve) => {
			this.child.once('exit', () => resolve());
			this.child.kill('SIGTERM');
		});
	}
}

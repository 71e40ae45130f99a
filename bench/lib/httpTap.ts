import { createHash } from 'node:crypto';
import { dirname } from 'node:path';

import type { AxiosResponse, AxiosStatic, InternalAxiosRequestConfig } from 'axios';

/** One HTTP exchange as n8n-core's HTTP client saw it. */
export interface TapRecord {
	method: string;
	path: string;
	/** Identifies a request's content (method, URL, body), so retries of one call can be told apart from new calls. */
	key: string;
	status: number;
	retryAfterSeconds?: number;
	sentAt: number;
	doneAt: number;
}

type TimedConfig = InternalAxiosRequestConfig & { benchSentAt?: number };

/**
 * Listens on the axios instance n8n-core's request helpers use (its own copy, under n8n-core/node_modules), so
 * the bench sees each attempt's send time and Retry-After without touching the nodes or the harness. Only what
 * the double cannot log: it records the Retry-After it answered in no log entry.
 */
export class HttpTap {
	private records: TapRecord[] = [];

	private on = false;

	constructor() {
		const n8nCore = dirname(require.resolve('n8n-core'));
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const axios = require(require.resolve('axios', { paths: [n8nCore] })) as AxiosStatic | { default: AxiosStatic };
		const instance = 'default' in axios ? axios.default : axios;
		instance.interceptors.request.use((config: TimedConfig) => {
			if (this.on) config.benchSentAt = Date.now();
			return config;
		});
		instance.interceptors.response.use(
			(response) => this.record(response),
			(error: { response?: AxiosResponse }) => {
				if (error.response) this.record(error.response);
				return Promise.reject(error);
			},
		);
	}

	start(): void {
		this.records = [];
		this.on = true;
	}

	stop(): TapRecord[] {
		this.on = false;
		return this.records;
	}

	private record(response: AxiosResponse): AxiosResponse {
		const config = response.config as TimedConfig;
		if (!this.on || config.benchSentAt === undefined) return response;
		const url = new URL(String(config.url), 'http://localhost');
		const query = JSON.stringify(config.params ?? {});
		const body = typeof config.data === 'string' ? config.data : JSON.stringify(config.data ?? null);
		const retryAfter = Number(response.headers?.['retry-after']);
		this.records.push({
			method: String(config.method ?? 'get').toUpperCase(),
			path: url.pathname,
			key: createHash('sha1').update(`${config.method} ${url.pathname}${url.search} ${query} `).update(body).digest('hex'),
			status: response.status,
			retryAfterSeconds: Number.isFinite(retryAfter) && response.headers?.['retry-after'] !== undefined ? retryAfter : undefined,
			sentAt: config.benchSentAt,
			doneAt: Date.now(),
		});
		return response;
	}
}

export interface LogicalCall {
	path: string;
	attempts: TapRecord[];
	/** Σ Retry-After of its 429s: the least time any client needed before this call could succeed. */
	retryAfterSeconds: number;
}

const failed = (record: TapRecord) => record.status === 429 || record.status >= 500 || record.status === 0;

/**
 * Groups attempts into logical calls: an attempt with the same content as an earlier attempt that failed is its
 * retry; otherwise it is a new call (a second poll of the same job is a new call: the first one succeeded).
 */
export function logicalCalls(records: TapRecord[]): LogicalCall[] {
	const calls: LogicalCall[] = [];
	const open = new Map<string, LogicalCall>();
	for (const record of [...records].sort((a, b) => a.sentAt - b.sentAt)) {
		let call = open.get(record.key);
		if (!call) {
			call = { path: record.path, attempts: [], retryAfterSeconds: 0 };
			calls.push(call);
		}
		call.attempts.push(record);
		if (record.status === 429) call.retryAfterSeconds += record.retryAfterSeconds ?? 0;
		if (failed(record)) open.set(record.key, call);
		else open.delete(record.key);
	}
	return calls;
}

/** Between each failed attempt's answer and the next attempt's send: the transport's sleep plus any gate hold. */
export function retryWaitIntervals(calls: LogicalCall[]): Array<[number, number]> {
	const waits: Array<[number, number]> = [];
	for (const call of calls) {
		for (let i = 1; i < call.attempts.length; i++) waits.push([call.attempts[i - 1].doneAt, call.attempts[i].sentAt]);
	}
	return waits;
}

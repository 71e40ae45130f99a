import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a double answers: a status, optional headers, a JSON body (omitted for `undefined`; a string is sent as HTML). */
export interface DoubleAnswer {
	status: number;
	headers?: Record<string, string>;
	body?: unknown;
}

export interface LoggedRequest {
	method: string;
	path: string;
	query: URLSearchParams;
	status: number;
	at: number;
}

export interface WindowRule {
	requests: number;
	windowMs: number;
}

/** Faults a test injects: the next `count` requests get `answer` instead of the route's. */
export interface InjectedFault {
	count: number;
	answer: DoubleAnswer;
}

export interface RunningDouble {
	url: string;
	requests(): LoggedRequest[];
	clearRequests(): void;
	failNext(fault: InjectedFault): void;
	/** Runs after each answer is sent: a test changes the platform's data between two pages, as a user would mid-read. */
	onServed(hook: ((request: LoggedRequest) => void) | undefined): void;
	close(): Promise<void>;
}

export interface DoubleServerOptions {
	port?: number;
	/** Answers a request that passed authentication, or undefined for 404. */
	route(method: string, path: string, query: URLSearchParams): DoubleAnswer | undefined;
	/** Undefined when the request is authenticated; otherwise the platform's answer to bad credentials. */
	authenticate(headers: IncomingMessage['headers']): DoubleAnswer | undefined;
	/** The platform's window, enforced as a sliding log per double (one account). */
	rateLimit?: WindowRule;
	/** The platform's answer to a request over the limit, given how long until the window has room. */
	throttled(rule: WindowRule, resetMs: number): DoubleAnswer;
	/** Headers on every answer within the limit (remaining calls, where the platform sends them). */
	windowHeaders?(rule: WindowRule, remaining: number, resetMs: number): Record<string, string>;
}

/**
 * A small HTTP server on 127.0.0.1 shared by the platform doubles: authentication first (as the platforms do, an
 * unauthenticated call does not count against a quota), then the window, then the route. Every request is logged.
 */
export async function startDoubleServer(options: DoubleServerOptions): Promise<RunningDouble> {
	const log: LoggedRequest[] = [];
	const arrivals: number[] = [];
	const faults: InjectedFault[] = [];
	let served: ((request: LoggedRequest) => void) | undefined;
	const handle = (req: IncomingMessage): DoubleAnswer => {
		const url = new URL(req.url ?? '/', 'http://double.local');
		const denied = options.authenticate(req.headers);
		if (denied) return denied;
		const fault = faults[0];
		if (fault) {
			if (--fault.count <= 0) faults.shift();
			return fault.answer;
		}
		const rule = options.rateLimit;
		let extraHeaders: Record<string, string> = {};
		if (rule) {
			const now = Date.now();
			while (arrivals.length > 0 && now - arrivals[0] >= rule.windowMs) arrivals.shift();
			const resetMs = arrivals.length > 0 ? arrivals[0] + rule.windowMs - now : rule.windowMs;
			if (arrivals.length >= rule.requests) return options.throttled(rule, resetMs);
			arrivals.push(now);
			extraHeaders = options.windowHeaders?.(rule, rule.requests - arrivals.length, resetMs) ?? {};
		}
		const answer = (req.method === 'GET' && options.route(req.method, url.pathname, url.searchParams)) || {
			status: 404,
			body: { error: `No route for ${req.method} ${url.pathname}` },
		};
		return { ...answer, headers: { ...extraHeaders, ...answer.headers } };
	};
	const server = createServer((req: IncomingMessage, res: ServerResponse) => {
		const answer = handle(req);
		const url = new URL(req.url ?? '/', 'http://double.local');
		const entry = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, status: answer.status, at: Date.now() };
		log.push(entry);
		const body = answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
		res.writeHead(answer.status, { 'content-type': typeof answer.body === 'string' ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8', ...answer.headers });
		res.end(body);
		served?.(entry);
	});
	await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', () => resolve()));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		requests: () => [...log],
		clearRequests: () => {
			log.length = 0;
		},
		failNext: (fault) => faults.push({ ...fault }),
		onServed: (hook) => {
			served = hook;
		},
		close: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

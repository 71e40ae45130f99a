import { IncomingMessage, ServerResponse, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { ApiRequest, runApi } from './apiPipeline';
import { authKind } from './auth';
import { clock } from './clock';
import { DoubleControls, controlAnswer } from './controlApi';
import { notFound } from './errors';
import { JOB_PROCESSORS } from './handlers';
import { confirmPendingSubscriptions } from './handlers/subscriptions';
import { Answer, decodeBody, errorAnswer, mediaType, readBody, writeAnswer } from './httpIo';
import { OAuthAnswer } from './oauth';
import { Runtime, createRuntime } from './runtime';
import { applySeed } from './seed';
import { DoubleState, KlaviyoDouble, KlaviyoDoubleOptions, RequestLogEntry } from './types';

/** Bodies beyond this are not even buffered; every endpoint's own cap is far lower (5 MB at most). */
const HARD_BODY_LIMIT = 20 * 1024 * 1024;

function bodyForLog(bytes: Buffer, headers: IncomingMessage['headers']): unknown {
	if (bytes.length === 0) return null;
	try {
		const text = decodeBody(bytes, headers['content-encoding']).toString('utf8');
		if (mediaType(headers['content-type']) === 'application/x-www-form-urlencoded') return Object.fromEntries(new URLSearchParams(text));
		return JSON.parse(text);
	} catch {
		return null;
	}
}

function oauthAnswer(answer: OAuthAnswer): Answer {
	return { status: answer.status, headers: { ...(answer.body ? { 'content-type': 'application/json' } : {}), ...answer.headers }, json: answer.body };
}

function formOf(bytes: Buffer, headers: IncomingMessage['headers']): URLSearchParams | null {
	return mediaType(headers['content-type']) === 'application/x-www-form-urlencoded' ? new URLSearchParams(bytes.toString('utf8')) : null;
}

async function route(rt: Runtime, req: IncomingMessage, url: URL, bytes: Buffer, tooLarge: boolean): Promise<{ answer: Answer; operationId: string | null }> {
	const method = req.method ?? 'GET';
	const path = url.pathname;
	if (path === '/oauth/authorize' && method === 'GET') return { answer: oauthAnswer(rt.oauth.authorize(url.searchParams)), operationId: 'oauth_authorize' };
	if (path === '/oauth/token' && method === 'POST') {
		return { answer: oauthAnswer(rt.oauth.token(req.headers.authorization, formOf(bytes, req.headers))), operationId: 'oauth_token' };
	}
	if (path === '/oauth/revoke' && method === 'POST') {
		return { answer: oauthAnswer(rt.oauth.revoke(req.headers.authorization, formOf(bytes, req.headers))), operationId: 'oauth_revoke' };
	}
	if (path === '/api' || path.startsWith('/api/')) {
		const apiRequest: ApiRequest = { method, path, search: url.searchParams, headers: req.headers, bytes, tooLarge };
		return await runApi(rt, apiRequest);
	}
	return { answer: errorAnswer(notFound(`The path '${path}' was not found.`)), operationId: null };
}

function logEntry(rt: Runtime, req: IncomingMessage, url: URL, bytes: Buffer, startedAt: number, started: number, answer: Answer, operationId: string | null): RequestLogEntry {
	const entry: RequestLogEntry = {
		seq: ++rt.seq,
		startedAt: clock.iso(startedAt),
		durationMs: Math.round((performance.now() - started) * 100) / 100,
		method: req.method ?? 'GET',
		path: url.pathname,
		query: Object.fromEntries(url.searchParams),
		operationId,
		status: answer.destroy ? 0 : answer.status,
		body: bodyForLog(bytes, req.headers),
		auth: authKind(req.headers.authorization),
		revision: typeof req.headers.revision === 'string' ? req.headers.revision : null,
	};
	if (answer.fault) entry.fault = answer.fault;
	const errors = (answer.json as { errors?: Array<{ code?: string }> } | undefined)?.errors;
	if (Array.isArray(errors)) entry.errorCodes = errors.map((e) => String(e.code));
	if (answer.responseViolations) entry.responseViolations = answer.responseViolations;
	return entry;
}

async function handle(rt: Runtime, controls: DoubleControls, req: IncomingMessage, res: ServerResponse): Promise<void> {
	const startedAt = clock.now();
	const started = performance.now();
	const url = new URL(req.url ?? '/', 'http://127.0.0.1');
	const { bytes, tooLarge } = await readBody(req, HARD_BODY_LIMIT);
	if (url.pathname.startsWith('/__double/')) {
		writeAnswer(res, controlAnswer(controls, req.method ?? 'GET', url.pathname.slice('/__double/'.length).replace(/\/$/, ''), bytes));
		return;
	}
	const { answer, operationId } = await route(rt, req, url, bytes, tooLarge);
	rt.log.push(logEntry(rt, req, url, bytes, startedAt, started, answer, operationId));
	writeAnswer(res, answer);
}

/** Starts the double on 127.0.0.1 (only) and resolves once it listens. */
export async function startKlaviyoDouble(options: KlaviyoDoubleOptions = {}): Promise<KlaviyoDouble> {
	const rt = createRuntime(options);
	const settled = () => rt.store.settle(clock.now(), JOB_PROCESSORS);
	const controls: DoubleControls & { state(): DoubleState; requests(): RequestLogEntry[] } = {
		state() {
			settled();
			return rt.store.snapshot(clock.now());
		},
		requests: () => structuredClone(rt.log),
		reset() {
			rt.store.clear(rt.seedLists);
			rt.log = [];
			rt.seq = 0;
			rt.faults.clear();
			rt.limiter.reset();
		},
		setFaults: (rules) => rt.faults.set(rules),
		seed: (data) => applySeed(rt.store, data),
		confirmPending(listId) {
			settled();
			return confirmPendingSubscriptions(rt.store, listId);
		},
		expireAccessTokens: () => rt.oauth.expireAccessTokens(),
	};
	const server = createServer((req, res) => {
		handle(rt, controls, req, res).catch((e: Error) => {
			if (!rt.quiet) process.stderr.write(`Klaviyo double: ${e.stack ?? e}\n`);
			if (!res.headersSent) writeAnswer(res, { status: 500, headers: { 'content-type': 'text/plain' }, text: 'Klaviyo double failed' });
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
	});
	const port = (server.address() as AddressInfo).port;
	rt.baseUrl = `http://127.0.0.1:${port}`;
	return {
		url: rt.baseUrl,
		port,
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
		reset: controls.reset,
		state: controls.state,
		requests: controls.requests,
		setFaults: controls.setFaults,
		seed: controls.seed,
		expireAccessTokens: controls.expireAccessTokens,
		confirmPending: controls.confirmPending,
	};
}

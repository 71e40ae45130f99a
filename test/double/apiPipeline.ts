import { IncomingHttpHeaders } from 'node:http';
import { authenticate, checkScopes } from './auth';
import { clock, sleep } from './clock';
import { ApiError, invalidPointer, notFound } from './errors';
import { PickedFault, cloudflarePage } from './faults';
import { HANDLERS_BY_OPERATION, JOB_PROCESSORS } from './handlers';
import { MB } from './handlers/types';
import { Answer, decodeBody, errorAnswer, isJsonMediaType, jsonAnswer, mediaType } from './httpIo';
import { checkBodyByOwnContract, checkQueryByOwnContract } from './ownContract';
import { parseQuery } from './queryParams';
import { RateLimiter } from './rateLimiter';
import { Route } from './routes';
import { Runtime, bucketsFor } from './runtime';

export interface ApiRequest {
	method: string;
	path: string;
	search: URLSearchParams;
	headers: IncomingHttpHeaders;
	bytes: Buffer;
	tooLarge: boolean;
}

export interface ApiOutcome {
	answer: Answer;
	operationId: string | null;
}

/** DOC-VER: `YYYY-MM-DD[.suffix]`, e.g. 2026-07-15 or the beta 2026-07-15.pre. */
const REVISION = /^(\d{4}-\d{2}-\d{2})(\.[a-z]+)?$/;

function checkRevision(header: string | string[] | undefined, latest: string | undefined): void {
	const revision = Array.isArray(header) ? header[0] : header;
	if (!revision) throw new ApiError(400, 'invalid', 'Invalid input.', "The 'revision' header is required.", { parameter: 'revision' });
	const match = REVISION.exec(revision);
	if (!match || Number.isNaN(Date.parse(match[1]))) {
		throw new ApiError(400, 'invalid', 'Invalid input.', `'${revision}' is not a valid revision. Use the format YYYY-MM-DD[.suffix].`, { parameter: 'revision' });
	}
	if (latest && match[1] > latest) {
		throw new ApiError(400, 'invalid', 'Invalid input.', `Revision '${revision}' does not exist; the latest is ${latest}.`, { parameter: 'revision' });
	}
}

/** 429 as Klaviyo sends it (klaviyo-api-node#66): no RateLimit-* headers, Retry-After in whole seconds. */
export function throttledAnswer(retryAfterSeconds: number | undefined): Answer {
	const seconds = retryAfterSeconds ?? 1;
	const error = new ApiError(
		429,
		'throttled',
		'Request was throttled.',
		`Request was throttled. Expected available in ${seconds} second${seconds === 1 ? '' : 's'}.`,
		{ pointer: '/data' },
		{},
		{ type: 'https://developers.klaviyo.com/en/docs/rate_limits_and_error_handling#rate-limits' },
	);
	return errorAnswer(error, retryAfterSeconds === undefined ? {} : { 'Retry-After': String(retryAfterSeconds) });
}

function readJsonBody(req: ApiRequest, limit: number): unknown {
	if (req.bytes.length === 0 && !req.tooLarge) return undefined;
	const tooLarge = () => new ApiError(413, 'request_too_large', 'Request entity too large.', `The request body exceeds the ${Math.round(limit / 1024)} KB limit of this endpoint.`);
	if (req.tooLarge || req.bytes.length > limit) throw tooLarge();
	const decoded = decodeBody(req.bytes, req.headers['content-encoding']);
	if (decoded.length > limit) throw tooLarge();
	if (!isJsonMediaType(req.headers['content-type'])) {
		throw new ApiError(415, 'unsupported_media_type', 'Unsupported media type.', `Unsupported media type "${mediaType(req.headers['content-type'])}" in request.`);
	}
	try {
		return JSON.parse(decoded.toString('utf8'));
	} catch (e) {
		throw new ApiError(400, 'parse_error', 'Malformed request.', `JSON parse error - ${(e as Error).message}`);
	}
}

async function faultAnswer(rt: Runtime, req: ApiRequest, picked: PickedFault): Promise<Answer | null> {
	const fault = picked.action;
	switch (fault.kind) {
		case 'delay':
			await sleep(fault.ms);
			return null;
		case 'throttle':
			return throttledAnswer(picked.retryAfterSeconds);
		case 'status': {
			// 502/504 come from the CDN in front of Klaviyo as HTML; 500/503 from Klaviyo as JSON:API.
			if (fault.status === 502 || fault.status === 504) {
				const title = fault.status === 502 ? '502 Bad Gateway' : '504 Gateway Time-out';
				return { status: fault.status, headers: { 'content-type': 'text/html', server: 'cloudflare' }, text: `<html><head><title>${title}</title></head><body><center><h1>${title}</h1></center><hr><center>cloudflare</center></body></html>` };
			}
			const detail = fault.status === 503 ? 'The service is temporarily unavailable. Please try again later.' : 'A server error occurred.';
			return errorAnswer(new ApiError(fault.status, fault.status === 503 ? 'service_unavailable' : 'error', fault.status === 503 ? 'Service unavailable.' : 'A server error occurred.', detail));
		}
		case 'connection-reset':
			return { status: 0, headers: {}, destroy: true };
		case 'cloudflare-html': {
			const page = cloudflarePage(fault.status);
			return { status: fault.status, headers: page.headers, text: page.html };
		}
		case 'truncated-json': {
			// The answer the request would have had, computed on a copy of the state so nothing changes.
			const dry = await runApi({ ...rt, store: rt.store.clone(), limiter: new RateLimiter(false) }, req, true);
			const full = JSON.stringify(dry.answer.json ?? { data: null });
			return { status: fault.status ?? 200, headers: { 'content-type': 'application/vnd.api+json' }, text: full.slice(0, Math.floor(full.length / 2)) };
		}
	}
}

function handlerAnswer(rt: Runtime, req: ApiRequest, route: Route, params: Record<string, string>): Answer {
	checkRevision(req.headers.revision, rt.spec?.info.version);
	const query = parseQuery(rt.validator ? route.op : null, req.search);
	const handler = HANDLERS_BY_OPERATION.get(route.operationId);
	const acceptsBody = route.op ? route.op.requestBody !== undefined : !!handler && ['POST', 'PATCH', 'DELETE'].includes(route.method);
	const body = acceptsBody ? readJsonBody(req, handler?.maxBodyBytes ?? 5 * MB) : undefined;
	if (acceptsBody && body === undefined && (route.op?.requestBody?.required ?? true)) throw invalidPointer('/data', 'A request body is required.');
	if (rt.validator && route.op) {
		if (body !== undefined) {
			const issue = rt.validator.validateRequestBody(route.op, body);
			if (issue) throw invalidPointer(issue.pointer, issue.detail);
		}
	} else if (rt.ownChecks) {
		// Without the spec, the facts the nodes rely on are still checked (ownContract.ts).
		checkQueryByOwnContract(route.operationId, query.raw);
		const issue = body === undefined ? null : checkBodyByOwnContract(route.operationId, body);
		if (issue) throw invalidPointer(issue.pointer, issue.detail);
	}
	if (!handler) {
		throw new ApiError(501, 'not_implemented', 'Not implemented.', `The Klaviyo double does not implement ${route.operationId} (${route.method} ${route.template}).`);
	}
	const path = req.path.length > 1 ? req.path.replace(/\/+$/, '') : req.path;
	const result = handler.handle({ store: rt.store, params, query, body, baseUrl: rt.baseUrl, path, now: clock.now(), jobDurationMs: rt.jobDurationMs });
	return result.body === undefined ? { status: result.status, headers: {} } : jsonAnswer(result.status, result.body);
}

/**
 * One /api request, in Klaviyo's order as far as it is observable: route (404/405) → injected fault → auth (401/403)
 * → rate limit (429) → revision, query and body checks (400/413/415) → the handler. The answer is then checked
 * against the spec's response schema; a mismatch is recorded, never hidden.
 */
export async function runApi(rt: Runtime, req: ApiRequest, dryRun = false): Promise<ApiOutcome> {
	rt.store.settle(clock.now(), JOB_PROCESSORS);
	const match = rt.routes.match(req.method, req.path);
	if (match.kind === 'not-found') return { answer: errorAnswer(notFound(`The path '${req.path}' was not found.`)), operationId: null };
	if (match.kind === 'method-not-allowed') {
		const error = new ApiError(405, 'method_not_allowed', 'Method not allowed.', `Method "${req.method}" not allowed.`);
		return { answer: errorAnswer(error, { allow: match.allowed.join(', ') }), operationId: null };
	}
	const { route, params } = match;
	const operationId = route.operationId;
	const picked = dryRun ? null : rt.faults.pick(req.method, req.path, operationId);
	if (picked) {
		const faulted = await faultAnswer(rt, req, picked);
		if (faulted) return { answer: { ...faulted, fault: picked.action.kind }, operationId };
	}
	const outcome = await answerNormally(rt, req, route, params, dryRun);
	// A delay fault answers normally, late; the log still says it was faulted.
	if (picked) outcome.answer.fault = picked.action.kind;
	return outcome;
}

async function answerNormally(rt: Runtime, req: ApiRequest, route: Route, params: Record<string, string>, dryRun: boolean): Promise<ApiOutcome> {
	const operationId = route.operationId;
	let answer: Answer;
	let rateHeaders: Record<string, string> = {};
	try {
		const credential = authenticate(req.headers.authorization, rt.apiKeys, rt.oauth);
		if (credential.kind === 'cloudflare-400') {
			const page = cloudflarePage(400);
			return { answer: { status: 400, headers: page.headers, text: page.html }, operationId };
		}
		checkScopes(credential, route.op?.['x-klaviyo-scopes']);
		if (!dryRun) {
			const decision = rt.limiter.take(bucketsFor(route, Object.fromEntries(req.search)), clock.now());
			if (!decision.allowed) return { answer: throttledAnswer(decision.retryAfterSeconds), operationId };
			rateHeaders = decision.headers;
		}
		answer = handlerAnswer(rt, req, route, params);
	} catch (e) {
		if (!(e instanceof ApiError)) {
			if (!rt.quiet) process.stderr.write(`Klaviyo double: ${operationId} failed: ${(e as Error).stack ?? e}\n`);
			e = new ApiError(500, 'error', 'A server error occurred.', `The double failed: ${(e as Error).message}`);
		}
		answer = errorAnswer(e as ApiError);
	}
	answer.headers = { ...answer.headers, ...rateHeaders };
	if (rt.validator && route.op) {
		const sparse = [...req.search.keys()].some((key) => key.startsWith('fields['));
		const violations = rt.validator.validateResponse(route.op, answer.status, answer.json, sparse);
		if (violations.length > 0) {
			answer.responseViolations = violations;
			if (!rt.quiet) process.stderr.write(`Klaviyo double: answer to ${operationId} breaks the spec: ${violations.join('; ')}\n`);
		}
	}
	return { answer, operationId };
}

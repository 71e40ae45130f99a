import {
	sleep,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestMethods,
	type IHttpRequestOptions,
	type ILoadOptionsFunctions,
	type INode,
} from 'n8n-workflow';

import { KlaviyoApiError, KlaviyoConnectionError, redactSecrets } from './errors';
import { type KlaviyoOperation } from './rateLimits';
import { rateGateFor, type RateGate, type RateLimitHeaders } from './rateGate';
import {
	DEFAULT_RETRY_POLICY,
	isRetriable,
	parseRetryAfter,
	retryDelayMs,
	type Failure,
	type RetryPolicy,
} from './retryPolicy';
import { credentialTypeFor, type KlaviyoAuthentication } from './authentication';

export interface KlaviyoRequest {
	/** Names the rate bucket and shows up in error messages. */
	operation: KlaviyoOperation;
	method: IHttpRequestMethods;
	path: string;
	qs?: Record<string, string | number>;
	body?: IDataObject;
	/** The input item the call is for, so an error points at it. */
	itemIndex?: number;
	/** Error statuses the caller handles itself (e.g. 404 for "no such list"): answered, not thrown. */
	acceptStatuses?: number[];
}

export interface KlaviyoResponse<T = IDataObject> {
	status: number;
	body: T;
	headers: Record<string, string>;
}

export interface KlaviyoClientOptions {
	retry?: Partial<RetryPolicy>;
	timeoutMs?: number;
	gate?: RateGate;
}

type RequestContext = IExecuteFunctions | ILoadOptionsFunctions;

interface HttpResponseLike {
	status?: number;
	statusCode?: number;
	headers?: Record<string, unknown>;
	data?: unknown;
	body?: unknown;
}

/**
 * The one place that talks to Klaviyo: authentication through n8n (which refreshes OAuth2 tokens), the revision
 * header, JSON:API content types, a shared rate gate, retries that honour Retry-After, and errors that say what
 * Klaviyo said — without ever echoing a credential.
 */
export class KlaviyoClient {
	private readonly retry: RetryPolicy;

	private constructor(
		private readonly context: RequestContext,
		readonly node: INode,
		private readonly credentialType: string,
		private readonly baseUrl: string,
		private readonly revision: string,
		private readonly gate: RateGate,
		options: KlaviyoClientOptions,
	) {
		this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
		this.timeoutMs = options.timeoutMs ?? 30_000;
	}

	private readonly timeoutMs: number;

	static async open(
		context: RequestContext,
		authentication: KlaviyoAuthentication,
		options: KlaviyoClientOptions = {},
	): Promise<KlaviyoClient> {
		const credentialType = credentialTypeFor(authentication);
		const credentials = await context.getCredentials(credentialType);
		const baseUrl = String(credentials.baseUrl || 'https://a.klaviyo.com').replace(/\/+$/, '');
		const revision = String(credentials.revision || '2026-07-15');
		const node = context.getNode();
		const accountKey = `${credentialType}:${node.credentials?.[credentialType]?.id ?? ''}:${baseUrl}`;
		const gate = options.gate ?? rateGateFor(accountKey);
		return new KlaviyoClient(context, node, credentialType, baseUrl, revision, gate, options);
	}

	async request<T = IDataObject>(request: KlaviyoRequest): Promise<KlaviyoResponse<T>> {
		let waited = 0;
		for (let attempt = 1; ; attempt++) {
			await this.gate.acquire(request.operation);
			const outcome = await this.send(request);
			if (outcome.ok) {
				this.gate.observe(request.operation, rateLimitHeaders(outcome.response.headers));
				return outcome.response as KlaviyoResponse<T>;
			}
			const { failure, response } = outcome;
			if (response && request.acceptStatuses?.includes(response.status)) return response as KlaviyoResponse<T>;
			const delay = retryDelayMs(failure, attempt, this.retry);
			if (failure.kind === 'http' && failure.status === 429) {
				this.gate.blockFor(request.operation, delay);
			}
			const canRetry =
				isRetriable(failure) &&
				attempt < this.retry.maxAttempts &&
				waited + delay <= this.retry.maxTotalWaitMs;
			if (!canRetry) throw this.toError(request, failure, response);
			waited += delay;
			await sleep(delay);
		}
	}

	/** Follows `links.next` cursors; yields each page's `data`. */
	async *paginate<T = IDataObject>(request: KlaviyoRequest): AsyncGenerator<T[]> {
		let qs = request.qs;
		for (;;) {
			const { body } = await this.request<{ data?: T[]; links?: { next?: string | null } }>({ ...request, qs });
			yield body.data ?? [];
			const cursor = nextCursor(body.links?.next);
			if (!cursor) return;
			qs = { ...request.qs, 'page[cursor]': cursor };
		}
	}

	private async send(
		request: KlaviyoRequest,
	): Promise<{ ok: true; response: KlaviyoResponse } | { ok: false; failure: Failure; response?: KlaviyoResponse }> {
		const options: IHttpRequestOptions = {
			method: request.method,
			url: `${this.baseUrl}${request.path}`,
			qs: request.qs,
			headers: {
				accept: 'application/vnd.api+json',
				revision: this.revision,
				...(request.body ? { 'content-type': 'application/vnd.api+json' } : {}),
			},
			body: request.body,
			json: true,
			returnFullResponse: true,
			timeout: this.timeoutMs,
		};
		try {
			const raw = (await this.context.helpers.httpRequestWithAuthentication.call(
				this.context,
				this.credentialType,
				options,
			)) as HttpResponseLike;
			return { ok: true, response: normalizeResponse(raw) };
		} catch (error) {
			const raw = findHttpResponse(error);
			if (!raw) {
				const cause = findCause(error);
				return { ok: false, failure: { kind: 'network', code: cause.code, message: cause.message } };
			}
			const response = normalizeResponse(raw);
			const retryAfterSeconds = parseRetryAfter(response.headers['retry-after']);
			return { ok: false, failure: { kind: 'http', status: response.status, retryAfterSeconds }, response };
		}
	}

	private toError(request: KlaviyoRequest, failure: Failure, response?: KlaviyoResponse): Error {
		const operation = `${request.method} ${request.path}`;
		if (failure.kind === 'network') {
			return new KlaviyoConnectionError(this.node, failure.message, operation, request.itemIndex);
		}
		return new KlaviyoApiError(
			this.node,
			{
				status: failure.status,
				body: response?.body,
				contentType: response?.headers['content-type'],
				operation,
			},
			request.itemIndex,
		);
	}
}

function normalizeResponse(raw: HttpResponseLike): KlaviyoResponse {
	const headers: Record<string, string> = {};
	for (const [key, value] of Object.entries(raw.headers ?? {})) {
		if (value !== undefined && value !== null) headers[key.toLowerCase()] = String(value);
	}
	let body = raw.body !== undefined ? raw.body : raw.data;
	// An empty 202/204 arrives as '' — callers expect an object.
	if (body === '' || body === undefined || body === null) body = {};
	return { status: raw.statusCode ?? raw.status ?? 0, body: body as IDataObject, headers };
}

function rateLimitHeaders(headers: Record<string, string>): RateLimitHeaders {
	const number = (name: string) => {
		const value = Number.parseInt(headers[name] ?? '', 10);
		return Number.isFinite(value) ? value : undefined;
	};
	return {
		limit: number('ratelimit-limit'),
		remaining: number('ratelimit-remaining'),
		resetSeconds: number('ratelimit-reset'),
	};
}

/** n8n wraps the HTTP client's error (NodeApiError → cause → AxiosError); the answer is somewhere in that chain. */
function findHttpResponse(error: unknown): HttpResponseLike | undefined {
	let current = error as { response?: HttpResponseLike; cause?: unknown } | undefined;
	for (let depth = 0; current && depth < 5; depth++) {
		if (current.response && (current.response.status ?? current.response.statusCode)) return current.response;
		current = current.cause as typeof current;
	}
	return undefined;
}

function findCause(error: unknown): { code?: string; message: string } {
	let current = error as { code?: unknown; message?: unknown; cause?: unknown } | undefined;
	let message = '';
	for (let depth = 0; current && depth < 5; depth++) {
		if (typeof current.message === 'string' && !message) message = current.message;
		if (typeof current.code === 'string' && /^E[A-Z_]+$/.test(current.code)) {
			return { code: current.code, message: redactSecrets(String(current.message ?? current.code)) };
		}
		current = current.cause as typeof current;
	}
	return { message: redactSecrets(message || 'unknown network error') };
}

export function nextCursor(next: string | null | undefined): string | undefined {
	if (!next) return undefined;
	try {
		return new URL(next, 'https://a.klaviyo.com').searchParams.get('page[cursor]') ?? undefined;
	} catch {
		return undefined;
	}
}

export { redactSecrets };

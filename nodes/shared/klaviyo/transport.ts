import {
	sleep,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestMethods,
	type IHttpRequestOptions,
	type ILoadOptionsFunctions,
	type INode,
} from 'n8n-workflow';

import { SerialQueue } from '../async';
import { KlaviyoApiError, KlaviyoConnectionError, longThrottleError, redactSecrets } from './errors';
import { type KlaviyoOperation } from './rateLimits';
import { rateGateFor, type RateGate, type RateLimitHeaders } from './rateGate';
import {
	DEFAULT_RETRY_POLICY,
	LONGEST_KLAVIYO_RETRY_AFTER_SECONDS,
	parseRetryAfter,
	planRetry,
	sharedThrottleMs,
	timerSafeMs,
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

/** One queue per credential and account for the OAuth2 re-sends that refresh the token (see `send`). */
const refreshQueues = new Map<string, SerialQueue>();

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
		private readonly refreshQueue: SerialQueue,
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
		let refreshQueue = refreshQueues.get(accountKey);
		if (!refreshQueue) refreshQueues.set(accountKey, (refreshQueue = new SerialQueue()));
		return new KlaviyoClient(context, node, credentialType, baseUrl, revision, gate, refreshQueue, options);
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
			const plan = planRetry(failure, attempt, waited, this.retry);
			if (failure.kind === 'http' && failure.status === 429) {
				this.gate.blockFor(request.operation, sharedThrottleMs(plan.delayMs, failure.retryAfterSeconds, plan.retry));
			}
			if (!plan.retry && plan.longWait) {
				throw longThrottleError(
					this.node,
					{
						operation: `${request.method} ${request.path}`,
						body: response?.body,
						contentType: response?.headers['content-type'],
						retryAfter: response?.headers['retry-after'] ?? String(plan.longWait.statedSeconds),
						statedSeconds: plan.longWait.statedSeconds,
						remainingSeconds: plan.longWait.budgetLeftMs / 1000,
						attempts: attempt,
					},
					request.itemIndex,
				);
			}
			if (!plan.retry) throw this.toError(request, failure, response);
			waited += plan.delayMs;
			await sleep(timerSafeMs(plan.delayMs));
		}
	}

	/** Follows `links.next` cursors: yields each page's `data` and the cursor of the page after it (if any). */
	async *paginate<T = IDataObject>(request: KlaviyoRequest): AsyncGenerator<{ data: T[]; nextCursor?: string }> {
		let qs = request.qs;
		for (;;) {
			const { body } = await this.request<{ data?: T[]; links?: { next?: string | null } }>({ ...request, qs });
			const cursor = nextCursor(body.links?.next);
			yield { data: body.data ?? [], nextCursor: cursor };
			if (!cursor) return;
			qs = { ...request.qs, 'page[cursor]': cursor };
		}
	}

	/**
	 * One attempt. Answers of every status come back as responses (`ignoreHttpStatusErrors`), because a thrown n8n
	 * error keeps neither Klaviyo's headers (Retry-After) nor a non-JSON body. The one exception is a 401 on OAuth2:
	 * n8n refreshes the token only when the request throws a 401, so that call is repeated without the flag.
	 */
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
			// Serialized here: the HTTP client merges an object body into its config key by key, which drops a key
			// named `__proto__` (a custom property name like any other to Klaviyo). The text is exactly what is sent.
			body: request.body === undefined ? undefined : JSON.stringify(request.body),
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: this.timeoutMs,
		};
		let response: KlaviyoResponse;
		try {
			response = normalizeResponse(await this.http(options));
			if (response.status === 401 && this.credentialType === 'klaviyoOAuth2Api') {
				// n8n refreshes with the refresh token it read as the call began, and Klaviyo rotates refresh tokens on
				// every refresh: parallel calls that all met the expired token would each spend the same refresh token,
				// and all but the first would fail. One at a time, a call that waited reads the token the first one
				// stored and goes through without a refresh of its own.
				response = await this.refreshQueue.run(async () =>
					normalizeResponse(await this.http({ ...options, ignoreHttpStatusErrors: false })),
				);
			}
		} catch (error) {
			const status = Number((error as { httpCode?: unknown }).httpCode);
			if (Number.isInteger(status) && status >= 400) {
				const body = (error as { context?: { data?: unknown } }).context?.data;
				response = { status, body: (body ?? {}) as IDataObject, headers: headersOfThrown(status, body) };
			} else {
				return { ok: false, failure: { kind: 'network', ...networkCause(error) } };
			}
		}
		if (response.status >= 200 && response.status < 300) {
			if (typeof response.body !== 'string') return { ok: true, response };
			// A 2xx whose JSON did not parse (cut off by a proxy): nothing can be read from it, so it is retried.
			return { ok: false, failure: { kind: 'network', code: 'EBADJSON', message: 'Klaviyo’s answer was not complete JSON' } };
		}
		const retryAfterSeconds = parseRetryAfter(response.headers['retry-after']);
		return { ok: false, failure: { kind: 'http', status: response.status, retryAfterSeconds }, response };
	}

	private async http(options: IHttpRequestOptions): Promise<HttpResponseLike> {
		return (await this.context.helpers.httpRequestWithAuthentication.call(
			this.context,
			this.credentialType,
			options,
		)) as HttpResponseLike;
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

/**
 * n8n turns the answer of the call it repeats after an OAuth2 refresh into an error without its headers. For a 429
 * the wait is then read from Klaviyo's detail ("Request was throttled. Expected available in 2 seconds."), or is
 * Klaviyo's longest Retry-After: never too early.
 */
function headersOfThrown(status: number, body: unknown): Record<string, string> {
	if (status !== 429) return {};
	const errors = (body as { errors?: Array<{ detail?: unknown }> } | undefined)?.errors ?? [];
	const seconds = errors.map((error) => /available in (\d+) second/i.exec(String(error.detail ?? ''))?.[1]).find(Boolean);
	return { 'retry-after': seconds ?? String(LONGEST_KLAVIYO_RETRY_AFTER_SECONDS) };
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

/**
 * What failed on the network. n8n rewraps the HTTP client's error into a NodeApiError whose message is a friendly
 * sentence; the original message (with its code, e.g. "read ECONNRESET") survives in `messages`.
 */
function networkCause(error: unknown): { code?: string; message: string } {
	const candidate = error as { code?: unknown; message?: unknown; messages?: unknown; cause?: unknown };
	const texts = [
		typeof candidate.code === 'string' ? candidate.code : '',
		...(Array.isArray(candidate.messages) ? candidate.messages.map(String) : []),
		typeof candidate.message === 'string' ? candidate.message : '',
		String((candidate.cause as { code?: unknown } | undefined)?.code ?? ''),
	];
	const code = texts.map((text) => text.match(/\b(E[A-Z_]{3,}|ERR_[A-Z_]+)\b/)?.[1]).find(Boolean);
	const message = texts.find((text) => text && !/^E[A-Z_]+$/.test(text)) ?? 'unknown network error';
	return { code, message: redactSecrets(message) };
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

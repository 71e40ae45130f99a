import { sleep, type IDataObject, type IExecuteFunctions, type IHttpRequestOptions, type INode } from 'n8n-workflow';

import {
	DEFAULT_RETRY_POLICY,
	parseRetryAfter,
	planRetry,
	timerSafeMs,
	type Failure,
	type RetryPolicy,
} from '../klaviyo/retryPolicy';
import { longThrottleError, PlatformApiError, PlatformConnectionError, unexpectedAnswerError } from './errors';
import { windowGateFor, type WindowGate, type WindowHeaders, type WindowLimit } from './windowGate';

/** What the shared client needs to know about one platform's REST API. */
export interface PlatformApiDefinition {
	label: string;
	credentialType: string;
	defaultBaseUrl: string;
	limit: WindowLimit;
	/** The platform's error text in an error body (`{ error }` for Rewardful, `{ message }` for FirstPromoter). */
	errorMessage(body: unknown): string | undefined;
	/** What a user should do about a status, in this platform's words. */
	statusHints: Record<number, string>;
}

export interface PlatformResponse<T> {
	status: number;
	body: T;
	headers: Record<string, string>;
}

export interface PlatformClientOptions {
	retry?: Partial<RetryPolicy>;
	gate?: WindowGate;
	timeoutMs?: number;
}

/**
 * The one way the Affiliate Platform node calls a platform: authentication through n8n's credential, a gate per
 * account at the platform's published limit, and the Klaviyo transport's retry policy (429 waits what the platform
 * said, 502/503/504 and dropped connections back off exponentially; reads are always safe to repeat).
 */
export class PlatformClient {
	private readonly retry: RetryPolicy;

	private constructor(
		private readonly context: IExecuteFunctions,
		readonly node: INode,
		private readonly api: PlatformApiDefinition,
		private readonly baseUrl: string,
		readonly gate: WindowGate,
		private readonly timeoutMs: number,
		/** The credential's values that must never appear in a message (the platform may echo what it was sent). */
		private readonly secrets: string[],
		options: PlatformClientOptions,
	) {
		this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
	}

	static async open(context: IExecuteFunctions, api: PlatformApiDefinition, options: PlatformClientOptions = {}): Promise<PlatformClient> {
		const credentials = await context.getCredentials(api.credentialType);
		const baseUrl = String(credentials.baseUrl || api.defaultBaseUrl).replace(/\/+$/, '');
		const node = context.getNode();
		// The account, not the credential, owns the quota; the credential id plus where it points is the closest key.
		const accountKey = `${api.credentialType}:${node.credentials?.[api.credentialType]?.id ?? ''}:${baseUrl}:${String(credentials.accountId ?? '')}`;
		const gate = options.gate ?? windowGateFor(accountKey, api.limit);
		const secrets = Object.entries(credentials)
			.filter(([key, value]) => key !== 'baseUrl' && typeof value === 'string' && value.trim().length >= 6)
			.map(([, value]) => String(value).trim());
		return new PlatformClient(context, node, api, baseUrl, gate, options.timeoutMs ?? 30_000, secrets, options);
	}

	async get<T = IDataObject>(path: string, qs: IDataObject, itemIndex: number): Promise<PlatformResponse<T>> {
		let waited = 0;
		for (let attempt = 1; ; attempt++) {
			await this.gate.acquire();
			const outcome = await this.send(path, qs);
			if (outcome.ok) {
				this.gate.observe(windowHeaders(outcome.response.headers));
				return outcome.response as PlatformResponse<T>;
			}
			const { failure, response } = outcome;
			const plan = planRetry(failure, attempt, waited, this.retry);
			if (failure.kind === 'http' && failure.status === 429) this.gate.blockFor(plan.delayMs);
			if (!plan.retry && plan.longWait) {
				const { statedSeconds, budgetLeftMs } = plan.longWait;
				const throttle = { platformLabel: this.api.label, operation: `GET ${path}`, statedSeconds, remainingSeconds: budgetLeftMs / 1000 };
				throw longThrottleError(this.node, throttle, itemIndex);
			}
			if (!plan.retry) throw this.toError(`GET ${path}`, failure, response, itemIndex);
			waited += plan.delayMs;
			await sleep(timerSafeMs(plan.delayMs));
		}
	}

	private async send(
		path: string,
		qs: IDataObject,
	): Promise<{ ok: true; response: PlatformResponse<unknown> } | { ok: false; failure: Failure; response?: PlatformResponse<unknown> }> {
		const options: IHttpRequestOptions = {
			method: 'GET',
			url: `${this.baseUrl}${path}`,
			qs,
			arrayFormat: 'brackets',
			headers: { accept: 'application/json' },
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: this.timeoutMs,
		};
		let raw: { statusCode?: number; status?: number; headers?: Record<string, unknown>; body?: unknown };
		try {
			raw = (await this.context.helpers.httpRequestWithAuthentication.call(this.context, this.api.credentialType, options)) as typeof raw;
		} catch (error) {
			return { ok: false, failure: { kind: 'network', ...networkCause(error) } };
		}
		const headers: Record<string, string> = {};
		for (const [key, value] of Object.entries(raw.headers ?? {})) if (value !== undefined && value !== null) headers[key.toLowerCase()] = String(value);
		const response = { status: raw.statusCode ?? raw.status ?? 0, body: raw.body ?? {}, headers };
		if (response.status >= 200 && response.status < 300) {
			if (typeof response.body !== 'string') return { ok: true, response };
			// A web page (a login or a proxy's page: the Base URL is wrong) will not turn into JSON by asking again;
			// JSON cut off on the way might, so only that is retried.
			if (/html/i.test(headers['content-type'] ?? '') || /^\s*</.test(response.body)) {
				return { ok: false, failure: { kind: 'network', code: 'EHTMLPAGE', message: `${this.api.label} answered with a web page, not JSON` } };
			}
			return { ok: false, failure: { kind: 'network', code: 'EBADJSON', message: `${this.api.label}’s answer was not JSON` } };
		}
		const retryAfterSeconds = parseRetryAfter(headers['retry-after']) ?? windowHeaders(headers).resetSeconds;
		const failure: Failure = {
			kind: 'http',
			status: response.status,
			// A 429 that names no wait holds back until our log of the window has room again.
			retryAfterSeconds: response.status === 429 && retryAfterSeconds === undefined ? this.gate.fullWindowWaitMs() / 1000 : retryAfterSeconds,
		};
		return { ok: false, failure, response };
	}

	/** A 2xx answer without the documented list: an error, never an empty account (that would advance Since Last Run). */
	unexpectedAnswer(path: string, expected: string, itemIndex: number): Error {
		return unexpectedAnswerError(this.node, this.api.label, `GET ${path}`, expected, itemIndex);
	}

	private toError(operation: string, failure: Failure, response: PlatformResponse<unknown> | undefined, itemIndex: number): Error {
		if (failure.kind === 'network') return new PlatformConnectionError(this.node, this.api.label, this.redact(failure.message), operation, itemIndex);
		const said = this.api.errorMessage(response?.body);
		return new PlatformApiError(
			this.node,
			{
				platformLabel: this.api.label,
				status: failure.status,
				message: said === undefined ? undefined : this.redact(said),
				hint: this.hintFor(failure.status),
				operation,
			},
			itemIndex,
		);
	}

	/** The platform's advice; for a refused key, also which of the user's credentials was refused. */
	private hintFor(status: number): string | undefined {
		const hint = this.api.statusHints[status];
		const credential = this.node.credentials?.[this.api.credentialType]?.name;
		if ((status !== 401 && status !== 403) || !credential) return hint;
		return `${hint ?? ''} Credential used: “${credential}”.`.trim();
	}

	private redact(text: string): string {
		return this.secrets.reduce((redacted, secret) => redacted.split(secret).join('[redacted]'), text);
	}
}

/** The draft RateLimit-* headers (Rewardful sends them); absent ones stay undefined. */
export function windowHeaders(headers: Record<string, string>): WindowHeaders {
	// Whole non-negative numbers only: a negative or garbage value says nothing (and must not shorten a wait).
	const number = (name: string) => {
		const text = (headers[name] ?? headers[`x-${name}`] ?? '').trim();
		return /^\d+$/.test(text) ? Number(text) : undefined;
	};
	return { remaining: number('ratelimit-remaining'), resetSeconds: number('ratelimit-reset') };
}

/** What failed on the network: n8n rewraps the client's error, the code survives in `code`, `cause` or the text. */
function networkCause(error: unknown): { code?: string; message: string } {
	const candidate = error as { code?: unknown; message?: unknown; cause?: { code?: unknown } };
	const texts = [candidate.code, candidate.cause?.code, candidate.message].filter((text): text is string => typeof text === 'string');
	const code = texts.map((text) => /\b(E[A-Z_]{3,}|ERR_[A-Z_]+)\b/.exec(text)?.[1]).find(Boolean);
	return { code, message: texts.find((text) => !/^E[A-Z_]+$/.test(text)) ?? 'unknown network error' };
}

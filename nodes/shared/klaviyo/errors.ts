import { NodeApiError, type INode, type JsonObject } from 'n8n-workflow';

import { describeWait, LONGEST_KLAVIYO_RETRY_AFTER_SECONDS } from './retryPolicy';

/** One item of Klaviyo's JSON:API `errors[]`, reduced to what a user needs to fix the call. */
export interface KlaviyoErrorItem {
	status: number;
	code?: string;
	title?: string;
	detail?: string;
	pointer?: string;
	parameter?: string;
	meta?: JsonObject;
}

/** Anything that looks like a credential is cut out of text that may reach a user or a log. */
export function redactSecrets(text: string): string {
	return text
		.replace(/\bpk_[A-Za-z0-9_-]+/g, 'pk_[redacted]')
		.replace(/\b(Bearer|Basic|Klaviyo-API-Key)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 [redacted]')
		.replace(/\b(access_token|refresh_token|client_secret|code_verifier)=([^&\s"]+)/gi, '$1=[redacted]');
}

export function parseKlaviyoErrors(body: unknown, status: number): KlaviyoErrorItem[] {
	const errors = (body as { errors?: unknown } | undefined)?.errors;
	if (!Array.isArray(errors)) return [];
	return errors.map((raw): KlaviyoErrorItem => {
		const error = (raw ?? {}) as Record<string, unknown>;
		const source = (error.source ?? {}) as Record<string, unknown>;
		return {
			status: typeof error.status === 'number' ? error.status : Number(error.status) || status,
			code: typeof error.code === 'string' ? error.code : undefined,
			title: typeof error.title === 'string' ? redactSecrets(error.title) : undefined,
			detail: typeof error.detail === 'string' ? redactSecrets(error.detail) : undefined,
			pointer: typeof source.pointer === 'string' ? source.pointer : undefined,
			parameter: typeof source.parameter === 'string' ? source.parameter : undefined,
			meta: error.meta && typeof error.meta === 'object' ? (error.meta as JsonObject) : undefined,
		};
	});
}

function looksLikeHtml(body: unknown, contentType: string | undefined): boolean {
	if (contentType?.includes('text/html')) return true;
	return typeof body === 'string' && /^\s*<(!doctype|html|head|body)/i.test(body);
}

const STATUS_HINTS: Record<number, string> = {
	401: 'Klaviyo did not accept the credential: check the private key (it starts with pk_) or reconnect OAuth2.',
	403: 'The credential is valid but lacks a scope this call needs (see the credential’s description for the list).',
	404: 'Klaviyo has no such resource; check the id.',
	415: 'Klaviyo rejected the content type.',
	429: 'Klaviyo kept throttling this call after every allowed retry.',
};

/** A failed Klaviyo call, as n8n shows it: Klaviyo's title and detail, where in the request, and the HTTP status. */
export class KlaviyoApiError extends NodeApiError {
	readonly status: number;

	readonly errors: KlaviyoErrorItem[];

	constructor(
		node: INode,
		failure: { status: number; body?: unknown; contentType?: string; operation: string },
		itemIndex?: number,
	) {
		const errors = parseKlaviyoErrors(failure.body, failure.status);
		const first = errors[0];
		let message: string;
		let description: string | undefined;
		if (first) {
			const where = first.pointer ?? (first.parameter ? `query parameter ${first.parameter}` : undefined);
			message = `Klaviyo ${failure.status}: ${first.title ?? first.code ?? 'request failed'}`;
			description = [first.detail, where ? `(at ${where})` : undefined, STATUS_HINTS[failure.status]]
				.filter(Boolean)
				.join(' ');
		} else if (looksLikeHtml(failure.body, failure.contentType)) {
			message = `Klaviyo ${failure.status}: an HTML error page came back instead of JSON`;
			description =
				'A proxy or Klaviyo’s edge (Cloudflare) answered instead of the API. This is usually temporary or a blocked network; try again later.';
		} else {
			message = `Klaviyo ${failure.status}: ${typeof failure.body === 'string' && failure.body ? 'unreadable answer' : 'request failed'}`;
			description = STATUS_HINTS[failure.status];
		}
		const response: JsonObject = {
			message,
			status: failure.status,
			operation: failure.operation,
			errors: errors as unknown as JsonObject[],
		};
		super(node, response, { message, description, httpCode: String(failure.status), itemIndex });
		this.status = failure.status;
		this.errors = errors;
	}
}

/** The connection failed before Klaviyo answered, even after retries. */
export class KlaviyoConnectionError extends NodeApiError {
	constructor(node: INode, reason: string, operation: string, itemIndex?: number) {
		const message = `Could not reach Klaviyo (${operation}): ${redactSecrets(reason)}`;
		super(node, { message, operation } as JsonObject, {
			message,
			description: 'The request failed on the network or timed out after every allowed retry.',
			itemIndex,
		});
	}
}

export interface LongThrottle {
	operation: string;
	body?: unknown;
	contentType?: string;
	/** The Retry-After header as received, and what it means in seconds. */
	retryAfter: string;
	statedSeconds: number;
	/** What the call could still have waited, in seconds, and the attempts it made. */
	remainingSeconds: number;
	attempts: number;
}

/**
 * A 429 that asks for a longer wait than the call has left: it fails at once instead of sleeping, and says what
 * was asked, how long that is, and that it was not retried.
 */
export function longThrottleError(node: INode, throttle: LongThrottle, itemIndex?: number): KlaviyoApiError {
	const error = new KlaviyoApiError(
		node,
		{ status: 429, body: throttle.body, contentType: throttle.contentType, operation: throttle.operation },
		itemIndex,
	);
	const outcome =
		throttle.attempts > 1
			? `failed after ${throttle.attempts} attempts and was not retried again`
			: 'failed at once and was not retried';
	const remaining = Math.max(0, Math.floor(throttle.remainingSeconds));
	error.message = `Klaviyo 429: asked to wait ${describeWait(throttle.statedSeconds)} before ${throttle.operation} is tried again`;
	// Only a wait past Klaviyo's longest window points at something in front of Klaviyo; a shorter one that merely
	// outlasted what earlier retries left of the budget is Klaviyo's own.
	const source =
		throttle.statedSeconds > LONGEST_KLAVIYO_RETRY_AFTER_SECONDS
			? "Klaviyo's own limits never ask for more than a minute: a longer wait usually comes from a proxy or gateway in front of it. "
			: '';
	error.description =
		`The answer said "Retry-After: ${redactSecrets(throttle.retryAfter).slice(0, 100)}". That is longer than this call ` +
		`could still wait (${remaining} s left of its retry budget), so it ${outcome}. ${source}Run it again later.`;
	return error;
}

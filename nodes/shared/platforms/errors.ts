import { NodeApiError, type INode, type JsonObject } from 'n8n-workflow';

import { redactSecrets } from '../klaviyo/errors';
import { describeWait } from '../klaviyo/retryPolicy';

/** A failed call to an affiliate platform, as n8n shows it: the platform's own message, a hint, the status. */
export class PlatformApiError extends NodeApiError {
	readonly status: number;

	constructor(
		node: INode,
		failure: { platformLabel: string; status: number; message?: string; hint?: string; operation: string },
		itemIndex?: number,
	) {
		const said = failure.message ? redactSecrets(failure.message) : 'request failed';
		const message = `${failure.platformLabel} ${failure.status}: ${said}`;
		super(node, { message, status: failure.status, operation: failure.operation } as JsonObject, {
			message,
			description: failure.hint,
			httpCode: String(failure.status),
			itemIndex,
		});
		this.status = failure.status;
	}
}

/** The connection failed before the platform answered, even after retries. */
export class PlatformConnectionError extends NodeApiError {
	constructor(node: INode, platformLabel: string, reason: string, operation: string, itemIndex?: number) {
		const message = `Could not reach ${platformLabel} (${operation}): ${redactSecrets(reason)}`;
		super(node, { message, operation } as JsonObject, {
			message,
			description: 'The request failed on the network or timed out after every allowed retry. Check the Base URL of the credential.',
			itemIndex,
		});
	}
}

/**
 * A 429 asking for a longer wait than the call has left of its retry budget: it fails at once instead of sleeping
 * (as the Klaviyo transport does), saying what was asked and how long that is.
 */
export function longThrottleError(
	node: INode,
	throttle: { platformLabel: string; operation: string; statedSeconds: number; remainingSeconds: number },
	itemIndex?: number,
): PlatformApiError {
	const error = new PlatformApiError(node, { platformLabel: throttle.platformLabel, status: 429, operation: throttle.operation }, itemIndex);
	error.message = `${throttle.platformLabel} 429: asked to wait ${describeWait(throttle.statedSeconds)} before ${throttle.operation} is tried again`;
	error.description =
		`That is longer than this call could still wait (${Math.max(0, Math.floor(throttle.remainingSeconds))} s left of its retry ` +
		`budget), so it failed at once and was not retried. ${throttle.platformLabel}'s published window is at most a ` +
		'minute: a longer wait usually comes from a proxy in front of it, or another integration using the account. Run it again later.';
	return error;
}

/** A 2xx answer that is not the list the docs describe (a proxy's page, an error object): never read as "no records". */
export function unexpectedAnswerError(node: INode, platformLabel: string, operation: string, expected: string, itemIndex?: number): PlatformApiError {
	const error = new PlatformApiError(node, { platformLabel, status: 200, operation }, itemIndex);
	error.message = `${platformLabel} answered ${operation} without ${expected}`;
	error.description = 'The answer is not the list the platform documents, so nothing was read from it. Check the Base URL of the credential.';
	return error;
}

import type { FaultAction, FaultRule } from '../../double/types';
import { NODE_PATHS, type NodePath } from './paths';

/** One kind of failure Klaviyo (or what stands in front of it) produces, and how the transport must take it. */
export interface FaultKind {
	id: string;
	action: (path: NodePath) => FaultAction;
	/** Retried by the transport: a few of them end in success; only an endless run of them ends in an error. */
	retriable: boolean;
	/** What the item's error says once the transport gives up. */
	message: RegExp;
	/** How many requests a transient fault hits: Retry-After waits are whole seconds, so those hit once. */
	transientTimes: number;
}

export const FAULT_KINDS: FaultKind[] = [
	{ id: '429 with Retry-After', action: () => ({ kind: 'throttle', retryAfterSeconds: 1 }), retriable: true, message: /^Klaviyo 429/, transientTimes: 1 },
	{ id: '429 without Retry-After', action: () => ({ kind: 'throttle', omitRetryAfter: true }), retriable: true, message: /^Klaviyo 429/, transientTimes: 1 },
	{ id: '500', action: () => ({ kind: 'status', status: 500 }), retriable: false, message: /^Klaviyo 500/, transientTimes: 2 },
	{ id: '502', action: () => ({ kind: 'status', status: 502 }), retriable: true, message: /^Klaviyo 502: an HTML error page/, transientTimes: 2 },
	{ id: '503', action: () => ({ kind: 'status', status: 503 }), retriable: true, message: /^Klaviyo 503/, transientTimes: 2 },
	{ id: '504', action: () => ({ kind: 'status', status: 504 }), retriable: true, message: /^Klaviyo 504: an HTML error page/, transientTimes: 2 },
	{ id: 'connection reset', action: () => ({ kind: 'connection-reset' }), retriable: true, message: /^Could not reach Klaviyo/, transientTimes: 2 },
	{
		id: 'slow answer past the timeout',
		action: (path) => ({ kind: 'delay', ms: path.slowAnswerMs }),
		retriable: true,
		message: /^Could not reach Klaviyo .*timeout/i,
		transientTimes: 2,
	},
	{ id: 'HTML error page', action: () => ({ kind: 'cloudflare-html', status: 403 }), retriable: false, message: /HTML error page/, transientTimes: 2 },
	{ id: 'truncated JSON', action: () => ({ kind: 'truncated-json' }), retriable: true, message: /^Could not reach Klaviyo .*not complete JSON/, transientTimes: 2 },
];

const kind = (id: string): FaultKind => {
	const found = FAULT_KINDS.find((candidate) => candidate.id === id);
	if (!found) throw new Error(`no fault kind ${id}`);
	return found;
};

export interface FaultScenario {
	title: string;
	path: NodePath;
	kind: FaultKind;
	operation: string;
	/** Every matching request fails, so every item that needs the operation must end as an error. */
	persistent: boolean;
	rules: FaultRule[];
	authentication: 'apiKey' | 'oAuth2';
}

function scenario(path: NodePath, faultKind: FaultKind, operation: string, persistent: boolean, authentication: 'apiKey' | 'oAuth2' = 'apiKey'): FaultScenario {
	const rule: FaultRule = { operationId: operation, fault: faultKind.action(path) };
	if (!persistent) rule.times = faultKind.transientTimes;
	const how = persistent ? 'every time' : `${faultKind.transientTimes}×`;
	const auth = authentication === 'oAuth2' ? ' (OAuth2, stale token)' : '';
	return {
		title: `${path.id}: ${faultKind.id} on ${operation}, ${how}${auth}`,
		path,
		kind: faultKind,
		operation,
		persistent,
		rules: [rule],
		authentication,
	};
}

/** Reads get the faults a read meets in practice: resets, gateway errors, cut-off JSON and HTML. */
const READ_FAULTS = ['connection reset', '503', 'truncated JSON', 'HTML error page'];
/** Faults that never end: retried until the budget is spent, then an error item each. */
const ENDLESS_FAULTS = ['503', 'connection reset', 'slow answer past the timeout', 'truncated JSON'];

export function faultScenarios(): FaultScenario[] {
	const scenarios: FaultScenario[] = [];
	for (const path of NODE_PATHS) {
		for (const faultKind of FAULT_KINDS) scenarios.push(scenario(path, faultKind, path.write, false));
		for (const id of ENDLESS_FAULTS) scenarios.push(scenario(path, kind(id), path.write, true));
		for (const operation of path.reads) {
			for (const id of READ_FAULTS) scenarios.push(scenario(path, kind(id), operation, false));
		}
		scenarios.push(scenario(path, kind('connection reset'), path.write, false, 'oAuth2'));
	}
	// An endless 429 costs a full retry budget in whole seconds: two paths show it is bounded.
	scenarios.push(scenario(NODE_PATHS[0], kind('429 with Retry-After'), NODE_PATHS[0].write, true));
	scenarios.push(scenario(NODE_PATHS[4], kind('429 without Retry-After'), NODE_PATHS[4].write, true));
	return scenarios;
}

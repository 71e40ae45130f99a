import { setTimeout as sleep } from 'node:timers/promises';

import type { INodeExecutionData } from 'n8n-workflow';

import type { KlaviyoDouble, RequestLogEntry } from '../../double/types';
import { runNode, type RunNodeResult } from '../../harness/runWorkflow';
import { callsOf, settleJobs } from '../support/doubleState';
import { leakProblems } from '../support/leaks';
import { apiKeyCredential, oauthCredential, registerIssuedSecret, textOf } from '../support/secrets';
import { tally } from '../support/tally';
import { SUITE_TRANSPORT } from '../support/transportSeam';
import type { FaultScenario } from './matrix';
import type { NodePath } from './paths';

/** What a path costs without faults: calls per operation and wall time, measured once per path. */
export interface Baseline {
	calls: Record<string, number>;
	wallMs: number;
}

let credentialSequence = 0;

export async function runPath(double: KlaviyoDouble, path: NodePath, authentication: 'apiKey' | 'oAuth2' = 'apiKey'): Promise<RunNodeResult> {
	path.seed?.(double);
	const id = `reliability-${++credentialSequence}`;
	const credential = authentication === 'oAuth2' ? await oauthCredential(double, id) : apiKeyCredential(double, id);
	return await runNode({
		nodeType: path.nodeType,
		parameters: { authentication, ...path.parameters },
		items: path.items,
		credentials: [credential],
		continueOnFail: true,
	});
}

export async function measureBaseline(double: KlaviyoDouble, path: NodePath): Promise<Baseline> {
	const started = Date.now();
	const { output } = await runPath(double, path);
	const wallMs = Date.now() - started;
	await settleJobs(double);
	const problems = [...path.missing(double.state(), output), ...outputProblems(path, output)];
	if (output.some((item) => item.error) || problems.length > 0) {
		throw new Error(`${path.id} fails without any fault: ${textOf(output.filter((item) => item.error).map((item) => item.json))} ${problems.join('; ')}`);
	}
	return { calls: callsOf(double.requests()), wallMs };
}

/** Output items per input item must be exactly `outputsPerItem`: fewer is a lost item, more a duplicated one. */
function outputProblems(path: NodePath, output: INodeExecutionData[]): string[] {
	const problems: string[] = [];
	path.items.forEach((_item, index) => {
		const count = output.filter((out) => (out.pairedItem as { item?: number } | undefined)?.item === index).length;
		if (count < path.outputsPerItem) {
			tally.lost += path.outputsPerItem - count;
			problems.push(`item ${index + 1} has ${count} output items, expected ${path.outputsPerItem}`);
		} else if (count > path.outputsPerItem) {
			tally.duplicated += count - path.outputsPerItem;
			problems.push(`item ${index + 1} has ${count} output items, expected ${path.outputsPerItem}`);
		}
	});
	return problems;
}

/** Identical writes (same method, path and body) are attempts of one call: never more than the retry budget. */
function attemptProblems(requests: RequestLogEntry[], operation: string, baseline: Baseline): string[] {
	const { maxAttempts } = SUITE_TRANSPORT.retry;
	// A 401 is the OAuth2 handshake of an expired token (answered, then refreshed), not an attempt that failed.
	const ofOperation = requests.filter((entry) => entry.operationId === operation && entry.status !== 401);
	const problems: string[] = [];
	if (ofOperation[0]?.method !== 'GET') {
		const attempts = new Map<string, number>();
		for (const entry of ofOperation) {
			const key = `${entry.method} ${entry.path} ${JSON.stringify(entry.body)}`;
			attempts.set(key, (attempts.get(key) ?? 0) + 1);
		}
		for (const count of attempts.values()) {
			if (count > maxAttempts) problems.push(`one ${operation} call was attempted ${count} times (budget ${maxAttempts})`);
		}
	}
	// Reads repeat legitimately (job polls): bounded by what the path needs, times the budget.
	const bound = ((baseline.calls[operation] ?? 1) + 2) * maxAttempts;
	if (ofOperation.length > bound) problems.push(`${ofOperation.length} ${operation} requests, more than ${bound}`);
	return problems;
}

/** A 429 is retried only once its Retry-After (or the 1 s default) has passed — never earlier. */
function throttleProblems(requests: RequestLogEntry[]): string[] {
	return requests.flatMap((entry, index) => {
		if (entry.status !== 429) return [];
		const same = (other: RequestLogEntry) => other.method === entry.method && other.path === entry.path && JSON.stringify(other.body) === JSON.stringify(entry.body);
		const retry = requests.slice(index + 1).find(same);
		if (!retry) return [];
		const gap = Date.parse(retry.startedAt) - Date.parse(entry.startedAt);
		return gap >= 1000 ? [] : [`${entry.operationId} retried ${gap} ms after a 429`];
	});
}

/**
 * Runs one fault scenario and checks the invariants: one output per input item, every reported success visible in
 * Klaviyo, nothing stored twice, retries within the budget in count and time, the right error where the transport
 * gives up, and no secret anywhere in what came back.
 */
export async function runFaultCase(double: KlaviyoDouble, scenario: FaultScenario, baseline: Baseline): Promise<string[]> {
	const { path, kind } = scenario;
	double.setFaults(scenario.rules);
	const started = Date.now();
	const result = await runPath(double, path, scenario.authentication);
	const wallMs = Date.now() - started;
	// A slow answer is still applied by Klaviyo after the client gave up: wait for it before reading the state.
	if (scenario.rules.some((rule) => rule.fault.kind === 'delay')) await sleep(path.slowAnswerMs + 150);
	await settleJobs(double);
	const state = double.state();
	const requests = double.requests();

	const injected = requests.filter((entry) => entry.fault !== undefined).length;
	tally.faults += injected;
	const problems: string[] = [];
	if (injected === 0) problems.push('no fault was injected: the scenario tests nothing');

	problems.push(...outputProblems(path, result.output));
	const missing = path.missing(state, result.output);
	tally.lost += missing.length;
	problems.push(...missing.map((text) => `lost: ${text}`));
	const duplicated = path.duplicated(state);
	tally.duplicated += duplicated.length;
	problems.push(...duplicated.map((text) => `duplicated: ${text}`));

	const errors = result.output.filter((item) => item.error);
	const mustFail = scenario.persistent || !kind.retriable;
	if (!mustFail && errors.length > 0) problems.push(`a transient ${kind.id} left error items: ${errors.map((item) => String(item.json.error)).join(' | ')}`);
	if (mustFail && errors.length === 0) problems.push(`${kind.id} ${scenario.persistent ? 'every time' : ''} produced no error item`);
	if (scenario.persistent && scenario.operation === path.write && errors.length !== result.output.length) {
		problems.push(`an endless ${kind.id} on the write left ${result.output.length - errors.length} items reported as written`);
	}
	for (const item of errors) {
		if (!kind.message.test(String(item.json.error))) problems.push(`error item says "${String(item.json.error)}", expected ${String(kind.message)}`);
	}

	problems.push(...attemptProblems(requests, scenario.operation, baseline));
	if (kind.id.startsWith('429')) problems.push(...throttleProblems(requests));
	const { maxAttempts, maxTotalWaitMs } = SUITE_TRANSPORT.retry;
	const budgetMs = baseline.wallMs + maxTotalWaitMs + maxAttempts * SUITE_TRANSPORT.timeoutMs + 3_000;
	if (wallMs > budgetMs) problems.push(`took ${wallMs} ms, more than the retry budget allows (${budgetMs} ms)`);

	if (scenario.authentication === 'oAuth2') {
		const refreshes = result.credentialsHelper.oauthTokenUpdates;
		if (refreshes.length === 0) problems.push('the stale OAuth2 access token was never refreshed');
		for (const update of refreshes) {
			const tokens = update.data.oauthTokenData as { access_token?: string; refresh_token?: string } | undefined;
			registerIssuedSecret(tokens?.access_token);
			registerIssuedSecret(tokens?.refresh_token);
		}
	}
	problems.push(...leakProblems(scenario.title, result.output, result.run, result.error));
	return problems;
}

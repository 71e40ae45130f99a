import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import type { DoubleState, KlaviyoDouble } from '../../double/types';
import { runNode, type RunNodeResult } from '../../harness/runWorkflow';
import { settleJobs } from '../support/doubleState';
import { leakProblems } from '../support/leaks';
import { apiKeyCredential } from '../support/secrets';
import { tally } from '../support/tally';
import { NODE_TYPES, type InputCase, type NodeKey } from './cases';

let sequence = 0;

async function run(double: KlaviyoDouble, node: NodeKey, parameters: INodeParameters, items: IDataObject[], continueOnFail: boolean): Promise<RunNodeResult> {
	return await runNode({
		nodeType: NODE_TYPES[node],
		parameters: { authentication: 'apiKey', ...parameters },
		items,
		credentials: [apiKeyCredential(double, `input-${++sequence}`)],
		continueOnFail,
	});
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function expected(expect: { field: string } | { message: RegExp }, itemNumber: number): RegExp {
	if ('message' in expect) return expect.message;
	return new RegExp(`^Invalid "${escape(expect.field)}" in item ${itemNumber}: \\S`);
}

const pairedTo = (index: number) => (item: INodeExecutionData) => (item.pairedItem as { item: number }).item === index;

/**
 * A bad input, twice. With Continue On Fail, the good item succeeds and the bad one becomes one error item that
 * names its field and item number. Without it, the node fails with that same error and writes nothing at all —
 * not even the good item.
 */
export async function runInputCase(double: KlaviyoDouble, input: InputCase, position: number): Promise<string[]> {
	if ('droppedPhone' in input.expect) return await runDroppedPhoneCase(double, input);
	const badIndex = position % 2;
	const items = badIndex === 0 ? [input.bad, input.good] : [input.good, input.bad];
	const pattern = expected(input.expect, badIndex + 1);
	const problems: string[] = [];

	const tolerant = await run(double, input.node, input.parameters, items, true);
	await settleJobs(double);
	const bad = tolerant.output.filter(pairedTo(badIndex));
	const good = tolerant.output.filter(pairedTo(1 - badIndex));
	problems.push(...countProblems('the bad item', bad.length, 1), ...countProblems('the good item', good.length, input.goodOutputs ?? 1));
	if (tolerant.error) problems.push(`Continue On Fail, yet the node failed: ${tolerant.error.message}`);
	if (bad[0] && !bad[0].error) problems.push(`the bad item was accepted: ${JSON.stringify(bad[0].json)?.slice(0, 300)}`);
	else if (bad[0]?.error && !pattern.test(bad[0].error.message)) problems.push(`the bad item's error is "${bad[0].error.message}", expected ${String(pattern)}`);
	for (const item of good) if (item.error) problems.push(`the good item failed too: ${item.error.message}`);

	const before = double.requests().length;
	const strict = await run(double, input.node, input.parameters, items, false);
	const writes = double
		.requests()
		.slice(before)
		.filter((entry) => entry.method !== 'GET');
	if (!strict.error) problems.push('without Continue On Fail the node did not fail');
	else if (!pattern.test(strict.error.message)) problems.push(`without Continue On Fail the node failed with "${strict.error.message}", expected ${String(pattern)}`);
	if (writes.length > 0) problems.push(`without Continue On Fail the node still wrote: ${writes.map((entry) => `${entry.method} ${entry.path}`).join(', ')}`);

	problems.push(...leakProblems(input.title, tolerant.output, tolerant.run, strict.run, strict.error));
	return problems;
}

function countProblems(what: string, count: number, expectedCount: number): string[] {
	if (count === expectedCount) return [];
	tally[count < expectedCount ? 'lost' : 'duplicated'] += Math.abs(count - expectedCount);
	return [`${what} has ${count} output items, expected ${expectedCount}`];
}

/** Both items written, the bad one without its phone; no phone reaches Klaviyo; Upsert and Add to List say so. */
async function runDroppedPhoneCase(double: KlaviyoDouble, input: InputCase): Promise<string[]> {
	const result = await run(double, input.node, input.parameters, [input.good, input.bad], false);
	await settleJobs(double);
	const problems: string[] = [];
	if (result.error) problems.push(`the node failed: ${result.error.message}`);
	problems.push(...countProblems('the good item', result.output.filter(pairedTo(0)).length, 1), ...countProblems('the bad item', result.output.filter(pairedTo(1)).length, 1));
	const phones = double.state().profiles.flatMap((profile) => (profile.attributes.phone_number ? [profile.attributes.phone_number] : []));
	if (phones.length > 0) problems.push(`a phone number reached Klaviyo: ${phones.join(', ')}`);
	const told = JSON.stringify(result.output.find(pairedTo(1))?.json ?? {});
	if (input.node !== 'track' && !/not sent|left out/.test(told)) problems.push(`the output does not say the phone was left out: ${told.slice(0, 300)}`);
	problems.push(...leakProblems(input.title, result.output, result.run));
	return problems;
}

/** Hostile-looking but valid values: accepted, and stored exactly as given — no crash, no mangling. */
export interface AcceptedCase {
	title: string;
	node: NodeKey;
	parameters: INodeParameters;
	item: IDataObject;
	stored: (state: DoubleState) => unknown;
	value: unknown;
}

export async function runAcceptedCase(double: KlaviyoDouble, accepted: AcceptedCase): Promise<string[]> {
	const result = await run(double, accepted.node, accepted.parameters, [accepted.item], true);
	await settleJobs(double);
	const problems: string[] = [];
	if (result.output.length !== 1) problems.push(`${result.output.length} output items for 1 input item`);
	if (result.output[0]?.error) problems.push(`refused: ${result.output[0].error.message}`);
	const stored = accepted.stored(double.state());
	if (JSON.stringify(stored) !== JSON.stringify(accepted.value)) {
		tally.lost += 1;
		problems.push(`Klaviyo holds ${JSON.stringify(stored)?.slice(0, 200)}, expected ${JSON.stringify(accepted.value)?.slice(0, 200)}`);
	}
	problems.push(...leakProblems(accepted.title, result.output, result.run));
	return problems;
}

import type { IDataObject, INodeParameters, INodeType } from 'n8n-workflow';

import { runNode } from '../../test/harness/runWorkflow';
import type { ActionNodes } from './dist';
import { STEP_PARAMETERS } from './data';

export const BENCH_API_KEY = 'pk_bench_0123456789abcdef';

let credentialSerial = 0;

/**
 * A credential of its own for every pipeline run: the transport keeps one rate gate per credential and base URL
 * for the whole process, and a gate that remembers an earlier scenario's calls would pace this one for nothing.
 */
export function freshCredential(baseUrl: string) {
	credentialSerial += 1;
	return { id: `bench-key-${credentialSerial}`, name: 'Klaviyo (bench)', type: 'klaviyoApi', data: { apiKey: BENCH_API_KEY, baseUrl } };
}

export interface StepRun {
	step: 'upsert' | 'addToList' | 'track';
	/** When n8n-core started the node and how long it ran (its own task data): the harness's item source is not in it. */
	startMs: number;
	ms: number;
	outputs: IDataObject[];
	error?: string;
}

export interface PipelineRun {
	steps: StepRun[];
	/** Sum of the three nodes' own run times: the three steps back to back, as in one workflow. */
	nodesMs: number;
	/** Wall time around the three harness runs (the item source and workflow setup included). */
	outerMs: number;
	startedAt: number;
}

export async function runStep(
	step: StepRun['step'],
	nodeType: INodeType,
	parameters: INodeParameters,
	items: IDataObject[],
	credential: ReturnType<typeof freshCredential>,
): Promise<StepRun> {
	const result = await runNode({ nodeType, parameters, items, credentials: [credential] });
	const task = result.run.data.resultData.runData['Node Under Test']?.[0];
	return {
		step,
		startMs: task?.startTime ?? 0,
		ms: task?.executionTime ?? 0,
		outputs: result.output.map((item) => item.json),
		error: result.error?.message,
	};
}

/**
 * Upsert → Add to List and Subscribe → Track "Affiliate Approved", each fed the same rows (a workflow where each
 * step reads the CSV row: Upsert's output carries no referral link, which the welcome event needs). The calls are
 * what a chained workflow makes too. One credential for the three steps, so they share one rate gate as in n8n.
 */
export async function runPipeline(nodes: ActionNodes, baseUrl: string, rows: IDataObject[]): Promise<PipelineRun> {
	const credential = freshCredential(baseUrl);
	const startedAt = Date.now();
	const steps: StepRun[] = [];
	steps.push(await runStep('upsert', new nodes.upsert(), STEP_PARAMETERS.upsert, rows, credential));
	steps.push(await runStep('addToList', new nodes.addToList(), STEP_PARAMETERS.addToList as INodeParameters, rows, credential));
	steps.push(await runStep('track', new nodes.track(), STEP_PARAMETERS.track, rows, credential));
	const outerMs = Date.now() - startedAt;
	return { steps, nodesMs: steps.reduce((sum, step) => sum + step.ms, 0), outerMs, startedAt };
}

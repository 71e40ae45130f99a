import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { countByOperation, total } from '../lib/analysis';
import { AFFILIATE_LIST, STEP_PARAMETERS, affiliateRows } from '../lib/data';
import type { ActionNodes } from '../lib/dist';
import { freshCredential, runStep, type StepRun } from '../lib/pipeline';
import type { RemoteDouble } from '../lib/remoteDouble';
import { median, round } from '../lib/stats';

/** Passes its items on untouched: what n8n-core and the harness cost per item for any node. */
class PassThrough implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Pass Through',
		name: 'benchPassThrough',
		group: ['transform'],
		version: 1,
		description: 'Returns its input',
		defaults: { name: 'Pass Through' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

export interface NodeOverhead {
	/** The node's own CPU per item: its run minus a pass-through node's run over the same items. */
	us_per_item: number;
	/** Everything the bench process spent per item during the harness run (n8n-core, item source, HTTP client). */
	us_per_item_gross: number;
	calls: number;
	runs_us_per_item: number[];
}

export interface OverheadResult {
	items: number;
	runs: number;
	engine_us_per_item: number;
	us_per_item: Record<string, number>;
	nodes: Record<string, NodeOverhead>;
}

/**
 * CPU time of the bench process (process.cpuUsage: user + system, all threads) around one harness run. The double
 * runs in its own process, without rate limits and with instant jobs, so the bench process's CPU is n8n-core, the
 * harness's item source, the node and the HTTP client sending the node's few bulk requests — never the double's
 * request validation. A pass-through node over the same items gives the part that is not the node's own.
 */
async function cpuPerItem(double: RemoteDouble, run: (baseUrl: string) => Promise<StepRun>, items: number) {
	await double.reset();
	await double.seed({ lists: [AFFILIATE_LIST] });
	const before = process.cpuUsage();
	const step = await run(double.url);
	const used = process.cpuUsage(before);
	if (step.error) throw new Error(`${step.step} failed in the overhead run: ${step.error}`);
	const calls = total(countByOperation(await double.requests()));
	return { usPerItem: (used.user + used.system) / items, calls };
}

export async function runOverhead(double: RemoteDouble, nodes: ActionNodes, items: number, runs: number): Promise<OverheadResult> {
	const rows = affiliateRows(items, 'oh');
	const warmRows = affiliateRows(1_000, 'ow');
	const subjects: Array<[string, () => INodeType, INodeParameters]> = [
		['passThrough', () => new PassThrough(), {}],
		['upsert', () => new nodes.upsert(), STEP_PARAMETERS.upsert],
		['addToList', () => new nodes.addToList(), STEP_PARAMETERS.addToList as INodeParameters],
		['track', () => new nodes.track(), STEP_PARAMETERS.track],
	];
	const measured: Record<string, { runs: number[]; calls: number }> = {};
	for (const [name, make, parameters] of subjects) {
		const step = (input: typeof rows) => (baseUrl: string) =>
			runStep(name as StepRun['step'], make(), parameters, input, freshCredential(baseUrl));
		await cpuPerItem(double, step(warmRows), warmRows.length);
		const samples: number[] = [];
		let calls = 0;
		for (let i = 0; i < runs; i++) {
			const result = await cpuPerItem(double, step(rows), rows.length);
			samples.push(result.usPerItem);
			calls = result.calls;
		}
		measured[name] = { runs: samples, calls };
	}
	const engine = median(measured.passThrough.runs);
	const result: OverheadResult = { items, runs, engine_us_per_item: round(engine, 1), us_per_item: {}, nodes: {} };
	for (const name of ['upsert', 'addToList', 'track']) {
		const gross = median(measured[name].runs);
		result.us_per_item[name] = round(gross - engine, 1);
		result.nodes[name] = {
			us_per_item: round(gross - engine, 1),
			us_per_item_gross: round(gross, 1),
			calls: measured[name].calls,
			runs_us_per_item: measured[name].runs.map((value) => round(value, 1)),
		};
	}
	return result;
}

import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

import type { N8nInstance } from '../../test/e2e/n8nInstance';
import { installAsCommunityPackage } from '../../test/e2e/packageInstall';
import { REPO_ROOT } from '../lib/paths';

const WORKFLOWS_DIR = join(REPO_ROOT, 'bench', 'workflows');

/** Placeholders in the committed workflows, replaced when the bench imports them. */
const KLAVIYO_URL = 'https://a.klaviyo.com';
const CSV_PLACEHOLDER = '/data/affiliates.csv';

/** A key the double accepts (any `pk_…`); a test value, not a secret. */
export const BENCH_API_KEY = 'pk_bench_n8n_0123456789abcdef';

export interface BenchWorkflow {
	file: string;
	id: string;
	nodes: Array<{ name: string; type: string; parameters: Record<string, unknown>; webhookId?: string }>;
}

export interface ImportContext {
	doubleUrl: string;
	csvPath: string;
	refersionSecret: string;
	/** The double's rate-limit factor: HTTP Request batch sizes are multiplied by it, so core keeps the same pace relative to the limits. */
	k: number;
	/** Per workflow file, node parameters to override (e.g. the trigger's replay store). */
	overrides?: Record<string, Record<string, Record<string, unknown>>>;
	/** Per workflow file, the workflow's static data at import (e.g. a replay store already at its cap). */
	staticData?: Record<string, Record<string, unknown>>;
}

/** Reads a committed workflow with its placeholders filled in and core's batch sizes scaled by k. */
export function loadWorkflow(file: string, context: ImportContext): BenchWorkflow {
	const text = readFileSync(join(WORKFLOWS_DIR, file), 'utf8')
		.split(KLAVIYO_URL)
		.join(context.doubleUrl)
		.split(CSV_PLACEHOLDER)
		.join(context.csvPath);
	const workflow = { ...(JSON.parse(text) as Omit<BenchWorkflow, 'file'>), file };
	for (const node of workflow.nodes) {
		const batch = (node.parameters.options as { batching?: { batch?: { batchSize: number } } } | undefined)?.batching?.batch;
		if (batch) batch.batchSize = Math.round(batch.batchSize * context.k);
		Object.assign(node.parameters, context.overrides?.[file]?.[node.name] ?? {});
	}
	if (context.staticData?.[file]) Object.assign(workflow, { staticData: context.staticData[file] });
	return workflow;
}

/** Items a node sends per batch and the pause between batches, as the committed workflow (real limits) has them. */
export function batchingOf(file: string): Array<{ node: string; batchSize: number; intervalMs: number }> {
	const workflow = JSON.parse(readFileSync(join(WORKFLOWS_DIR, file), 'utf8')) as Omit<BenchWorkflow, 'file'>;
	return workflow.nodes.flatMap((node) => {
		const batch = (node.parameters.options as { batching?: { batch?: { batchSize: number; batchInterval: number } } } | undefined)
			?.batching?.batch;
		return batch ? [{ node: node.name, batchSize: batch.batchSize, intervalMs: batch.batchInterval }] : [];
	});
}

/**
 * A user folder with the package installed as a community package, the bench's credentials (our Klaviyo API
 * credential and, for the core workflows, a Header Auth credential with `Klaviyo-API-Key …`) pointed at the double,
 * and the given workflows imported.
 */
export async function prepareInstance(n8n: N8nInstance, tarball: string, files: string[], context: ImportContext): Promise<BenchWorkflow[]> {
	installAsCommunityPackage(n8n.userFolder, tarball);
	n8n.extraEnv.N8N_RESTRICT_FILE_ACCESS_TO = join(n8n.userFolder, 'files');
	n8n.writeJson('bench-credentials.json', [
		{ id: 'klaviyoKeyCred01', name: 'Klaviyo (private key)', type: 'klaviyoApi', data: { apiKey: BENCH_API_KEY, baseUrl: context.doubleUrl } },
		{
			id: 'klaviyoHeaderAuth',
			name: 'Klaviyo private key (Header Auth)',
			type: 'httpHeaderAuth',
			data: { name: 'Authorization', value: `Klaviyo-API-Key ${BENCH_API_KEY}` },
		},
		{ id: 'benchRefersionSc', name: 'Refersion signing secret (bench)', type: 'affiliateWebhookSecretApi', data: { secret: context.refersionSecret } },
		// The DIY verification's Crypto node (v2) reads its HMAC secret from n8n's Crypto credential.
		{ id: 'benchCryptoHmac1', name: 'Refersion signing secret (Crypto)', type: 'crypto', data: { hmacSecret: context.refersionSecret } },
	]);
	await n8n.cli(['import:credentials', `--input=${join(n8n.userFolder, 'bench-credentials.json')}`]);
	const dir = join(n8n.userFolder, 'bench-workflows');
	mkdirSync(dir, { recursive: true });
	const workflows = files.map((file) => loadWorkflow(file, context));
	for (const workflow of workflows) writeFileSync(join(dir, workflow.file), JSON.stringify({ ...workflow, file: undefined }));
	await n8n.cli(['import:workflow', '--separate', `--input=${dir}`]);
	return workflows;
}

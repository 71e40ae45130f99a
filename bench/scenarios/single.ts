import { createHmac, randomBytes } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';

import { countByOperation, total } from '../lib/analysis';
import { AFFILIATE_LIST } from '../lib/data';
import type { ActionNodes, WebhookModule } from '../lib/dist';
import { runPipeline } from '../lib/pipeline';
import type { RemoteDouble } from '../lib/remoteDouble';
import { median, round } from '../lib/stats';

export interface SingleResult {
	runs: number;
	/** Calls per affiliate, each run on its own (they are all the same; checked). */
	calls: number;
	callsByOperation: Record<string, number>;
	/** The three nodes' own time for one affiliate, median and worst of the runs. */
	wall_ms_p50: number;
	wall_ms_max: number;
	/** Verify + parse + normalize of the delivery that started it. */
	trigger_us: number;
	errors: string[];
}

/** A Refersion "affiliate approved" delivery (AFFILIATE_STATUS_CHANGE to ACTIVE) for affiliate `n`, signed. */
function approvedDelivery(n: number, secret: string) {
	const body = JSON.stringify({
		id: 50_000 + n,
		code: `code${n}`,
		status: 'ACTIVE',
		first_name: 'Ada',
		last_name: `Lovelace${n}`,
		email: `single-${n}@example.com`,
		company: 'Analytical Engines',
		country: 'GB',
		source: 'SIGNUP_FORM',
		offer: { id: 12, name: 'Spring Offer' },
	});
	const rawBody = Buffer.from(body, 'utf8');
	const headers = {
		'content-type': 'application/json',
		'refersion-topic': 'AFFILIATE_STATUS_CHANGE',
		'refersion-signature': createHmac('sha256', secret).update(rawBody).digest('base64'),
	};
	return { rawBody, headers };
}

/**
 * Webhook-sized: one approved affiliate, from the signed delivery to Klaviyo — the trigger's verify + normalize,
 * then Upsert, Add to List and Subscribe, Track "Affiliate Approved" on the normalized event (the per-item paths).
 * Each run is its own workflow run with its own credential, one after another.
 */
export async function runSingle(double: RemoteDouble, nodes: ActionNodes, webhooks: WebhookModule, runs: number): Promise<SingleResult> {
	await double.reset();
	await double.seed({ lists: [AFFILIATE_LIST] });
	const secret = randomBytes(24).toString('hex');
	const walls: number[] = [];
	const triggerUs: number[] = [];
	const perRun: number[] = [];
	const errors: string[] = [];
	let seen = 0;
	for (let n = 0; n < runs; n++) {
		const { rawBody, headers } = approvedDelivery(n, secret);
		const start = process.hrtime.bigint();
		const verdict = webhooks.verifyWebhookSignature({ scheme: 'refersion', secret, headers, rawBody });
		const events = webhooks.normalizeAffiliateWebhook({ platform: 'refersion', headers, body: JSON.parse(rawBody.toString('utf8')) });
		triggerUs.push(Number(process.hrtime.bigint() - start) / 1000);
		if (!verdict.valid || events[0]?.type !== 'affiliate.approved') throw new Error(`delivery ${n} did not verify/normalize`);
		const run = await runPipeline(nodes, double.url, events as unknown as IDataObject[]);
		walls.push(run.nodesMs);
		errors.push(...run.steps.filter((step) => step.error).map((step) => `${step.step}: ${step.error}`));
		const log = await double.requests();
		perRun.push(log.length - seen);
		seen = log.length;
	}
	const log = await double.requests();
	const byOperation = countByOperation(log);
	if (new Set(perRun).size > 1) errors.push(`calls differ between runs: ${perRun.join(', ')}`);
	return {
		runs,
		calls: round(total(byOperation) / runs, 2),
		callsByOperation: Object.fromEntries(Object.entries(byOperation).map(([operation, calls]) => [operation, round(calls / runs, 2)])),
		wall_ms_p50: median(walls),
		wall_ms_max: Math.max(...walls),
		trigger_us: round(median(triggerUs), 1),
		errors,
	};
}

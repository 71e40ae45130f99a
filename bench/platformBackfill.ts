/**
 * `npx tsx bench/platformBackfill.ts [--affiliates N]` — figures, not a test.
 *
 * Calls and wall time for the Affiliate Platform node's Get Many Affiliates (Return All, any status) over N
 * affiliates (10,000 by default) from each platform double at that platform's documented limit: Rewardful 45
 * requests / 30 s, FirstPromoter 400 / minute, 100 records per page on both. Runs the node through n8n-core's
 * WorkflowExecute as the integration tests do.
 */
import { join } from 'node:path';

import { runNode } from '../test/harness/runWorkflow';
import { stopN8nTimers } from './lib/env';
import { FIRSTPROMOTER_ACCOUNT, FIRSTPROMOTER_KEY, startFirstPromoterDouble } from '../test/platformDoubles/firstpromoter';
import { REWARDFUL_SECRET, startRewardfulDouble } from '../test/platformDoubles/rewardful';
import type { RunningDouble } from '../test/platformDoubles/server';

// By file name: next to `AffiliatePlatform.node.ts` lies the codex `AffiliatePlatform.node.json`, which tsx would load.
const { AffiliatePlatform } = require(join(__dirname, '..', 'nodes', 'AffiliatePlatform', 'AffiliatePlatform.node.ts')) as typeof import('../nodes/AffiliatePlatform/AffiliatePlatform.node');

const flag = process.argv.indexOf('--affiliates');
const AFFILIATES = flag > 0 ? Number(process.argv[flag + 1]) : 10_000;

async function measure(platform: 'rewardful' | 'firstpromoter', double: RunningDouble, credential: Record<string, unknown>, type: string) {
	const started = Date.now();
	const { output, error } = await runNode({
		nodeType: new AffiliatePlatform(),
		parameters: { platform, resource: 'affiliate', operation: 'getAll', returnAll: true, status: 'any' },
		items: [{}],
		credentials: [{ id: `${platform}-bench`, name: platform, type, data: { ...credential, baseUrl: double.url } }],
	});
	const wallSeconds = (Date.now() - started) / 1000;
	const requests = double.requests();
	return {
		platform,
		affiliates: output.length,
		calls: requests.length,
		throttled429: requests.filter((request) => request.status === 429).length,
		wallSeconds: Math.round(wallSeconds * 10) / 10,
		affiliatesPerSecond: Math.round(output.length / wallSeconds),
		error: error?.message,
	};
}

async function main(): Promise<void> {
	const rewardful = await startRewardfulDouble({ seed: AFFILIATES });
	const firstPromoter = await startFirstPromoterDouble({ seed: AFFILIATES });
	try {
		const rows = [
			await measure('rewardful', rewardful, { apiSecret: REWARDFUL_SECRET }, 'rewardfulApi'),
			await measure('firstpromoter', firstPromoter, { apiKey: FIRSTPROMOTER_KEY, accountId: FIRSTPROMOTER_ACCOUNT }, 'firstPromoterApi'),
		];
		console.table(rows);
		console.log(JSON.stringify(rows));
	} finally {
		await Promise.all([rewardful.close(), firstPromoter.close()]);
	}
}

main()
	.catch((error) => {
		console.error(error);
		process.exitCode = 1;
	})
	.finally(() => {
		// n8n-core leaves timers scheduled that would keep the process up after the figures are out, as in bench/run.ts.
		stopN8nTimers();
		process.stdout.write('', () => process.exit());
	});

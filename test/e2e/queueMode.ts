import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

import { startKlaviyoDouble } from '../double';
import type { KlaviyoDouble } from '../double/types';
import { Checks } from './checks';
import { EXAMPLE_OAUTH_CLIENT, importExampleCredentials } from './exampleSetup';
import { ensureN8n, N8N_TARGETS } from './n8nInstall';
import type { N8nInstance } from './n8nInstance';
import { packPackage, prepareExamples } from './packageInstall';
import { startPostgres } from './postgres';
import { QueueCluster } from './queueCluster';
import { QUEUE_EXAMPLES, runQueueScenario } from './queueScenario';
import { startRedis } from './redis';
import { Teardown } from './teardown';

const log = (line: string) => process.stdout.write(`[queue] ${line}\n`);

/**
 * `npm run test:queue`: the package in n8n 2.41.1's queue mode — PostgreSQL, Redis, a main process, a webhook
 * process and a worker — receiving signed deliveries on production webhook URLs, against the Klaviyo double.
 */
async function main(): Promise<void> {
	const started = Date.now();
	const teardown = new Teardown(log);
	teardown.stopOnSignals();
	const target = N8N_TARGETS.find((candidate) => candidate.version.startsWith('2.'))!;
	const checks = new Checks(`${target.version} queue mode`, log);
	let cluster: QueueCluster | undefined;
	try {
		log('building the package');
		execFileSync('npm', ['run', 'build', '--silent'], { cwd: join(__dirname, '..', '..'), stdio: 'inherit' });
		const tarball = packPackage();
		const install = ensureN8n(target);
		const double = await startKlaviyoDouble({ quiet: true, seedLists: false, jobDurationMs: 100, oauth: EXAMPLE_OAUTH_CLIENT });
		teardown.add('the Klaviyo double', () => double.close());
		double.seed({ lists: [{ id: 'AffList001', name: 'Affiliates', opt_in_process: 'single_opt_in' }] });
		const redis = await startRedis();
		teardown.add('Redis', () => redis.stop());
		const postgres = await startPostgres();
		teardown.add('PostgreSQL', () => postgres.stop());
		log(`Redis on 127.0.0.1:${redis.port}, PostgreSQL on 127.0.0.1:${postgres.port} (${Math.round((Date.now() - started) / 1000)} s)`);
		const made = await QueueCluster.create(install, tarball, redis, postgres);
		cluster = made;
		teardown.add('the n8n processes', () => made.stop());
		await importExamples(made.main, double);
		log(`credentials and workflows imported into PostgreSQL (${Math.round((Date.now() - started) / 1000)} s)`);
		await made.startMain();
		await made.startWebhook();
		log(`main and webhook processes up (${Math.round((Date.now() - started) / 1000)} s)`);
		await runQueueScenario({ cluster: made, double, redis, postgres, checks, log });
	} catch (error) {
		checks.ok('the run completed', false, error instanceof Error ? (error.stack ?? error.message) : String(error));
	} finally {
		if (checks.failed > 0 && cluster) {
			for (const [name, instance] of Object.entries({ main: cluster.main, webhook: cluster.webhook, worker: cluster.worker })) {
				log(`${name} log tail (full JSON log: ${join(instance.userFolder, 'n8n.log')}):\n${instance.log().slice(-3000)}`);
			}
		}
		await teardown.run();
		// Kept on failure, for the full logs.
		if (checks.failed === 0) cluster?.removeUserFolders();
	}
	log(`${checks.results.length - checks.failed} passed, ${checks.failed} failed, ${Math.round((Date.now() - started) / 1000)} s in all`);
	process.exitCode = checks.failed > 0 ? 1 : 0;
}

/**
 * Through the main process's user folder and n8n's CLI, as an operator would: the examples' credentials, then the two
 * workflows, activated. The first CLI call also runs n8n's migrations on the empty PostgreSQL database.
 */
async function importExamples(main: N8nInstance, double: KlaviyoDouble): Promise<void> {
	await importExampleCredentials(main, double);
	const folder = join(main.userFolder, 'workflows');
	prepareExamples(folder, { customPrefix: false, csvPath: join(main.userFolder, 'unused.csv') });
	for (const example of Object.values(QUEUE_EXAMPLES)) {
		await main.cli(['import:workflow', `--input=${join(folder, example.file)}`]);
		await main.cli(['update:workflow', `--id=${example.workflowId}`, '--active=true']);
	}
}

main().catch((error) => {
	process.stderr.write(`[queue] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exitCode = 1;
});

import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import type { N8nInstall } from './n8nInstall';
import { freePort, N8nInstance } from './n8nInstance';
import { installAsCommunityPackage } from './packageInstall';
import type { PostgresServer } from './postgres';
import type { RedisServer } from './redis';

/** One line of an n8n log file (winston JSON: the message, and metadata such as executionId, jobId, workerId). */
export interface LogEntry {
	level: string;
	message: string;
	metadata: Record<string, unknown>;
}

/**
 * n8n in queue mode as it is deployed: a main process (editor, activation, and production webhooks too), a webhook
 * process, and a worker that runs the executions, all on one PostgreSQL and one Redis, with one encryption key.
 *
 * Each process has its own user folder — as separate containers or hosts would — and so its own copy of the
 * community package, installed from the tarball, as the README tells queue-mode users to do. That way a process
 * that lacked the package would show (the worker could not run the nodes, the webhook process could not verify a
 * delivery), and the processes share no local files: crash journal, event log, binary data, runner ports.
 */
export class QueueCluster {
	private constructor(
		readonly main: N8nInstance,
		readonly webhook: N8nInstance,
		readonly worker: N8nInstance,
		private readonly workerHealthPort: number,
	) {}

	static async create(install: N8nInstall, tarball: string, redis: RedisServer, postgres: PostgresServer): Promise<QueueCluster> {
		const shared = {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			...postgres.n8nEnv(),
			// The console keeps only a short tail; the file keeps every line, as JSON with its metadata.
			N8N_LOG_OUTPUT: 'console,file',
			N8N_LOG_LEVEL: 'info',
		};
		const workerHealthPort = await freePort();
		const main = await N8nInstance.create(install, { extraEnv: shared });
		const webhook = await N8nInstance.create(install, { extraEnv: shared });
		const worker = await N8nInstance.create(install, {
			extraEnv: {
				...shared,
				// The worker's own id is only logged at debug level ("Host ID: worker-…"); the main and webhook processes
				// log the id of the worker that finished each job, which this test matches against it.
				N8N_LOG_LEVEL: 'debug',
				// The worker's HTTP server (health checks) is how the test knows it is ready; 127.0.0.1, not n8n's '::'.
				QUEUE_HEALTH_CHECK_ACTIVE: 'true',
				QUEUE_HEALTH_CHECK_PORT: String(workerHealthPort),
				N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			},
		});
		for (const instance of [main, webhook, worker]) {
			installAsCommunityPackage(instance.userFolder, tarball);
			instance.extraEnv.N8N_LOG_FILE_LOCATION = join(instance.userFolder, 'n8n.log');
		}
		return new QueueCluster(main, webhook, worker, workerHealthPort);
	}

	/** `n8n start`: migrations are done by the CLI imports before; ready when the REST API answers. */
	async startMain(): Promise<void> {
		await this.main.start();
	}

	/** `n8n webhook`: no REST API; its readiness check turns 200 once the webhook routes are registered. */
	async startWebhook(): Promise<void> {
		await this.webhook.startCommand(['webhook'], async () => (await fetch(`${this.webhook.baseUrl}/healthz/readiness`)).ok);
	}

	/** `n8n worker`: ready when its health server says the database and Redis are connected. */
	async startWorker(): Promise<void> {
		await this.worker.startCommand(['worker'], async () => (await fetch(`http://127.0.0.1:${this.workerHealthPort}/healthz/readiness`)).ok);
	}

	/** Workers first, so no job is left half-run by a worker whose main process is already gone. */
	async stop(): Promise<void> {
		for (const instance of [this.worker, this.webhook, this.main]) await instance.stop();
	}

	removeUserFolders(): void {
		for (const instance of [this.main, this.webhook, this.worker]) rmSync(instance.userFolder, { recursive: true, force: true });
	}

	static logEntries(instance: N8nInstance): LogEntry[] {
		const file = join(instance.userFolder, 'n8n.log');
		if (!existsSync(file)) return [];
		return readFileSync(file, 'utf8')
			.split('\n')
			.filter((line) => line.startsWith('{'))
			.map((line) => JSON.parse(line) as LogEntry);
	}

	/** The worker's host id, from its own log ("Host ID: worker-…"). */
	workerHostId(): string | undefined {
		const line = QueueCluster.logEntries(this.worker).find((entry) => entry.message.startsWith('Host ID: '));
		return line?.message.slice('Host ID: '.length);
	}
}

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { N8nInstall } from './n8nInstall';

export async function freePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}

/** Local, throw-away instances only: this account exists nowhere else. */
const OWNER = { email: 'owner@example.com', firstName: 'Sandbox', lastName: 'Owner', password: 'Sandbox-pass-1' };

export interface InstanceOptions {
	/** Load the package from these folders (N8N_CUSTOM_EXTENSIONS), instead of `<user folder>/.n8n/nodes`. */
	customExtensions?: string[];
	extraEnv?: Record<string, string>;
}

/** One n8n user folder (database, encryption key, installed community packages) and the processes run on it. */
export class N8nInstance {
	readonly userFolder: string;

	readonly port: number;

	/** Environment set after creation (e.g. paths inside the user folder). */
	readonly extraEnv: Record<string, string> = {};

	private server?: ChildProcess;

	private serverLog = '';

	/** Every instance with a server running, so a signal can stop them all (see stopAllOnSignals). */
	private static readonly running = new Set<N8nInstance>();

	private constructor(
		readonly install: N8nInstall,
		port: number,
		private readonly brokerPort: number,
		private readonly options: InstanceOptions,
	) {
		this.port = port;
		this.userFolder = mkdtempSync(join(tmpdir(), `n8n-e2e-${install.version}-`));
		mkdirSync(join(this.userFolder, '.n8n'), { recursive: true });
	}

	/** On SIGINT / SIGTERM: stop every n8n still running (Node would exit at once and leave them behind), then exit. */
	static stopAllOnSignals(log: (line: string) => void): void {
		for (const signal of ['SIGINT', 'SIGTERM'] as const) {
			process.once(signal, () => {
				log(`${signal}: stopping ${N8nInstance.running.size} n8n process(es) …`);
				void Promise.all([...N8nInstance.running].map(async (instance) => await instance.stop())).finally(() => process.exit(130));
			});
		}
	}

	static async create(install: N8nInstall, options: InstanceOptions = {}): Promise<N8nInstance> {
		return new N8nInstance(install, await freePort(), await freePort(), options);
	}

	get baseUrl(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	env(): NodeJS.ProcessEnv {
		return {
			PATH: `${join(this.install.nodeBin, '..')}:${process.env.PATH}`,
			HOME: this.userFolder,
			N8N_USER_FOLDER: this.userFolder,
			N8N_ENCRYPTION_KEY: 'e2e-encryption-key-not-a-secret',
			N8N_PORT: String(this.port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			WEBHOOK_URL: `${this.baseUrl}/`,
			N8N_RUNNERS_BROKER_PORT: String(this.brokerPort),
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			N8N_SECURE_COOKIE: 'false',
			N8N_LOG_LEVEL: 'warn',
			DB_SQLITE_POOL_SIZE: '2',
			NODE_ENV: 'production',
			...(this.options.customExtensions ? { N8N_CUSTOM_EXTENSIONS: this.options.customExtensions.join(';') } : {}),
			...this.options.extraEnv,
			...this.extraEnv,
		};
	}

	/**
	 * Runs one n8n CLI command to completion (import, execute, update …). Asynchronous on purpose: the Klaviyo double
	 * lives in this process and must keep answering while `n8n execute` calls it.
	 */
	async cli(args: string[], what = `n8n ${args[0]}`): Promise<string> {
		const child = spawn(this.install.nodeBin, [this.install.n8nBin, ...args], { env: this.env(), stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		const timer = setTimeout(() => child.kill('SIGKILL'), 10 * 60_000);
		const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
		clearTimeout(timer);
		if (code !== 0) throw new Error(`${what} failed (exit ${code}):\n${stdout.slice(-4000)}\n${stderr.slice(-4000)}`);
		return stdout;
	}

	writeJson(name: string, data: unknown): string {
		const path = join(this.userFolder, name);
		writeFileSync(path, JSON.stringify(data, null, 2));
		return path;
	}

	/** Starts `n8n start` and waits until its health check answers. */
	async start(timeoutMs = 180_000): Promise<void> {
		// /healthz/readiness answers before the REST routes and webhooks are registered, and while migrations run
		// every route answers 200 "n8n is starting up"; the settings JSON means it is really up.
		await this.startCommand(['start'], async () => {
			const response = await fetch(`${this.baseUrl}/rest/settings`);
			return response.ok && (await response.text()).startsWith('{"data"');
		}, timeoutMs);
	}

	/**
	 * Starts a long-running n8n command on this user folder (`start`, or in queue mode `worker` / `webhook`, which
	 * have no REST API) and waits until `ready` says so; a `ready` that throws counts as not ready yet.
	 */
	async startCommand(args: string[], ready: () => Promise<boolean>, timeoutMs = 180_000): Promise<void> {
		this.server = spawn(this.install.nodeBin, [this.install.n8nBin, ...args], { env: this.env(), stdio: ['ignore', 'pipe', 'pipe'] });
		N8nInstance.running.add(this);
		const collect = (chunk: Buffer) => {
			this.serverLog = (this.serverLog + chunk.toString()).slice(-20_000);
		};
		this.server.stdout?.on('data', collect);
		this.server.stderr?.on('data', collect);
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			if (this.server.exitCode !== null) throw new Error(`n8n ${args[0]} exited with ${this.server.exitCode}:\n${this.serverLog}`);
			try {
				if (await ready()) return;
			} catch {
				// not listening yet
			}
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		throw new Error(`n8n ${args[0]} did not become ready in ${timeoutMs / 1000} s:\n${this.serverLog}`);
	}

	private cookie?: string;

	/** The owner account the REST helpers set up (and a person can log in with). */
	async owner(): Promise<{ email: string; password: string }> {
		await this.rest('/rest/settings');
		return { email: OWNER.email, password: OWNER.password };
	}

	/** Sets up the owner account on first use and logs in, as the editor does (the auth cookie is tied to browser-id). */
	async rest(path: string, init: RequestInit = {}): Promise<Response> {
		const headers: Record<string, string> = { 'content-type': 'application/json', 'browser-id': 'e2e-browser' };
		for (let attempt = 0; !this.cookie; attempt++) {
			const owner = OWNER;
			let response = await fetch(`${this.baseUrl}/rest/owner/setup`, { method: 'POST', headers, body: JSON.stringify(owner) });
			if (!response.ok) {
				response = await fetch(`${this.baseUrl}/rest/login`, {
					method: 'POST',
					headers,
					body: JSON.stringify({ emailOrLdapLoginId: owner.email, email: owner.email, password: owner.password }),
				});
			}
			if (response.ok) this.cookie = (response.headers.get('set-cookie') ?? '').split(';')[0];
			// The auth routes register a moment after the server starts answering (404 until then).
			else if (response.status !== 404 || attempt > 60) throw new Error(`could not log in to n8n: ${response.status} ${(await response.text()).slice(0, 300)}`);
			else await new Promise((resolve) => setTimeout(resolve, 500));
		}
		return await fetch(`${this.baseUrl}${path}`, { ...init, headers: { ...headers, cookie: this.cookie, ...(init.headers as object) } });
	}

	/** Node and credential type names n8n has loaded, as the editor receives them. */
	async loadedTypes(): Promise<{ nodes: string[]; credentials: string[] }> {
		// n8n writes these files while it starts; until it has finished, a read can see half a file.
		const read = async (file: string): Promise<string[]> => {
			let last = '';
			for (let attempt = 0; attempt < 20; attempt++) {
				const response = await this.rest(`/types/${file}.json`);
				last = await response.text();
				try {
					if (response.ok) return (JSON.parse(last) as Array<{ name: string }>).map((type) => type.name);
				} catch {
					// incomplete: try again
				}
				await new Promise((resolve) => setTimeout(resolve, 500));
			}
			throw new Error(`GET /types/${file}.json never returned complete JSON: ${last.slice(0, 200)}`);
		};
		return { nodes: await read('nodes'), credentials: await read('credentials') };
	}

	log(): string {
		return this.serverLog;
	}

	async stop(): Promise<void> {
		N8nInstance.running.delete(this);
		const server = this.server;
		if (!server || server.exitCode !== null) return;
		const exited = new Promise((resolve) => server.once('exit', resolve));
		server.kill('SIGTERM');
		const timer = setTimeout(() => server.kill('SIGKILL'), 20_000);
		await exited;
		clearTimeout(timer);
	}

	/**
	 * Reads n8n's own database with the sqlite3 module n8n ships (built for its Node), so assertions see the
	 * execution records n8n wrote, not what the harness believes.
	 */
	query<T = Record<string, unknown>>(sql: string): T[] {
		const script = `
			const sqlite3 = require(${JSON.stringify(join(this.install.dir, 'node_modules', 'sqlite3'))});
			const db = new sqlite3.Database(${JSON.stringify(join(this.userFolder, '.n8n', 'database.sqlite'))}, sqlite3.OPEN_READONLY);
			db.all(${JSON.stringify(sql)}, (error, rows) => { if (error) { console.error(error.message); process.exit(1); } process.stdout.write(JSON.stringify(rows)); db.close(); });`;
		const result = spawnSync(this.install.nodeBin, ['-e', script], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
		if (result.status !== 0) throw new Error(`query failed: ${result.stderr}`);
		return JSON.parse(result.stdout) as T[];
	}
}

import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { freePort } from './n8nInstance';

export interface PostgresServer {
	port: number;
	database: string;
	user: string;
	/** The DB_* variables every n8n process of the cluster gets. */
	n8nEnv(): Record<string, string>;
	/** Rows of one SELECT, read with psql as JSON: what n8n wrote, not what the harness believes. */
	query<T = Record<string, unknown>>(sql: string): T[];
	stop(): Promise<void>;
}

const DATABASE = 'n8n';
const USER = 'n8n';

/**
 * The folder holding initdb, pg_ctl and psql of one PostgreSQL version: pg_ctl's own folder when it is on PATH
 * (Debian links it from /usr/lib/postgresql/<v>/bin), else the newest Debian install.
 */
function binDir(): string {
	const onPath = spawnSync('sh', ['-c', 'command -v pg_ctl'], { encoding: 'utf8' }).stdout.trim();
	const candidates = onPath ? [dirname(realpathSync(onPath))] : [];
	const debian = '/usr/lib/postgresql';
	if (existsSync(debian)) {
		const versions = readdirSync(debian).filter((name) => /^\d+$/.test(name)).sort((a, b) => Number(b) - Number(a));
		candidates.push(...versions.map((version) => join(debian, version, 'bin')));
	}
	const found = candidates.find((dir) => ['initdb', 'pg_ctl', 'psql'].every((tool) => existsSync(join(dir, tool))));
	if (!found) throw new Error('PostgreSQL server binaries not found (Debian: apt-get install -y postgresql)');
	return found;
}

/** PostgreSQL refuses to run as root: as root, the cluster belongs to the `postgres` OS user and runs as it. */
function runAs(): { uid: number; gid: number; prefix: string[] } | undefined {
	if (process.getuid?.() !== 0) return undefined;
	const entry = readFileSync('/etc/passwd', 'utf8')
		.split('\n')
		.map((line) => line.split(':'))
		.find((fields) => fields[0] === 'postgres');
	if (!entry) throw new Error('running as root, and there is no `postgres` OS user to run PostgreSQL as (it comes with Debian\'s postgresql package)');
	return { uid: Number(entry[2]), gid: Number(entry[3]), prefix: ['runuser', '-u', 'postgres', '--'] };
}

function run(command: string[], what: string): string {
	const result = spawnSync(command[0], command.slice(1), { encoding: 'utf8', cwd: tmpdir(), maxBuffer: 64 * 1024 * 1024 });
	if (result.status !== 0) throw new Error(`${what} failed (exit ${result.status}): ${result.error?.message ?? ''}\n${result.stdout}\n${result.stderr}`);
	return result.stdout;
}

/**
 * A throw-away cluster: initdb into a temporary folder, trust authentication, TCP on 127.0.0.1 only (its Unix
 * socket in that folder), durability off (fsync, synchronous commit: nothing here outlives the run), own database.
 */
export async function startPostgres(): Promise<PostgresServer> {
	const bin = binDir();
	const owner = runAs();
	const prefix = owner?.prefix ?? [];
	const root = mkdtempSync(join(tmpdir(), 'n8n-queue-pg-'));
	if (owner) chownSync(root, owner.uid, owner.gid);
	const data = join(root, 'data');
	const port = await freePort();
	run([...prefix, join(bin, 'initdb'), '-D', data, '-U', USER, '--auth=trust', '--encoding=UTF8', '--no-locale', '--no-sync'], 'initdb');
	const options = [`-p ${port}`, "-c listen_addresses='127.0.0.1'", `-k ${root}`, '-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off'];
	const pgCtl = [...prefix, join(bin, 'pg_ctl')];
	let started = false;
	const stop = async () => {
		// `-m fast`: the n8n processes are gone by now; no need to wait for sessions. pg_ctl detaches the server
		// from the terminal (setsid), so a Ctrl-C never stopped it on its own and this always has work to do.
		if (started) spawnSync(pgCtl[0], [...pgCtl.slice(1), '-D', data, '-m', 'fast', '-w', 'stop'], { stdio: 'ignore' });
		started = false;
		rmSync(root, { recursive: true, force: true });
	};
	try {
		started = true;
		run([...pgCtl, '-D', data, '-l', join(root, 'postgres.log'), '-o', options.join(' '), '-w', '-t', '60', 'start'], 'pg_ctl start');
		const psql = (database: string, sql: string) =>
			run([join(bin, 'psql'), '-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-p', String(port), '-U', USER, '-d', database, '-c', sql], 'psql');
		psql('postgres', `CREATE DATABASE ${DATABASE}`);
		return {
			port,
			database: DATABASE,
			user: USER,
			n8nEnv: () => ({
				DB_TYPE: 'postgresdb',
				DB_POSTGRESDB_HOST: '127.0.0.1',
				DB_POSTGRESDB_PORT: String(port),
				DB_POSTGRESDB_DATABASE: DATABASE,
				DB_POSTGRESDB_USER: USER,
				// Trust authentication never asks for it; n8n wants a value.
				DB_POSTGRESDB_PASSWORD: 'unused-trust-auth',
			}),
			query: <T>(sql: string) => JSON.parse(psql(DATABASE, `SELECT coalesce(json_agg(q), '[]'::json) FROM (${sql}) q`)) as T[],
			stop,
		};
	} catch (error) {
		const log = existsSync(join(root, 'postgres.log')) ? readFileSync(join(root, 'postgres.log'), 'utf8').slice(-3000) : '';
		await stop();
		throw new Error(`${error instanceof Error ? error.message : String(error)}\n${log}`);
	}
}

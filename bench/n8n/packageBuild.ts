import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

import { BENCH_BUILD, ensureFreshBuild } from '../lib/build';
import { REPO_ROOT } from '../lib/paths';


/** Icons and codex files (`*.node.json`) sit beside the sources; tsc does not copy them. */
function copyAssets(dir: string, target: string): void {
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) copyAssets(path, target);
		else if (/\.(svg|png)$|\.node\.json$/.test(entry.name)) cpSync(path, join(target, relative(REPO_ROOT, path)));
	}
}

/** An unused name (another session mid-edit) is lint, not a broken package: compile anyway. */
function lenientCompile(): boolean {
	const tsc = join(REPO_ROOT, 'node_modules', '.bin', 'tsc');
	const flags = ['--outDir', BENCH_BUILD, '--declaration', 'false', '--sourceMap', 'false', '--noUnusedLocals', 'false', '--noUnusedParameters', 'false'];
	return spawnSync(tsc, ['-p', 'tsconfig.json', ...flags], { cwd: REPO_ROOT, encoding: 'utf8' }).status === 0;
}

/**
 * The package's `npm pack` tarball, built from the bench's private compile (.tmp/bench-dist) rather than dist/:
 * other sessions run `npm run build`, which empties dist/ while it works. If the sources do not compile right now
 * (someone mid-edit), the last good compile is packed, and the log says so.
 */
export function packForBench(log: (line: string) => void): { tarball: string; build: string } {
	let build: string;
	try {
		build = ensureFreshBuild(log);
	} catch (error) {
		log(`${(error as Error).message.slice(0, 600)}`);
		build = lenientCompile() ? 'compiled with unused names allowed (someone is mid-edit)' : 'sources do not compile now: packed the last good bench build';
		if (!existsSync(join(BENCH_BUILD, 'nodes'))) throw error;
		log(build);
	}
	// A folder of this run's own: two benches at once must not pack into (or empty) the same one.
	const packageDir = mkdtempSync(join(tmpdir(), 'bench-n8n-package-'));
	for (const file of ['package.json', 'index.js']) cpSync(join(REPO_ROOT, file), join(packageDir, file));
	cpSync(BENCH_BUILD, join(packageDir, 'dist'), { recursive: true });
	for (const dir of ['nodes', 'credentials']) copyAssets(join(REPO_ROOT, dir), join(packageDir, 'dist'));
	const name = execFileSync('npm', ['pack', '--silent', '--ignore-scripts'], { cwd: packageDir, encoding: 'utf8' }).trim().split('\n').pop()!;
	return { tarball: join(packageDir, name), build };
}

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { REPO_ROOT } from './paths';

/**
 * Where the bench's build of the package lives. tsx would resolve the sources' `X.node` imports to the codex
 * `X.node.json`, so the nodes run compiled — by the package's own tsconfig, as `npm run build` compiles them — but
 * into a private directory (git-ignored .tmp/): `npm run build` (n8n-node build) empties dist/ first, which would pull the
 * modules from under another session using dist/, and another session's build would do the same to the bench.
 */
export const BENCH_BUILD = join(REPO_ROOT, '.tmp', 'bench-dist');

/** Newest (or oldest) modification time under `dir` of files whose name passes `keep`. */
function mtimes(dir: string, keep: (name: string) => boolean, pick: (a: number, b: number) => number, start: number): number {
	let result = start;
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) result = mtimes(path, keep, pick, result);
		else if (keep(entry.name)) result = pick(result, statSync(path).mtimeMs);
	}
	return result;
}

/** Compiles the package into BENCH_BUILD when it is missing or older than any source; returns why it did (or not). */
export function ensureFreshBuild(log: (line: string) => void): string {
	const newestSource = Math.max(
		...['nodes', 'credentials'].map((dir) => mtimes(join(REPO_ROOT, dir), (name) => /\.(ts|json)$/.test(name), Math.max, 0)),
		...['tsconfig.json', 'package.json'].map((file) => statSync(join(REPO_ROOT, file)).mtimeMs),
	);
	let reason = '';
	if (!existsSync(join(BENCH_BUILD, 'nodes'))) reason = 'no bench build yet';
	else if (mtimes(BENCH_BUILD, (name) => name.endsWith('.js'), Math.min, Infinity) < newestSource) reason = 'sources changed';
	if (!reason) return 'bench build up to date';
	log(`${reason}: compiling the package (tsc -p tsconfig.json) into .tmp/bench-dist …`);
	// Compiled beside the old build, then swapped in, so a failed compile leaves nothing half-written.
	const fresh = `${BENCH_BUILD}-${process.pid}`;
	mkdirSync(fresh, { recursive: true });
	const tsc = join(REPO_ROOT, 'node_modules', '.bin', 'tsc');
	const result = spawnSync(tsc, ['-p', 'tsconfig.json', '--outDir', fresh, '--declaration', 'false', '--sourceMap', 'false'], {
		cwd: REPO_ROOT,
		encoding: 'utf8',
	});
	if (result.status !== 0) {
		rmSync(fresh, { recursive: true, force: true });
		throw new Error(`The package does not compile, so there is nothing to benchmark:\n${result.stdout}${result.stderr}`);
	}
	rmSync(BENCH_BUILD, { recursive: true, force: true });
	renameSync(fresh, BENCH_BUILD);
	return `compiled (${reason})`;
}

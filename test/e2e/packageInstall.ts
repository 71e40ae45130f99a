import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const repoRoot = join(__dirname, '..', '..');
export const PACKAGE_NAME: string = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).name;

/** `npm pack` of the built package: exactly what a user's n8n would download. */
export function packPackage(): string {
	const destination = mkdtempSync(join(tmpdir(), 'n8n-e2e-pack-'));
	const name = execFileSync('npm', ['pack', '--pack-destination', destination, '--silent'], { cwd: repoRoot, encoding: 'utf8' })
		.trim()
		.split('\n')
		.pop()!;
	return join(destination, name);
}

/**
 * Installs the tarball into `<user folder>/.n8n/nodes` the way the Community Nodes panel does: unpacked under
 * `node_modules/<name>`, recorded in that folder's package.json, no dev or peer dependencies installed.
 */
export function installAsCommunityPackage(userFolder: string, tarball: string): void {
	const nodesDir = join(userFolder, '.n8n', 'nodes');
	mkdirSync(nodesDir, { recursive: true });
	writeFileSync(join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2));
	execFileSync('npm', ['install', '--ignore-scripts', '--omit=dev', '--omit=peer', '--no-audit', '--no-fund', '--loglevel=error', tarball], {
		cwd: nodesDir,
		stdio: 'pipe',
	});
}

/** The package as N8N_CUSTOM_EXTENSIONS loads it: a folder holding the built package. */
export function unpackForCustomExtensions(tarball: string): string {
	const folder = mkdtempSync(join(tmpdir(), 'n8n-e2e-custom-'));
	execFileSync('tar', ['-xzf', tarball, '-C', folder]);
	return join(folder, 'package');
}

/**
 * The example workflows, ready to import: node types renamed for the custom-extension loader (`CUSTOM.<name>`)
 * when needed, and the CSV path pointed at a real file.
 */
export function prepareExamples(targetDir: string, options: { customPrefix: boolean; csvPath: string }): string[] {
	mkdirSync(targetDir, { recursive: true });
	const examplesDir = join(repoRoot, 'examples');
	const ids: string[] = [];
	for (const file of readdirSync(examplesDir).filter((name) => name.endsWith('.json'))) {
		let text = readFileSync(join(examplesDir, file), 'utf8');
		if (options.customPrefix) text = text.split(`"${PACKAGE_NAME}.`).join('"CUSTOM.');
		text = text.replace('/data/affiliates.csv', options.csvPath);
		writeFileSync(join(targetDir, file), text);
		ids.push(JSON.parse(text).id);
	}
	return ids;
}

/** Rows the CSV backfill reads: past the Upsert's 100-row Auto threshold, so real n8n runs the bulk-import job. */
export const CSV_ROWS = 150;

/** The sample CSV, plus generated affiliates up to CSV_ROWS. */
export function copyCsv(targetDir: string): string {
	mkdirSync(targetDir, { recursive: true });
	const path = join(targetDir, 'affiliates.csv');
	const sample = readFileSync(join(repoRoot, 'examples', 'affiliates.csv'), 'utf8').trimEnd().split('\n');
	const generated = Array.from({ length: CSV_ROWS - (sample.length - 1) }, (_, i) => {
		const n = 2000 + i;
		return `affiliate${n}@example.com,Aff,${n},https://shop.example.com/?rfsn=a${n},A${n}OFF,${n},Spring 20%`;
	});
	writeFileSync(path, `${[...sample, ...generated].join('\n')}\n`);
	return path;
}

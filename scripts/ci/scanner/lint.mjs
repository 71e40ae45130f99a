// Lints this package the way `npx @n8n/scan-community-package` does once a version has provenance, by calling the
// scanner's own exported `analyzePackage` (its ESLint config, rule sets, plugin versions and options such as
// `allowInlineConfig: false`) on the two things it lints:
//   - the source: package.json + {nodes,credentials}/**/*.{js,ts,json} of the repository (the scanner fetches the
//     commit the provenance statement names; here it is the working tree);
//   - the published artifact: **/*.js + package.json of the unpacked `npm pack` tarball.
// The scanner's provenance and download steps need a published version and the network, so they are not run.
//
// Usage: node lint.mjs <scanner install dir> <repository root> <unpacked tarball dir>
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [scannerInstall, sourceDir, tarballDir] = process.argv.slice(2);
if (!scannerInstall || !sourceDir || !tarballDir) {
	console.error('usage: node lint.mjs <scanner install dir> <repository root> <unpacked tarball dir>');
	process.exit(2);
}

const fromInstall = (path) => pathToFileURL(join(scannerInstall, 'node_modules', path)).href;
const { analyzePackage, SOURCE_FILE_PATTERNS } = await import(fromInstall('@n8n/scan-community-package/scanner/scanner.mjs'));
const { default: glob } = await import(fromInstall('fast-glob/out/index.js'));

// The tarball leg's patterns, as analyzePackageByName passes them.
const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json'];

const legs = [
	{ name: 'source', dir: sourceDir, patterns: SOURCE_FILE_PATTERNS },
	{ name: 'npm pack tarball', dir: tarballDir, patterns: TARBALL_FILE_PATTERNS },
];

let failed = 0;
for (const leg of legs) {
	// The same file selection analyzePackage makes, counted so an empty selection cannot pass silently.
	const files = glob.sync(leg.patterns, { cwd: leg.dir, ignore: ['node_modules/**', '**/package-lock.json'] });
	const result = await analyzePackage(leg.dir, leg.patterns);
	const verdict = result.passed && files.length > 0 ? 'passed' : 'FAILED';
	console.log(`scanner lint, ${leg.name} (${leg.patterns.join(' ')}): ${verdict}, ${files.length} files`);
	if (verdict !== 'passed') {
		failed++;
		console.log(files.length === 0 ? 'no files matched' : `${result.message ?? ''}\n${result.details ?? ''}`);
	}
}
process.exit(failed === 0 ? 0 : 1);

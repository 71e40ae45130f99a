import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

import { ensureN8n, N8N_TARGETS } from './n8nInstall';
import { N8nInstance } from './n8nInstance';
import { packPackage } from './packageInstall';
import { runPlatformPull } from './platformPull';
import { runFailedRunRedelivery } from './failedRunRedelivery';
import { runScenario } from './scenario';

const log = (line: string) => process.stdout.write(`[e2e] ${line}\n`);

/**
 * `npm run test:e2e`: the package inside real n8n, on every supported major version — installed as users install
 * it, loading the example workflows, receiving signed webhooks — against the Klaviyo double.
 */
async function main(): Promise<void> {
	const started = Date.now();
	N8nInstance.stopAllOnSignals(log);
	const only = process.argv.slice(2);
	const targets = only.length > 0 ? N8N_TARGETS.filter((target) => only.includes(target.version)) : N8N_TARGETS;
	log('building the package');
	execFileSync('npm', ['run', 'build', '--silent'], { cwd: join(__dirname, '..', '..'), stdio: 'inherit' });
	const tarball = packPackage();
	log(`packed ${tarball}`);
	let failed = 0;
	let passed = 0;
	for (const target of targets) {
		const versionStarted = Date.now();
		const install = ensureN8n(target);
		const checks = await runScenario(install, tarball, log);
		const pull = await runPlatformPull(install, tarball, log);
		checks.results.push(...pull.results);
		checks.results.push(...(await runFailedRunRedelivery(install, tarball, log)).results);
		failed += checks.failed;
		passed += checks.results.length - checks.failed;
		log(`n8n ${target.version}: ${checks.results.length - checks.failed}/${checks.results.length} checks passed in ${Math.round((Date.now() - versionStarted) / 1000)} s`);
	}
	log(`${passed} passed, ${failed} failed, ${Math.round((Date.now() - started) / 1000)} s in all`);
	process.exitCode = failed > 0 ? 1 : 0;
}

main().catch((error) => {
	process.stderr.write(`[e2e] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exitCode = 1;
});

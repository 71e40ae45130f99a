import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { startKlaviyoDouble } from '../test/double';
import { refersionDelivery } from '../test/e2e/deliveries';
import {
	activateTriggerWorkflows,
	EXAMPLE_OAUTH_CLIENT,
	EXAMPLE_SECRETS,
	EXAMPLE_WEBHOOKS,
	setUpExamples,
	webhookUrl,
} from '../test/e2e/exampleSetup';
import { ensureN8n, N8N_TARGETS } from '../test/e2e/n8nInstall';
import { N8nInstance } from '../test/e2e/n8nInstance';
import { packPackage } from '../test/e2e/packageInstall';
import { refersionAffiliate } from '../test/e2e/payloads';
import { SANDBOX_AFFILIATES, startSandboxPlatforms, type SandboxPlatforms } from '../test/platformDoubles/sandbox';

const root = join(__dirname, '..');
const say = (line = '') => process.stdout.write(`${line}\n`);

function newestMtime(folder: string): number {
	let newest = 0;
	for (const entry of readdirSync(folder, { withFileTypes: true })) {
		const path = join(folder, entry.name);
		newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
	}
	return newest;
}

/** Builds only when the sources changed since the last build. */
function buildIfNeeded(): void {
	const built = join(root, 'dist', 'nodes');
	const stale = !existsSync(built) || Math.max(newestMtime(join(root, 'nodes')), newestMtime(join(root, 'credentials'))) > newestMtime(built);
	if (!stale) return;
	say('Building the package …');
	execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
}

export interface Sandbox {
	n8n: N8nInstance;
	doubleUrl: string;
	platforms?: SandboxPlatforms;
	login: { email: string; password: string };
	stop(): Promise<void>;
}

/**
 * This package working in a local n8n 2.x without a Klaviyo account: the Klaviyo double stands in for Klaviyo, the
 * examples are imported and the webhook ones active. Used by `npm start` and by the screenshot script.
 */
export async function startSandbox(): Promise<Sandbox> {
	buildIfNeeded();
	const install = ensureN8n(N8N_TARGETS.find((target) => target.version.startsWith('2.'))!);
	const double = await startKlaviyoDouble({ port: Number(process.env.KLAVIYO_DOUBLE_PORT ?? 0), jobDurationMs: 1500, oauth: EXAMPLE_OAUTH_CLIENT });
	const n8n = await N8nInstance.create(install);
	let platforms: SandboxPlatforms | undefined;
	const stop = async () => {
		await n8n.stop();
		await double.close();
		await platforms?.close();
	};
	try {
		const workflows = await setUpExamples(n8n, double, packPackage());
		platforms = await startSandboxPlatforms(n8n);
		await activateTriggerWorkflows(n8n, workflows);
		await n8n.start();
		return { n8n, doubleUrl: double.url, platforms, login: await n8n.owner(), stop };
	} catch (error) {
		await stop();
		throw error;
	}
}

async function main(): Promise<void> {
	const started = Date.now();
	const sandbox = await startSandbox();
	const { n8n, doubleUrl, login } = sandbox;
	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		say('\nStopping n8n and the Klaviyo double …');
		await sandbox.stop();
		process.exit(0);
	};
	process.on('SIGINT', () => void stop());
	process.on('SIGTERM', () => void stop());

	const delivery = refersionDelivery('AFFILIATE_STATUS_CHANGE', refersionAffiliate('ACTIVE'), EXAMPLE_SECRETS.refersion);
	const headers = Object.entries(delivery.headers)
		.map(([name, value]) => `-H '${name}: ${value}'`)
		.join(' ');
	say();
	say(`n8n ${n8n.install.version} with n8n-nodes-klaviyo-affiliates is ready (${Math.round((Date.now() - started) / 1000)} s).`);
	say();
	say(`  Editor:          ${n8n.baseUrl}   login ${login.email} / ${login.password}`);
	say(`  Klaviyo double:  ${doubleUrl}   (stands in for https://a.klaviyo.com; lists seeded, one double opt-in)`);
	say(`  What landed:     ${doubleUrl}/__double/state`);
	say(`  Rewardful / FirstPromoter doubles: ${sandbox.platforms?.rewardfulUrl} / ${sandbox.platforms?.firstPromoterUrl} (${SANDBOX_AFFILIATES} affiliates each; run examples 09 and 10)`);
	say();
	say('Send a signed Refersion "affiliate approved" delivery to the active example workflow:');
	say();
	say(`  curl -s -X POST '${webhookUrl(n8n, EXAMPLE_WEBHOOKS.approved)}' ${headers} --data '${delivery.body}'`);
	say();
	say('Then open the workflow "Refersion affiliate approved → Klaviyo welcome" → Executions, and the state URL above.');
	say('Ctrl-C stops everything.');
	await new Promise(() => undefined);
}

if (require.main === module) {
	main().catch((error) => {
		process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
		process.exit(1);
	});
}

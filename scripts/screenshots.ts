import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { chromium, type Page } from 'playwright-core';

import { startSandbox } from './sandbox';

/** docs/ by default; CI, which runs this as a UI test, points it at a temporary folder. */
const docs = process.env.SCREENSHOTS_DIR ?? join(__dirname, '..', 'docs');
const failures: string[] = [];

/** Examples 2–7, read from examples/: workflow id (as imported), PNG name, and the nodes their canvas must show. */
const examplesDir = join(__dirname, '..', 'examples');
const OTHER_EXAMPLES = readdirSync(examplesDir)
	.filter((name) => /^0[2-9]-.*\.json$/.test(name))
	.sort()
	.map((name) => {
		const workflow = JSON.parse(readFileSync(join(examplesDir, name), 'utf8')) as { id: string; nodes: Array<{ name: string }> };
		return { id: workflow.id, file: `example-${name.replace(/\.json$/, '')}`, nodes: workflow.nodes.map((node) => node.name) };
	});
const say = (line: string) => process.stdout.write(`[screenshots] ${line}\n`);

/** Each shot is also a UI test: the elements the README promises must be on screen, or the run fails. */
function record(what: string, passed: boolean): void {
	if (!passed) failures.push(what);
	say(`${passed ? 'PASS' : 'FAIL'} ${what}`);
}

async function expectVisible(page: Page, what: string, text: string | RegExp): Promise<void> {
	const visible = await page
		.getByText(text)
		.first()
		.waitFor({ state: 'visible', timeout: 15_000 })
		.then(() => true)
		.catch(() => false);
	record(what, visible);
}

async function openNode(page: Page, name: string): Promise<void> {
	await page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`).dblclick();
	await page.waitForTimeout(800);
}

/** n8n 2.x greets a workflow with a "Production Checklist" popover over the canvas. */
async function dismissPopovers(page: Page): Promise<void> {
	const close = page.locator('[data-test-id="suggested-actions-close"]');
	if (await close.isVisible().catch(() => false)) await close.click();
	await page.waitForTimeout(300);
}

async function closeNode(page: Page): Promise<void> {
	await page.keyboard.press('Escape');
	const close = page.locator('[data-test-id="ndv-close-button"], [data-test-id="back-to-canvas"]');
	if (await close.first().isVisible().catch(() => false)) await close.first().click();
	await page.locator('[data-test-id="ndv"]').first().waitFor({ state: 'hidden', timeout: 5000 }).catch(() => undefined);
	await page.waitForTimeout(400);
}

async function main(): Promise<void> {
	mkdirSync(docs, { recursive: true });
	// `npm run screenshots -- <editor URL>` reuses a running `npm start` (same login); otherwise one is started.
	const running = process.argv[2];
	const sandbox = running
		? { n8n: { baseUrl: running }, login: { email: 'owner@example.com', password: 'Sandbox-pass-1' }, stop: async () => undefined }
		: await startSandbox();
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
	});
	try {
		const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
		await page.goto(`${sandbox.n8n.baseUrl}/signin`);
		await page.locator('input[type="email"], input[name="emailOrLdapLoginId"], input[name="email"]').first().fill(sandbox.login.email);
		await page.locator('input[type="password"]').first().fill(sandbox.login.password);
		await page.keyboard.press('Enter');
		await page.waitForURL((url) => !url.pathname.includes('signin'), { timeout: 30_000 });

		await page.goto(`${sandbox.n8n.baseUrl}/workflow/exAffApproved001`);
		await expectVisible(page, 'canvas of example 1: the trigger', 'Refersion: Affiliate Approved');
		await dismissPopovers(page);
		await expectVisible(page, 'canvas: the trigger\'s subtitle names the platform', /^Refersion$/);
		await expectVisible(page, 'canvas: the upsert\'s subtitle names the merge mode', /^Fill empty values$/);
		await expectVisible(page, 'canvas: the event\'s subtitle names the metric', /^Affiliate Approved$/);
		await expectVisible(page, 'canvas of example 1: the upsert node', 'Upsert Affiliate Profile');
		await expectVisible(page, 'canvas of example 1: the list node', 'Add to List and Subscribe');
		await expectVisible(page, 'canvas of example 1: the event node', 'Affiliate Approved Event');
		await page.screenshot({ path: join(docs, 'canvas-affiliate-approved.png') });

		await openNode(page, 'Upsert Affiliate Profile');
		await expectVisible(page, 'upsert panel: Existing Profile Sync', 'Existing Profile Sync');
		await page.locator('[data-test-id="parameter-input-mergeMode"]').click();
		await expectVisible(page, 'upsert panel: merge mode "Don\'t Update Existing Fields"', "Don't Update Existing Fields");
		await expectVisible(page, 'upsert panel: merge mode "Overwrite Selected Properties"', 'Overwrite Selected Properties');
		await page.screenshot({ path: join(docs, 'upsert-merge-modes.png') });
		await page.keyboard.press('Escape');
		await closeNode(page);

		await openNode(page, 'Add to List and Subscribe');
		// The example's list was picked "From list": opening it lists the account's lists (nothing is changed).
		const mode = await page.locator('[data-test-id="parameter-input-list"] input').first().inputValue().catch(() => '');
		record('list node panel: the list locator in "From list" mode', /^From list$/i.test(mode));
		const listValue = page.locator('[data-test-id="parameter-input-list"] [data-test-id="rlc-input"]');
		await ((await listValue.count()) > 0 ? listValue.first() : page.locator('[data-test-id="parameter-input-list"] input').nth(1)).click();
		await expectVisible(page, 'list picker: the account\'s lists with their opt-in process', /\(double opt-in\)/);
		await expectVisible(page, 'list picker: single opt-in lists too', /\(single opt-in\)/);
		await page.screenshot({ path: join(docs, 'list-picker.png') });
		await page.keyboard.press('Escape');
		await closeNode(page);

		await openNode(page, 'Refersion: Affiliate Approved');
		await expectVisible(page, 'trigger panel: the platform', 'Platform');
		await page.getByText('Webhook URLs').first().click();
		await page.getByText('Production URL', { exact: true }).first().click();
		await expectVisible(page, 'trigger panel: the production URL to register', /\/webhook\/5f1a0001-/);
		await expectVisible(page, 'trigger panel: the signature check', 'Signature Check');
		await expectVisible(page, 'trigger panel: where to register the URL', /into the platform’s webhook settings/);
		await page.screenshot({ path: join(docs, 'trigger-panel.png') });
		await closeNode(page);

		// Every other example's canvas, for the README's use-case table; each node must be on it.
		for (const example of OTHER_EXAMPLES) {
			await page.goto(`${sandbox.n8n.baseUrl}/workflow/${example.id}`);
			for (const node of example.nodes) {
				record(
					`${example.file}: node "${node}" on the canvas`,
					await page
						.locator(`[data-test-id="canvas-node"][data-node-name="${node}"]`)
						.waitFor({ state: 'visible', timeout: 15_000 })
						.then(() => true)
						.catch(() => false),
				);
			}
			await dismissPopovers(page);
			await page.screenshot({ path: join(docs, `${example.file}.png`), clip: { x: 40, y: 62, width: 1400, height: 700 } });
		}
	} finally {
		await browser.close();
		await sandbox.stop();
	}
	say(failures.length === 0 ? 'all elements present; PNGs written to docs/' : `${failures.length} missing: ${failures.join('; ')}`);
	process.exitCode = failures.length === 0 ? 0 : 1;
}

main().catch((error) => {
	process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exitCode = 1;
});

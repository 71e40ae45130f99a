import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { chromium, type Page } from 'playwright-core';

import { startSandbox } from './sandbox';

/** docs/ by default; CI, which runs this as a UI test, points it at a temporary folder. */
const docs = process.env.SCREENSHOTS_DIR ?? join(__dirname, '..', 'docs');
const failures: string[] = [];

/** Example 1 (its canvas and the nodes' panels are shot one by one below), as imported from examples/. */
const EXAMPLE_1_ID = 'exAffApproved001';

/** Every other example, read from examples/: workflow id (as imported), PNG name, and the nodes their canvas must show. */
const examplesDir = join(__dirname, '..', 'examples');
const OTHER_EXAMPLES = readdirSync(examplesDir)
	.filter((name) => /^\d{2}-.*\.json$/.test(name) && !name.startsWith('01-'))
	.sort()
	.map((name) => {
		const workflow = JSON.parse(readFileSync(join(examplesDir, name), 'utf8')) as { id: string; nodes: Array<{ name: string; type: string }> };
		// Sticky notes are drawn on the canvas but are not canvas nodes (n8n gives them no data-test-id).
		const nodes = workflow.nodes.filter((node) => node.type !== 'n8n-nodes-base.stickyNote').map((node) => node.name);
		return { id: workflow.id, file: `example-${name.replace(/\.json$/, '')}`, nodes };
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

/**
 * n8n 2.x opens a "Production Checklist" popover over the canvas the first time a browser shows a published workflow,
 * then records that (`firstActivatedAt`) in the browser's IndexedDB, database "n8n-local", store "workflows", so a
 * returning user does not see it again. A fresh headless browser would meet it on every workflow, at a moment that
 * depends on load: give the browser that record for the examples first, as a returning user's browser has it.
 */
async function rememberWorkflowsSeen(page: Page, workflowIds: string[]): Promise<void> {
	// Runs in the browser (as a string: this project compiles without the DOM's types).
	const seed = `new Promise((resolve, reject) => {
		const request = indexedDB.open('n8n-local', 1);
		request.onupgradeneeded = () => request.result.createObjectStore('workflows', { keyPath: 'key' });
		request.onerror = () => reject(request.error);
		request.onsuccess = () => {
			const db = request.result;
			const transaction = db.transaction('workflows', 'readwrite');
			for (const id of ${JSON.stringify(workflowIds)}) {
				transaction.objectStore('workflows').put({ key: id, value: JSON.stringify({ firstActivatedAt: Date.now() }) });
			}
			transaction.oncomplete = () => { db.close(); resolve(undefined); };
			transaction.onerror = () => reject(transaction.error);
		};
	})`;
	await page.evaluate(seed);
}

/** Closes n8n's checklist popover should it open anyway, and fails the run if it still covers the canvas. */
async function dismissPopovers(page: Page, where: string): Promise<void> {
	const close = page.locator('[data-test-id="suggested-actions-close"]');
	const popover = page.locator('[data-test-id="suggested-action-item"], [data-test-id="suggested-actions-close"]').first();
	// It can open late (after a first look found none) on a busy machine: close it whenever it shows, a few times.
	let gone = false;
	for (let attempt = 0; attempt < 4 && !gone; attempt++) {
		if (await close.isVisible().catch(() => false)) await close.click().catch(() => undefined);
		gone = await popover
			.waitFor({ state: 'hidden', timeout: 3000 })
			.then(() => true)
			.catch(() => false);
	}
	record(`${where}: no n8n pop-up over the canvas`, gone);
}

/** Opens a workflow and waits until its canvas has drawn a node (slow on a busy machine). */
async function openWorkflow(page: Page, baseUrl: string, id: string): Promise<void> {
	await page.goto(`${baseUrl}/workflow/${id}`);
	await page.locator('[data-test-id="canvas-node"]').first().waitFor({ state: 'visible', timeout: 60_000 }).catch(() => undefined);
}

/**
 * The workflow's header (name, published state) and its canvas, zoomed so every node fits; the sidebar left out.
 * The pointer is moved off the zoom button so it is not drawn hovered.
 */
async function canvasClip(page: Page): Promise<{ x: number; y: number; width: number; height: number } | undefined> {
	const fit = page.locator('[data-test-id="zoom-to-fit"]');
	if (await fit.isVisible().catch(() => false)) await fit.click();
	const box = await page.locator('[data-test-id="canvas-wrapper"]').first().boundingBox();
	if (!box) return undefined;
	await page.mouse.move(box.x + box.width - 10, box.y + box.height - 10);
	await page.waitForTimeout(500);
	return { x: box.x, y: 0, width: box.width, height: box.y + box.height };
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

		await rememberWorkflowsSeen(page, [EXAMPLE_1_ID, ...OTHER_EXAMPLES.map((example) => example.id)]);
		await openWorkflow(page, sandbox.n8n.baseUrl, EXAMPLE_1_ID);
		await expectVisible(page, 'canvas of example 1: the trigger', 'Refersion: Affiliate Approved');
		await expectVisible(page, 'canvas: the trigger\'s subtitle names the platform', /^Refersion$/);
		await expectVisible(page, 'canvas: the upsert\'s subtitle names the merge mode', /^Fill empty values$/);
		await expectVisible(page, 'canvas: the event\'s subtitle names the metric', /^Affiliate Approved$/);
		await expectVisible(page, 'canvas of example 1: the upsert node', 'Upsert Affiliate Profile');
		await expectVisible(page, 'canvas of example 1: the list node', 'Add to List and Subscribe');
		await expectVisible(page, 'canvas of example 1: the event node', 'Affiliate Approved Event');
		await dismissPopovers(page, 'canvas of example 1');
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
			await openWorkflow(page, sandbox.n8n.baseUrl, example.id);
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
			await dismissPopovers(page, example.file);
			await page.screenshot({ path: join(docs, `${example.file}.png`), clip: await canvasClip(page) });
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

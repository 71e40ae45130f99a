import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { chromium, type Page } from 'playwright-core';

import { startSandbox } from './sandbox';

const docs = join(__dirname, '..', 'docs');
const failures: string[] = [];
const say = (line: string) => process.stdout.write(`[screenshots] ${line}\n`);

/** Each shot is also a UI test: the elements the README promises must be on screen, or the run fails. */
async function expectVisible(page: Page, what: string, text: string | RegExp): Promise<void> {
	try {
		await page.getByText(text).first().waitFor({ state: 'visible', timeout: 15_000 });
		say(`PASS ${what}`);
	} catch {
		failures.push(what);
		say(`FAIL ${what}`);
	}
}

async function openNode(page: Page, name: string): Promise<void> {
	await page.getByText(name, { exact: true }).first().dblclick();
	await page.waitForTimeout(800);
}

async function closeNode(page: Page): Promise<void> {
	await page.keyboard.press('Escape');
	await page.waitForTimeout(400);
}

async function main(): Promise<void> {
	mkdirSync(docs, { recursive: true });
	const sandbox = await startSandbox();
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
		await expectVisible(page, 'canvas of example 1: the upsert node', 'Upsert Affiliate Profile');
		await expectVisible(page, 'canvas of example 1: the list node', 'Add to List and Subscribe');
		await expectVisible(page, 'canvas of example 1: the event node', 'Affiliate Approved Event');
		await page.screenshot({ path: join(docs, 'canvas-affiliate-approved.png') });

		await openNode(page, 'Upsert Affiliate Profile');
		await expectVisible(page, 'upsert panel: Existing Profile Sync', 'Existing Profile Sync');
		await page.getByText('Fill Empty Values Only').first().click();
		await expectVisible(page, 'upsert panel: merge mode "Don\'t Update Existing Fields"', "Don't Update Existing Fields");
		await expectVisible(page, 'upsert panel: merge mode "Overwrite Selected Properties"', 'Overwrite Selected Properties');
		await page.screenshot({ path: join(docs, 'upsert-merge-modes.png') });
		await page.keyboard.press('Escape');
		await closeNode(page);

		await openNode(page, 'Add to List and Subscribe');
		await expectVisible(page, 'list node panel: the list locator', 'From List');
		await page.getByText('Affiliates', { exact: true }).first().click().catch(() => undefined);
		await expectVisible(page, 'list picker: the account\'s lists with their opt-in process', /\(double opt-in\)/);
		await page.screenshot({ path: join(docs, 'list-picker.png') });
		await page.keyboard.press('Escape');
		await closeNode(page);

		await openNode(page, 'Refersion: Affiliate Approved');
		await expectVisible(page, 'trigger panel: the platform', 'Platform');
		await expectVisible(page, 'trigger panel: the signature check', 'Signature Check');
		await expectVisible(page, 'trigger panel: where to register the URL', /register webhook URLs by hand/);
		await page.screenshot({ path: join(docs, 'trigger-panel.png') });
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

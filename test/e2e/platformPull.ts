import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { startKlaviyoDouble } from '../double';
import { FIRSTPROMOTER_ACCOUNT, FIRSTPROMOTER_KEY, startFirstPromoterDouble } from '../platformDoubles/firstpromoter';
import { REWARDFUL_SECRET, startRewardfulDouble } from '../platformDoubles/rewardful';
import { seedPeople } from '../platformDoubles/seed';
import { Checks } from './checks';
import { checkOneEventPerFact, deliverByWebhook, FIRSTPROMOTER_SECRET_CREDENTIAL, importWebhookWorkflow } from './crossPath';
import { EXAMPLE_LIST_ID } from './exampleSetup';
import type { N8nInstall } from './n8nInstall';
import { N8nInstance } from './n8nInstance';
import { installAsCommunityPackage } from './packageInstall';

/** Affiliates each platform double holds: past the Upsert's 100-profile Auto threshold, several pages of 100. */
const SEEDED = 300;
/** FirstPromoter referrals: a page's worth, two in three converted. */
const REFERRALS = 30;
const APPROVED = seedPeople(SEEDED).filter((person) => person.approved).length;
const BACKFILL = 'exRewardfulBf009';
const RECONCILE = 'exFpReconcile010';
const PROFILE_WRITES = new Set(['create_or_update_profile', 'create_profile', 'update_profile', 'bulk_import_profiles']);

/** Examples 09 and 10 (pull from the platforms), imported alone into a fresh user folder. */
function preparePullExamples(targetDir: string): void {
	mkdirSync(targetDir, { recursive: true });
	const examplesDir = join(__dirname, '..', '..', 'examples');
	for (const file of readdirSync(examplesDir).filter((name) => /^(09|10)-.*\.json$/.test(name))) {
		writeFileSync(join(targetDir, file), readFileSync(join(examplesDir, file)));
	}
}

/**
 * Examples 09 (backfill from Rewardful) and 10 (nightly reconcile from FirstPromoter) in real n8n, against the
 * platform doubles at their documented limits and the Klaviyo double: the first run backfills every approved
 * affiliate, a second run with nothing changed writes no profile, and an approval whose webhook was lost reaches
 * Klaviyo on the next reconcile.
 */
export async function runPlatformPull(install: N8nInstall, tarball: string, log: (line: string) => void): Promise<Checks> {
	const checks = new Checks(`${install.version} pull`, log);
	const klaviyo = await startKlaviyoDouble({ quiet: true, seedLists: false, jobDurationMs: 100 });
	const rewardful = await startRewardfulDouble({ seed: SEEDED });
	const firstPromoter = await startFirstPromoterDouble({ seed: SEEDED, referrals: REFERRALS });
	const n8n = await N8nInstance.create(install);
	try {
		klaviyo.seed({ lists: [{ id: EXAMPLE_LIST_ID, name: 'Affiliates', opt_in_process: 'single_opt_in' }] });
		installAsCommunityPackage(n8n.userFolder, tarball);
		n8n.writeJson('credentials.json', [
			{ id: 'klaviyoKeyCred01', name: 'Klaviyo (private key)', type: 'klaviyoApi', data: { apiKey: 'pk_e2e_private_key_0123', baseUrl: klaviyo.url } },
			{ id: 'rewardfulApiCred', name: 'Rewardful', type: 'rewardfulApi', data: { apiSecret: REWARDFUL_SECRET, baseUrl: rewardful.url } },
			{ id: 'firstPromoterCred', name: 'FirstPromoter', type: 'firstPromoterApi', data: { apiKey: FIRSTPROMOTER_KEY, accountId: FIRSTPROMOTER_ACCOUNT, baseUrl: firstPromoter.url } },
			FIRSTPROMOTER_SECRET_CREDENTIAL,
		]);
		await n8n.cli(['import:credentials', `--input=${join(n8n.userFolder, 'credentials.json')}`]);
		preparePullExamples(join(n8n.userFolder, 'workflows'));
		await n8n.cli(['import:workflow', '--separate', `--input=${join(n8n.userFolder, 'workflows')}`]);

		const runs = (id: string) => n8n.query<{ status: string }>(`SELECT status FROM execution_entity WHERE workflowId = '${id}'`);
		const profileWrites = () => klaviyo.requests().filter((entry) => entry.operationId && PROFILE_WRITES.has(entry.operationId)).length;
		const members = () => klaviyo.state().lists.find((list) => list.id === EXAMPLE_LIST_ID)!.members.length;
		const profilesFrom = (host: string) => klaviyo.state().profiles.filter((p) => String(p.attributes.properties['Affiliate Referral Link'] ?? '').includes(host)).length;

		// 09: backfill from Rewardful, twice.
		await n8n.cli(['execute', `--id=${BACKFILL}`], 'n8n execute (Rewardful backfill)');
		checks.ok('09 backfill ran and succeeded', runs(BACKFILL).length === 1 && runs(BACKFILL)[0].status === 'success', JSON.stringify(runs(BACKFILL)));
		checks.ok(`09 backfill: ${APPROVED} approved Rewardful affiliates in Klaviyo with their referral links`, profilesFrom('?via=') === APPROVED, `${profilesFrom('?via=')}`);
		checks.ok(`09 backfill: ${APPROVED} list members`, members() === APPROVED, `${members()}`);
		checks.ok('09 backfill: 3 Rewardful pages of 100', rewardful.requests().length === 3, `${rewardful.requests().length}`);
		const writesAfterBackfill = profileWrites();
		await n8n.cli(['execute', `--id=${BACKFILL}`], 'n8n execute (Rewardful backfill again)');
		checks.ok('09 backfill run again, nothing changed: no profile writes', profileWrites() === writesAfterBackfill && runs(BACKFILL).every((run) => run.status === 'success'), `${profileWrites() - writesAfterBackfill} writes`);

		// FirstPromoter's webhooks bring an approval and a conversion before any reconcile has run.
		await importWebhookWorkflow(n8n);
		await n8n.start();
		const facts = await deliverByWebhook(n8n, firstPromoter, klaviyo, checks);
		await n8n.stop();

		// 10: reconcile from FirstPromoter: first run backfills, second finds nothing, third catches a lost approval.
		const approvedEvents = () => klaviyo.state().events.filter((event) => event.metric === 'Affiliate Approved').length;
		const conversionEvents = () => klaviyo.state().events.filter((event) => event.metric === 'Affiliate Conversion').length;
		const converted = firstPromoter.referrals().filter((referral) => referral.customer_since !== null).length;
		await n8n.cli(['execute', `--id=${RECONCILE}`], 'n8n execute (FirstPromoter reconcile 1)');
		checks.ok(`10 reconcile, first run: ${APPROVED} approved FirstPromoter promoters in Klaviyo`, profilesFrom('?fpr=') === APPROVED, `${profilesFrom('?fpr=')}`);
		checks.ok(`10 reconcile, first run: one Affiliate Approved per approved promoter (${APPROVED})`, approvedEvents() === APPROVED, `${approvedEvents()}`);
		checks.ok(`10 reconcile, first run: one Affiliate Conversion per converted referral (${converted})`, conversionEvents() === converted, `${conversionEvents()}`);
		checkOneEventPerFact(klaviyo, firstPromoter, facts, checks, '10 reconcile after the webhooks');
		const writesAfterFirst = profileWrites();
		const pagesBefore = firstPromoter.requests().length;
		await n8n.cli(['execute', `--id=${RECONCILE}`], 'n8n execute (FirstPromoter reconcile 2)');
		checks.ok('10 reconcile, nothing changed: no profile writes', profileWrites() === writesAfterFirst, `${profileWrites() - writesAfterFirst} writes`);
		checks.ok('10 reconcile, nothing changed: no new event', approvedEvents() === APPROVED && conversionEvents() === converted, `${approvedEvents()} / ${conversionEvents()}`);
		checkOneEventPerFact(klaviyo, firstPromoter, facts, checks, '10 reconcile run again');
		const pagesRead = firstPromoter.requests().slice(pagesBefore).map((entry) => entry.path);
		checks.ok(
			'10 reconcile, nothing changed: the platform was still read (3 pages of promoters, 1 of conversions)',
			pagesRead.filter((path) => path === '/promoters').length === 3 && pagesRead.filter((path) => path === '/referrals').length === 1,
			JSON.stringify(pagesRead),
		);
		const lost = seedPeople(SEEDED, Date.now(), 'fp').find((person) => !person.approved)!;
		firstPromoter.approve(lost.email);
		await n8n.cli(['execute', `--id=${RECONCILE}`], 'n8n execute (FirstPromoter reconcile 3)');
		const caught = klaviyo.state().profiles.find((p) => p.attributes.email === lost.email);
		checks.ok(
			'10 reconcile: an approval whose webhook was lost reaches Klaviyo with its referral link and joins the list',
			caught?.attributes.properties['Affiliate Referral Link'] === `https://shop.example.com/?fpr=${lost.code}` &&
				klaviyo.state().lists.find((list) => list.id === EXAMPLE_LIST_ID)!.members.includes(caught.id),
			JSON.stringify(caught?.attributes.properties),
		);
		checks.ok('10 reconcile: only that one profile written', profileWrites() - writesAfterFirst === 1, `${profileWrites() - writesAfterFirst}`);
		checks.ok('10 reconcile: the caught approval gets its Affiliate Approved event (its welcome flow fires)', approvedEvents() === APPROVED + 1, `${approvedEvents()}`);
		checks.ok('10 reconcile: three runs, all succeeded', runs(RECONCILE).length === 3 && runs(RECONCILE).every((run) => run.status === 'success'), JSON.stringify(runs(RECONCILE)));
		checks.ok('no 429 from either platform double', [...rewardful.requests(), ...firstPromoter.requests()].every((entry) => entry.status !== 429));
	} finally {
		await n8n.stop();
		if (checks.failed) log(`n8n log tail:\n${n8n.log().slice(-4000)}`);
		await Promise.all([klaviyo.close(), rewardful.close(), firstPromoter.close()]);
	}
	return checks;
}


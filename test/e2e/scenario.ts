import { readdirSync } from 'node:fs';
import { join } from 'node:path';

import { startKlaviyoDouble } from '../double';
import type { KlaviyoDouble } from '../double/types';
import { post, refersionDelivery, rewardfulDelivery, standardWebhooksDelivery } from './deliveries';
import type { N8nInstall } from './n8nInstall';
import { N8nInstance } from './n8nInstance';
import {
	activateTriggerWorkflows,
	EXAMPLE_LIST_ID,
	EXAMPLE_OAUTH_CLIENT,
	EXAMPLE_SECRETS,
	EXAMPLE_WEBHOOKS,
	setUpExamples,
	webhookUrl,
} from './exampleSetup';
import { CSV_ROWS, PACKAGE_NAME, unpackForCustomExtensions } from './packageInstall';
import { Checks } from './checks';
import * as payloads from './payloads';

const SECRETS = EXAMPLE_SECRETS;
const LIST_ID = EXAMPLE_LIST_ID;
const WEBHOOKS = EXAMPLE_WEBHOOKS;
const manifest = require('../../package.json') as { n8n: { nodes: string[]; credentials: string[] } };
const classNames = (paths: string[], suffix: RegExp) => paths.map((path) => path.split('/').pop()!.replace(suffix, ''));
const expectedNodes = classNames(manifest.n8n.nodes, /\.node\.js$/).map((name) => name[0].toLowerCase() + name.slice(1));
const expectedCredentials = classNames(manifest.n8n.credentials, /\.credentials\.js$/).map((name) => name[0].toLowerCase() + name.slice(1));
const exampleCount = readdirSync(join(__dirname, '..', '..', 'examples')).filter((name) => name.endsWith('.json')).length;

/** One n8n version, end to end: install the package both ways, import, execute, receive signed deliveries, assert. */
export async function runScenario(install: N8nInstall, tarball: string, log: (line: string) => void): Promise<Checks> {
	const checks = new Checks(install.version, log);
	const double = await startKlaviyoDouble({ quiet: true, seedLists: false, jobDurationMs: 100, oauth: EXAMPLE_OAUTH_CLIENT });
	const n8n = await N8nInstance.create(install);
	try {
		await asCommunityPackage(n8n, tarball, double, checks);
	} finally {
		await n8n.stop();
		if (checks.failed) log(`n8n log tail:\n${n8n.log().slice(-4000)}`);
		await double.close();
	}
	const custom = await N8nInstance.create(install, { customExtensions: [unpackForCustomExtensions(tarball)] });
	try {
		await custom.start();
		const types = await custom.loadedTypes();
		for (const name of expectedNodes) checks.ok(`N8N_CUSTOM_EXTENSIONS: node CUSTOM.${name} loaded`, types.nodes.includes(`CUSTOM.${name}`));
		for (const name of expectedCredentials) checks.ok(`N8N_CUSTOM_EXTENSIONS: credential ${name} loaded`, types.credentials.includes(name));
	} finally {
		await custom.stop();
	}
	return checks;
}

async function asCommunityPackage(n8n: N8nInstance, tarball: string, double: KlaviyoDouble, checks: Checks): Promise<void> {
	const workflows = await setUpExamples(n8n, double, tarball);
	checks.ok(`${exampleCount} example workflows imported`, workflows.length === exampleCount, workflows.join(', '));

	// 6. Backfill from CSV: a manual workflow, run with `n8n execute`.
	await n8n.cli(['execute', '--id=exCsvBackfill006'], 'n8n execute (CSV backfill)');
	const backfillRuns = n8n.query<{ status: string }>("SELECT status FROM execution_entity WHERE workflowId = 'exCsvBackfill006'");
	checks.ok('CSV backfill executed by `n8n execute`, recorded as a success', backfillRuns.length === 1 && backfillRuns[0].status === 'success', JSON.stringify(backfillRuns));
	const afterBackfill = double.state();
	const members = afterBackfill.lists.find((list) => list.id === LIST_ID)!.members;
	const linked = afterBackfill.profiles.filter((p) => p.attributes.properties['Affiliate Referral Link']).length;
	checks.ok(`CSV backfill: ${CSV_ROWS} profiles with referral links`, linked === CSV_ROWS, `${linked}`);
	checks.ok(`CSV backfill: ${CSV_ROWS} list members`, members.length === CSV_ROWS, `${members.length}`);
	const imports = double.requests().filter((entry) => entry.operationId === 'bulk_import_profiles' || entry.operationId === 'create_or_update_profile');
	checks.ok('CSV backfill: one bulk-import job, no per-profile writes (Auto above 100 rows)', imports.length === 1 && imports[0].operationId === 'bulk_import_profiles', JSON.stringify(imports.map((entry) => entry.operationId)));

	await activateTriggerWorkflows(n8n, workflows);
	await n8n.start();
	const types = await n8n.loadedTypes();
	for (const name of expectedNodes) checks.ok(`community package: node ${PACKAGE_NAME}.${name} loaded`, types.nodes.includes(`${PACKAGE_NAME}.${name}`));
	for (const name of expectedCredentials) checks.ok(`community package: credential ${name} loaded`, types.credentials.includes(name));

	await deliverAndAssert(n8n, double, checks);
}

async function deliverAndAssert(n8n: N8nInstance, double: KlaviyoDouble, checks: Checks): Promise<void> {
	const executions = () => n8n.query<{ workflowId: string; status: string }>('SELECT workflowId, status FROM execution_entity');
	const waitFor = async (workflowId: string, count: number) => {
		for (let i = 0; i < 120; i++) {
			const mine = executions().filter((e) => e.workflowId === workflowId);
			if (mine.length >= count && mine.every((e) => !['running', 'new', 'waiting'].includes(e.status))) return mine;
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		return executions().filter((e) => e.workflowId === workflowId);
	};
	const events = (metric: string) => double.state().events.filter((event) => event.metric === metric);
	const listMembers = () => double.state().lists.find((list) => list.id === LIST_ID)!.members;
	const settleJobs = async () => {
		for (let i = 0; i < 50 && double.state().jobs.some((job) => job.status !== 'complete'); i++) await new Promise((r) => setTimeout(r, 100));
	};

	// 1. Affiliate approved → upsert + subscribe + "Affiliate Approved".
	const approved = refersionDelivery('AFFILIATE_STATUS_CHANGE', payloads.refersionAffiliate('ACTIVE'), SECRETS.refersion);
	checks.ok('approved delivery accepted', (await post(webhookUrl(n8n, WEBHOOKS.approved), approved)).status === 200);
	const runs1 = await waitFor('exAffApproved001', 1);
	checks.ok('example 1 ran once and succeeded', runs1.length === 1 && runs1[0].status === 'success', JSON.stringify(runs1));
	await settleJobs();
	const ada = double.state().profiles.find((p) => p.attributes.email === 'ada.refersion@example.com');
	// Refersion sends no referral link (nor a coupon with an approval): the link comes from the example's template.
	const adaExpected = {
		'Affiliate ID': '7007',
		'Affiliate Code': 'ada7',
		'Affiliate Referral Link': 'https://your-store.example/?rfsn=ada7',
		'Affiliate Offer ID': '12',
		'Affiliate Offer Name': 'Spring 20%',
		'Affiliate Status': 'active',
		'Affiliate Platform': 'refersion',
	};
	checks.ok('example 1: profile has the templated referral link, affiliate ID, code, offer, status and platform', JSON.stringify(ada?.attributes.properties) === JSON.stringify(adaExpected), JSON.stringify(ada?.attributes.properties));
	checks.ok('example 1: subscribed to email marketing and on the list', ada?.subscriptions.email.marketing.consent === 'SUBSCRIBED' && listMembers().includes(ada.id));
	checks.ok('example 1: "Affiliate Approved" event with a unique id', events('Affiliate Approved').length === 1 && events('Affiliate Approved')[0].unique_id.startsWith('refersion:'));

	const forged = refersionDelivery('AFFILIATE_STATUS_CHANGE', payloads.refersionAffiliate('ACTIVE'), 'wrong-secret');
	checks.ok('bad signature → 401', (await post(webhookUrl(n8n, WEBHOOKS.approved), forged)).status === 401);
	const redelivered = await post(webhookUrl(n8n, WEBHOOKS.approved), approved);
	checks.ok('redelivery → 200', redelivered.status === 200, redelivered.body);
	await new Promise((resolve) => setTimeout(resolve, 1500));
	checks.ok('bad signature and redelivery started no execution', (await waitFor('exAffApproved001', 1)).length === 1);
	checks.ok('redelivery: still one "Affiliate Approved" event', events('Affiliate Approved').length === 1);

	// 2. New conversion → "Affiliate Conversion", through OAuth2 with the access token expired mid-run.
	double.expireAccessTokens();
	await post(webhookUrl(n8n, WEBHOOKS.conversion), refersionDelivery('NEW_CONVERSION', payloads.refersionConversion(), SECRETS.refersion));
	const runs2 = await waitFor('exConversion0002', 1);
	checks.ok('example 2 (OAuth2, token expired) succeeded', runs2.length === 1 && runs2[0].status === 'success', JSON.stringify(runs2));
	checks.ok('example 2: n8n refreshed the OAuth2 token', double.requests().some((r) => r.operationId === 'oauth_token' && (r.body as { grant_type?: string })?.grant_type === 'refresh_token'));
	const conversion = events('Affiliate Conversion')[0];
	checks.ok('example 2: "Affiliate Conversion" with amount and commission', conversion?.value === 59 && conversion?.properties['Commission Amount'] === 5.9, JSON.stringify(conversion));

	// 3. Commission paid: one Refersion payment for two affiliates, one Rewardful commission.
	await post(webhookUrl(n8n, WEBHOOKS.refersionPayment), refersionDelivery('NEW_PAYMENT', payloads.refersionPayment(), SECRETS.refersion));
	await post(webhookUrl(n8n, WEBHOOKS.rewardful), rewardfulDelivery(payloads.rewardfulCommissionPaid(), SECRETS.rewardful));
	const runs3 = await waitFor('exCommissionPaid', 2);
	checks.ok('example 3 ran twice and succeeded', runs3.length === 2 && runs3.every((r) => r.status === 'success'), JSON.stringify(runs3));
	checks.ok('example 3: three "Commission Paid" events', events('Commission Paid').length === 3, JSON.stringify(events('Commission Paid').map((e) => e.value)));

	// 4. Bonus tier.
	await post(webhookUrl(n8n, WEBHOOKS.tier), refersionDelivery('BONUS_TIER_MOVEMENT', payloads.refersionTier(), SECRETS.refersion));
	const runs4 = await waitFor('exBonusTier00004', 1);
	checks.ok('example 4 succeeded', runs4.length === 1 && runs4[0].status === 'success', JSON.stringify(runs4));
	const tiered = double.state().profiles.find((p) => p.attributes.email === 'ada.refersion@example.com');
	checks.ok('example 4: tier saved on the profile', tiered?.attributes.properties['Affiliate Tier'] === 'Gold', JSON.stringify(tiered?.attributes.properties));
	checks.ok('example 4: "Bonus Tier Reached" event', events('Bonus Tier Reached').length === 1);

	await referralPrograms(n8n, double, checks, waitFor);

	// 7. Affiliate deactivated → removed from the list (OAuth2 credential, token refreshed before).
	await post(webhookUrl(n8n, WEBHOOKS.deactivated), refersionDelivery('AFFILIATE_STATUS_CHANGE', payloads.refersionDeactivated(), SECRETS.refersion));
	const runs7 = await waitFor('exDeactivated007', 1);
	checks.ok('example 7 succeeded', runs7.length === 1 && runs7[0].status === 'success', JSON.stringify(runs7));
	const grace = double.state().profiles.find((p) => p.attributes.email === 'grace@example.com');
	checks.ok('example 7: removed from the Affiliates list', grace !== undefined && !double.state().lists.find((l) => l.id === LIST_ID)!.members.includes(grace.id));

	// 1 again, on a double opt-in list: subscribed only after the confirmation, never before.
	double.seed({ lists: [{ id: LIST_ID, name: 'Affiliates', opt_in_process: 'double_opt_in' }] });
	const dora = { ...payloads.refersionAffiliate('ACTIVE'), id: 7008, code: 'dora8', email: 'dora.refersion@example.com', first_name: 'Dora', phone_number: undefined };
	await post(webhookUrl(n8n, WEBHOOKS.approved), refersionDelivery('AFFILIATE_STATUS_CHANGE', dora, SECRETS.refersion));
	const runs1b = await waitFor('exAffApproved001', 2);
	checks.ok('example 1 on a double opt-in list succeeded', runs1b.length === 2 && runs1b.every((r) => r.status === 'success'), JSON.stringify(runs1b));
	await settleJobs();
	const pendingList = double.state().lists.find((list) => list.id === LIST_ID)!;
	const doraProfile = double.state().profiles.find((p) => p.attributes.email === 'dora.refersion@example.com');
	checks.ok(
		'double opt-in: pending confirmation, not yet subscribed nor a member',
		doraProfile !== undefined && pendingList.pending.some((p) => p.profile_id === doraProfile.id) && !pendingList.members.includes(doraProfile.id) && doraProfile.subscriptions.email.marketing.consent !== 'SUBSCRIBED',
		JSON.stringify({ pending: pendingList.pending, consent: doraProfile?.subscriptions.email.marketing }),
	);
	double.confirmPending(LIST_ID);
	const confirmed = double.state().profiles.find((p) => p.attributes.email === 'dora.refersion@example.com');
	checks.ok('double opt-in: after the confirmation, subscribed and a member', confirmed?.subscriptions.email.marketing.consent === 'SUBSCRIBED' && listMembers().includes(confirmed.id));

	const all = executions();
	checks.ok('every execution n8n recorded succeeded', all.every((e) => e.status === 'success'), JSON.stringify(all.filter((e) => e.status !== 'success')));
}

type WaitForRuns = (workflowId: string, count: number) => Promise<Array<{ workflowId: string; status: string }>>;

/** The names one referral example writes (spelled out here: the e2e checks them character for character). */
interface ReferralNames {
	sent: string;
	received: string;
	redeemed: string;
	link: string;
	count: string;
	revenue: string;
	latestDate: string;
}

const REFERRAL_EXAMPLES: Array<{ label: string; workflowId: string; webhookId: string; names: ReferralNames; others: string[] }> = [
	{
		label: 'example 5',
		workflowId: 'exReferralProg05',
		webhookId: WEBHOOKS.referrals,
		names: {
			sent: 'Sent Referral',
			received: 'Received Referral Coupon',
			redeemed: 'Redeemed Referral Coupon',
			link: 'Affiliate Referral Link',
			count: 'Affiliate Number of Successful Referrals',
			revenue: 'Affiliate Total Successful Referral Revenue',
			latestDate: 'Affiliate Latest Successful Referral Date',
		},
		others: [],
	},
	{
		label: 'example 8 (Okendo names)',
		workflowId: 'exOkendoNames008',
		webhookId: WEBHOOKS.okendoNames,
		names: {
			sent: 'Sent Okendo Referral',
			received: 'Received Okendo Referral Coupon',
			redeemed: 'Redeemed Okendo Referral Coupon',
			link: 'Okendo Referral Shareable Link',
			count: 'Okendo Number of Successful Referrals',
			revenue: 'Okendo Total Successful Referral Revenue',
			latestDate: 'Okendo Latest Successful Referral Date',
		},
		// Okendo's names only, never a prefix in front: "Okendo Sent Referral" was what a metric prefix gave before.
		others: ['Okendo Sent Referral', 'Okendo Received Referral Coupon', 'Okendo Redeemed Referral Coupon'],
	},
];

/**
 * 5 and 8. Referral programs: each delivery is one person's act, recorded on that person's profile only; the
 * referrer's totals count each successful referral once, even delivered twice as different messages.
 */
async function referralPrograms(n8n: N8nInstance, double: KlaviyoDouble, checks: Checks, waitFor: WaitForRuns): Promise<void> {
	for (const { label, workflowId, webhookId, names, others } of REFERRAL_EXAMPLES) {
		const deliver = (id: string, type: string, role: 'referrer' | 'recipient') =>
			post(webhookUrl(n8n, webhookId), standardWebhooksDelivery(`${workflowId}_${id}`, payloads.referralEvent(type, role), SECRETS.okendo));
		await deliver('sent', 'referral.sent', 'referrer');
		await deliver('success', 'referral.coupon_issued', 'referrer'); // the referral succeeded: the referrer's reward
		await deliver('reward', 'referral.coupon_issued', 'recipient'); // the recipient retrieved their coupon
		await deliver('redeemed', 'referral.coupon_redeemed', 'recipient');
		const runs = await waitFor(workflowId, 4);
		checks.ok(`${label} ran four times and succeeded`, runs.length === 4 && runs.every((r) => r.status === 'success'), JSON.stringify(runs));

		const state = double.state();
		const emailOf = (profileId: string) => state.profiles.find((p) => p.id === profileId)?.attributes.email;
		const landed = (metric: string) => JSON.stringify(state.events.filter((e) => e.metric === metric).map((e) => emailOf(e.profile_id)).sort());
		checks.ok(`${label}: "${names.sent}" on the referrer only`, landed(names.sent) === '["rita@example.com"]', landed(names.sent));
		checks.ok(`${label}: "${names.received}" once on each, for their own coupon`, landed(names.received) === '["rita@example.com","rob@example.com"]', landed(names.received));
		checks.ok(`${label}: the recipient's redemption is on the recipient, no "${names.redeemed}" on the referrer`, landed(names.redeemed) === '["rob@example.com"]', landed(names.redeemed));
		checks.ok(`${label}: no event under other names`, others.every((metric) => landed(metric) === '[]'), others.map(landed).join(' '));

		const properties = (email: string) => double.state().profiles.find((p) => p.attributes.email === email)?.attributes.properties ?? {};
		const totals = (email: string) => Object.fromEntries([names.link, names.count, names.revenue, names.latestDate].filter((name) => name in properties(email)).map((name) => [name, properties(email)[name]]));
		const expected = {
			[names.link]: 'https://shop.example.com/pages/refer?ref=rita',
			[names.count]: 1,
			[names.revenue]: 80,
			[names.latestDate]: '2026-03-07T08:00:00Z',
		};
		checks.ok(`${label}: the referrer's link and totals, the referral counted once`, JSON.stringify(totals('rita@example.com')) === JSON.stringify(expected), JSON.stringify(properties('rita@example.com')));
		checks.ok(`${label}: no referral totals on the recipient`, Object.keys(totals('rob@example.com')).length === 0, JSON.stringify(properties('rob@example.com')));

		// The same successful referral again as a new message (a new webhook-id passes the trigger): counted once still.
		await deliver('success-resent', 'referral.coupon_issued', 'referrer');
		const again = await waitFor(workflowId, 5);
		checks.ok(`${label}: a successful referral delivered twice is still counted once`, again.length === 5 && totals('rita@example.com')[names.count] === 1, JSON.stringify(totals('rita@example.com')));
	}
}

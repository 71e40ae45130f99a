import type { KlaviyoDouble } from '../double/types';
import type { Checks } from './checks';
import { post, refersionDelivery, type SignedDelivery } from './deliveries';
import { EXAMPLE_SECRETS, EXAMPLE_WEBHOOKS, webhookUrl } from './exampleSetup';
import type { N8nInstance } from './n8nInstance';
import * as payloads from './payloads';
import type { PostgresServer } from './postgres';
import { QueueCluster } from './queueCluster';
import type { RedisServer } from './redis';

const REFERSION_SECRET = EXAMPLE_SECRETS.refersion;

/** The two examples run here: the welcome (private key) and the conversion (OAuth2), with their webhook ids. */
export const QUEUE_EXAMPLES = {
	approved: { file: '01-refersion-affiliate-approved.json', workflowId: 'exAffApproved001', webhookId: EXAMPLE_WEBHOOKS.approved },
	conversion: { file: '02-refersion-new-conversion.json', workflowId: 'exConversion0002', webhookId: EXAMPLE_WEBHOOKS.conversion },
};

interface Context {
	cluster: QueueCluster;
	double: KlaviyoDouble;
	redis: RedisServer;
	postgres: PostgresServer;
	checks: Checks;
	log: (line: string) => void;
}

interface ExecutionRow {
	id: string;
	workflowId: string;
	status: string;
	mode: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const url = (instance: N8nInstance, example: keyof typeof QUEUE_EXAMPLES) => webhookUrl(instance, QUEUE_EXAMPLES[example].webhookId);
/**
 * The trigger answers a redelivery itself (200 `{"started":false,"reason":"already received"}`); a started run is
 * answered by n8n with the trigger's `responseData: 'noData'`: 200 and an empty body.
 */
const startedRun = (body: string) => body === '';
const approvedDelivery = (payload: object) => refersionDelivery('AFFILIATE_STATUS_CHANGE', payload, REFERSION_SECRET);
/** Another affiliate approved: its own Refersion id, code and email, so its own event id. */
const affiliate = (n: number) => ({ ...payloads.refersionAffiliate('ACTIVE'), id: 8000 + n, code: `q${n}`, email: `queue.${n}@example.com`, phone_number: undefined });

export async function runQueueScenario(context: Context): Promise<void> {
	const { cluster, double, redis, postgres, checks, log } = context;
	const executions = (workflowId?: string) =>
		postgres
			.query<ExecutionRow>('SELECT id::text AS id, "workflowId", status, mode FROM execution_entity ORDER BY id')
			.filter((row) => workflowId === undefined || row.workflowId === workflowId);
	const waitFor = async (workflowId: string, count: number): Promise<ExecutionRow[]> => {
		for (let i = 0; i < 120; i++) {
			const rows = executions(workflowId);
			if (rows.length >= count && rows.every((row) => !['new', 'running', 'waiting'].includes(row.status))) break;
			await sleep(500);
		}
		// Bulk subscription jobs complete in the double 100 ms after the execution ends.
		for (let i = 0; i < 50 && double.state().jobs.some((job) => job.status !== 'complete'); i++) await sleep(100);
		return executions(workflowId);
	};
	const profile = (email: string) => double.state().profiles.find((p) => p.attributes.email === email);
	const approvedEvents = (email: string) => double.state().events.filter((e) => e.metric === 'Affiliate Approved' && e.profile_id === profile(email)?.id);
	const approved = QUEUE_EXAMPLES.approved.workflowId;

	// 1. With no worker running, a delivery is accepted and queued, and nothing runs: only a worker runs executions.
	const first = approvedDelivery(payloads.refersionAffiliate('ACTIVE'));
	const requestsBefore = double.requests().length;
	const accepted = await post(url(cluster.webhook, 'approved'), first);
	checks.ok('webhook process: signed delivery accepted (200, run started) before any worker is up', accepted.status === 200 && startedRun(accepted.body), accepted.body);
	await sleep(3000);
	const queued = executions(approved);
	checks.ok('no worker: the execution is recorded in PostgreSQL and waits (status "new")', queued.length === 1 && queued[0].status === 'new', JSON.stringify(queued));
	checks.ok('no worker: nothing reached Klaviyo', double.requests().length === requestsBefore);
	checks.ok('no worker: the job went to Redis (Bull\'s job counter is 1)', await bullJobCount(redis) === 1);
	const workerStarted = Date.now();
	await cluster.startWorker();
	log(`worker up in ${Math.round((Date.now() - workerStarted) / 1000)} s`);
	const runs1 = await waitFor(approved, 1);
	checks.ok('worker up: it ran the queued execution, success, mode webhook', runs1.length === 1 && runs1[0].status === 'success' && runs1[0].mode === 'webhook', JSON.stringify(runs1));
	const ada = profile('ada.refersion@example.com');
	// Refersion sends no referral link: example 1 builds it from its Referral Link Template.
	checks.ok('example 1: profile with the templated referral link and the affiliate code', ada?.attributes.properties['Affiliate Referral Link'] === 'https://your-store.example/?rfsn=ada7' && ada?.attributes.properties['Affiliate Code'] === 'ada7', JSON.stringify(ada?.attributes.properties));
	checks.ok('example 1: subscribed to email marketing, on the Affiliates list', ada?.subscriptions.email.marketing.consent === 'SUBSCRIBED' && double.state().lists[0].members.includes(ada.id));
	const adaEvents = approvedEvents('ada.refersion@example.com');
	checks.ok('example 1: one "Affiliate Approved" event with a unique id', adaEvents.length === 1 && adaEvents[0].unique_id.startsWith('refersion:'), JSON.stringify(adaEvents));

	// 2. Redelivery, sequentially, to the other process and back: the trigger's memory lives in the workflow's static
	// data in PostgreSQL, which every main and webhook process reads per request.
	const forged = await post(url(cluster.webhook, 'approved'), refersionDelivery('AFFILIATE_STATUS_CHANGE', payloads.refersionAffiliate('ACTIVE'), 'wrong-secret'));
	checks.ok('webhook process: bad signature → 401', forged.status === 401, forged.body);
	const again = [await post(url(cluster.main, 'approved'), first), await post(url(cluster.webhook, 'approved'), first)];
	checks.ok('redelivery to the main process, then the webhook process: 200 "already received"', again.every((r) => r.status === 200 && r.body.includes('already received')), JSON.stringify(again));
	await sleep(2000);
	checks.ok('redelivery: still one execution', (await waitFor(approved, 1)).length === 1);
	checks.ok('redelivery: still one "Affiliate Approved" event', approvedEvents('ada.refersion@example.com').length === 1);

	// 3. The OAuth2 example through the main process, the access token expired: the worker refreshes it.
	double.expireAccessTokens();
	const conversion = await post(url(cluster.main, 'conversion'), refersionDelivery('NEW_CONVERSION', payloads.refersionConversion(), REFERSION_SECRET));
	checks.ok('main process: conversion delivery accepted', conversion.status === 200 && startedRun(conversion.body), conversion.body);
	const runs2 = await waitFor(QUEUE_EXAMPLES.conversion.workflowId, 1);
	checks.ok('example 2 (OAuth2, token expired): success', runs2.length === 1 && runs2[0].status === 'success', JSON.stringify(runs2));
	checks.ok('example 2: the OAuth2 token was refreshed', double.requests().some((r) => r.operationId === 'oauth_token' && (r.body as { grant_type?: string })?.grant_type === 'refresh_token'));
	const converted = double.state().events.filter((e) => e.metric === 'Affiliate Conversion');
	checks.ok('example 2: one "Affiliate Conversion" with amount and commission', converted.length === 1 && converted[0].value === 59 && converted[0].properties['Commission Amount'] === 5.9, JSON.stringify(converted));

	await concurrentDeliveries(context, executions, waitFor, approvedEvents);
	await workerRanEverything(context, executions());
}

/** Bull numbers its jobs with this counter: one per execution that went through the queue. */
async function bullJobCount(redis: RedisServer): Promise<number> {
	return Number((await redis.command('GET', 'bull:jobs:id')).split('\r\n')[1]);
}

type Deliver = (instance: N8nInstance, delivery: SignedDelivery) => Promise<{ status: number; body: string }>;

/**
 * What the trigger's memory does NOT guarantee, measured, and what still holds: the same event at the same instant
 * on two processes, and different events at the same instant (each request saves the whole static data it read,
 * so one can overwrite another's new id). Klaviyo keeps one event per unique id either way.
 */
async function concurrentDeliveries(
	{ cluster, checks, log }: Context,
	executions: (workflowId?: string) => ExecutionRow[],
	waitFor: (workflowId: string, count: number) => Promise<ExecutionRow[]>,
	approvedEvents: (email: string) => unknown[],
): Promise<void> {
	const deliver: Deliver = async (instance, delivery) => await post(url(instance, 'approved'), delivery);
	const approved = QUEUE_EXAMPLES.approved.workflowId;
	const before = executions(approved).length;
	const pairs: Array<{ status: number; body: string }> = [];
	for (let n = 0; n < 5; n++) {
		const delivery = approvedDelivery(affiliate(n));
		pairs.push(...(await Promise.all([deliver(cluster.main, delivery), deliver(cluster.webhook, delivery)])));
	}
	const pairStarts = pairs.filter((r) => startedRun(r.body)).length;
	const afterPairs = await waitFor(approved, before + pairStarts);
	checks.ok('same event on two processes at once: all 200, each event started at least once', pairs.every((r) => r.status === 200) && pairStarts >= 5, JSON.stringify(pairs));
	checks.ok('same event on two processes at once: PostgreSQL holds exactly the runs answered "started"', afterPairs.length === before + pairStarts, `${afterPairs.length} vs ${before} + ${pairStarts}`);
	log(`MEASURED: 5 events, each delivered to main and webhook process at the same instant → ${pairStarts} executions (5 = every duplicate dropped)`);

	const burst = [5, 6, 7, 8, 9].map((n) => approvedDelivery(affiliate(n)));
	const answers = await Promise.all(burst.map((delivery, i) => deliver(i % 2 === 0 ? cluster.main : cluster.webhook, delivery)));
	checks.ok('5 different events at once: all 200 and started', answers.every((r) => r.status === 200 && startedRun(r.body)), JSON.stringify(answers));
	await waitFor(approved, before + pairStarts + 5);
	const redeliveries: Array<{ status: number; body: string }> = [];
	for (const [i, delivery] of burst.entries()) redeliveries.push(await deliver(i % 2 === 0 ? cluster.webhook : cluster.main, delivery));
	const forgotten = redeliveries.filter((r) => startedRun(r.body)).length;
	const afterBurst = await waitFor(approved, before + pairStarts + 5 + forgotten);
	checks.ok('their redeliveries, one at a time: all 200; PostgreSQL holds exactly the runs answered "started"', redeliveries.every((r) => r.status === 200) && afterBurst.length === before + pairStarts + 5 + forgotten, JSON.stringify(redeliveries));
	log(`MEASURED: 5 different events delivered at the same instant, then redelivered one at a time → ${forgotten} redeliveries started a second execution (0 = no id lost)`);

	const perAffiliate = Array.from({ length: 10 }, (_, n) => approvedEvents(`queue.${n}@example.com`).length);
	checks.ok('Klaviyo: exactly one "Affiliate Approved" event per affiliate, however many runs', perAffiliate.every((count) => count === 1), JSON.stringify(perAffiliate));
	const all = executions();
	checks.ok('every execution n8n recorded succeeded', all.every((row) => row.status === 'success'), JSON.stringify(all.filter((row) => row.status !== 'success')));
}

/**
 * Which process ran each execution, from the processes' own JSON logs: the receiving process enqueued it, the worker
 * logged starting and finishing it, and main or webhook process heard "finished" from the worker's host id.
 */
async function workerRanEverything({ cluster, redis, checks, log }: Context, rows: ExecutionRow[]): Promise<void> {
	const hostId = cluster.workerHostId();
	checks.ok('the worker logged its host id', hostId?.startsWith('worker-') === true, hostId);
	const workerLog = QueueCluster.logEntries(cluster.worker);
	const receivers = { main: QueueCluster.logEntries(cluster.main), webhook: QueueCluster.logEntries(cluster.webhook) };
	const receivedBy = { main: 0, webhook: 0 };
	const problems: string[] = [];
	for (const row of rows) {
		const says = (entries: typeof workerLog, prefix: string) => entries.filter((entry) => entry.message.startsWith(`${prefix} ${row.id} (job `));
		const started = says(workerLog, 'Worker started execution');
		const finished = says(workerLog, 'Worker finished execution');
		const enqueuer = (Object.keys(receivers) as Array<keyof typeof receivers>).find((name) => says(receivers[name], 'Enqueued execution').length === 1);
		const heard = [...receivers.main, ...receivers.webhook].filter((entry) => entry.message.startsWith(`Execution ${row.id} (job `) && entry.message.endsWith(' finished'));
		if (enqueuer) receivedBy[enqueuer]++;
		const ok =
			started.length === 1 &&
			started[0].metadata.workflowId === row.workflowId &&
			finished.length === 1 &&
			finished[0].metadata.success === true &&
			enqueuer !== undefined &&
			heard.length > 0 &&
			heard.every((entry) => entry.metadata.workerId === hostId);
		if (!ok) problems.push(`execution ${row.id}: started ${started.length}, finished ${JSON.stringify(finished.map((e) => e.metadata))}, enqueued by ${enqueuer}, heard ${JSON.stringify(heard.map((e) => e.metadata))}`);
	}
	checks.ok(`all ${rows.length} executions: enqueued by main or webhook process, started and finished by the worker ${hostId}`, rows.length > 0 && problems.length === 0, problems.join('\n'));
	log(`executions received by the main process: ${receivedBy.main}, by the webhook process: ${receivedBy.webhook}; all run by ${hostId}`);
	const jobs = await bullJobCount(redis);
	checks.ok('Redis: Bull queued exactly one job per execution', jobs === rows.length, `${jobs} jobs, ${rows.length} executions`);
}

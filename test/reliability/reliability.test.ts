/**
 * The reliability suite (issue 8): the three action nodes against the Klaviyo double under every fault Klaviyo and
 * its edge produce, a table-generated corpus of bad input for all four nodes, and secret hygiene over everything
 * they hand back or log. Prints one summary line at the end.
 *
 * The fault cases run concurrently on a pool of doubles (each case has one to itself): most of their time is spent
 * waiting for Retry-After and timeouts. The input corpora are CPU work and run one by one after them, so a
 * multi-megabyte payload never stalls the event loop under a fault case's 400 ms timeout.
 */
import { AffiliateWebhookSecretApi } from '../../credentials/AffiliateWebhookSecretApi.credentials';
import { KlaviyoApi } from '../../credentials/KlaviyoApi.credentials';
import { KlaviyoOAuth2Api } from '../../credentials/KlaviyoOAuth2Api.credentials';
import { AffiliateWebhookTrigger } from '../../nodes/AffiliateWebhookTrigger/AffiliateWebhookTrigger.node';
import { faultScenarios } from './faults/matrix';
import { NODE_PATHS } from './faults/paths';
import { measureBaseline, runFaultCase, type Baseline } from './faults/runFaultCase';
import { acceptedCases } from './inputs/accepted';
import { inputCases, NODE_TYPES } from './inputs/cases';
import { runAcceptedCase, runInputCase } from './inputs/runInputCase';
import { LogCapture, RejectionGuard } from './support/capture';
import { leakProblems } from './support/leaks';
import { DoublePool } from './support/pool';
import { findLeaks, SECRETS, textOf } from './support/secrets';
import { summaryLine, tally } from './support/tally';
import { useSuiteTransport } from './support/transportSeam';
import { webhookCases } from './webhooks/cases';
import { runWebhookCase } from './webhooks/runWebhookCase';

const transport = useSuiteTransport();
const capture = new LogCapture();
const guard = new RejectionGuard();
const baselines = new Map<string, Baseline>();
let pool: DoublePool;

beforeAll(async () => {
	guard.install();
	capture.install();
	pool = await DoublePool.start(5);
	for (const path of NODE_PATHS) baselines.set(path.id, await pool.use(async (double) => await measureBaseline(double, path)));
}, 60_000);

afterAll(async () => {
	await pool?.close();
	capture.restore();
	guard.restore();
	process.stdout.write(`\n${summaryLine()}\n\n`);
});

const scenarios = faultScenarios();
const inputs = inputCases();
const accepted = acceptedCases();
const deliveries = webhookCases();

describe('fault matrix: every input item gets one output, nothing is written twice, retries stay in budget', () => {
	test.concurrent.each(scenarios.map((scenario) => [scenario.title, scenario] as const))('%s', async (_title, scenario) => {
		tally.cases += 1;
		const problems = await pool.use(async (double) => await runFaultCase(double, scenario, baselines.get(scenario.path.id)!));
		expect(problems).toEqual([]);
	});
});

describe('bad input: an error that names the field and the item, and nothing written without Continue On Fail', () => {
	test.each(inputs.map((input, position) => [input.title, input, position] as const))('%s', async (_title, input, position) => {
		tally.cases += 1;
		const problems = await pool.use(async (double) => await runInputCase(double, input, position));
		expect(problems).toEqual([]);
	});
});

describe('hostile but valid input: stored exactly as given', () => {
	test.each(accepted.map((input) => [input.title, input] as const))('%s', async (_title, input) => {
		tally.cases += 1;
		const problems = await pool.use(async (double) => await runAcceptedCase(double, input));
		expect(problems).toEqual([]);
	});
});

describe('webhook deliveries: the right status, and no run for refusals, redeliveries and filtered events', () => {
	test.each(deliveries.map((delivery) => [`${delivery.platform.id}: ${delivery.title}`, delivery] as const))('%s', async (_title, delivery) => {
		tally.cases += 1;
		expect(await runWebhookCase(delivery)).toEqual([]);
	});
});

describe('after everything above', () => {
	test('no unhandled promise rejection or uncaught exception anywhere in the suite', () => {
		expect(guard.rejections).toEqual([]);
	});

	test('no secret in any captured log line (console, stdout, stderr, n8n logger)', () => {
		expect(capture.lines.length).toBeGreaterThan(0);
		const problems = capture.lines.flatMap((line, index) => leakProblems(`log line ${index}`, line));
		expect(problems).toEqual([]);
	});

	test('no secret in the node or credential descriptions', () => {
		const types = [...Object.values(NODE_TYPES), new AffiliateWebhookTrigger(), new KlaviyoApi(), new KlaviyoOAuth2Api(), new AffiliateWebhookSecretApi()];
		const problems = types.flatMap((type) => leakProblems(`description of ${type.constructor.name}`, type));
		expect(problems).toEqual([]);
	});

	test('the leak search finds secrets where they would hide (so the leak checks above can fail)', () => {
		const planted = new Error(`request failed: Authorization: Klaviyo-API-Key ${SECRETS.apiKey}`);
		const basic = `Basic ${Buffer.from(`${SECRETS.oauthClientId}:${SECRETS.oauthClientSecret}`).toString('base64')}`;
		const whsecKey = Buffer.from(SECRETS.standardWebhooksSecret.slice('whsec_'.length), 'base64').toString('utf8');
		expect(findLeaks(textOf({ json: { error: 'x' }, error: planted }))).toContain('apiKey');
		expect(findLeaks(textOf({ headers: { authorization: basic } }))).toContain('oauthBasicHeader');
		expect(findLeaks(`signing with ${whsecKey}`)).toContain('Standard Webhooks key');
		expect(findLeaks(textOf({ description: `secret ${SECRETS.previousWebhookSecret}` }))).toContain('previousWebhookSecret');
		expect(findLeaks(textOf(capture.lines))).toEqual([]);
	});

	test('the suite transport settings were in force', () => {
		expect(transport.opened()).toBeGreaterThan(scenarios.length);
	});

	test('totals: enough cases and faults, nothing lost, duplicated or leaked', () => {
		expect(inputs.length + accepted.length + deliveries.length).toBeGreaterThanOrEqual(200);
		expect(tally.cases).toBe(scenarios.length + inputs.length + accepted.length + deliveries.length);
		expect(tally.faults).toBeGreaterThanOrEqual(scenarios.length);
		expect({ lost: tally.lost, duplicated: tally.duplicated, leaked: tally.leaked }).toEqual({ lost: 0, duplicated: 0, leaked: 0 });
	});
});

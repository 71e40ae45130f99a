import { startKlaviyoDouble } from '../double';
import type { KlaviyoDouble } from '../double/types';
import { Checks } from './checks';
import { post, standardWebhooksDelivery } from './deliveries';
import { activateTriggerWorkflows, EXAMPLE_OAUTH_CLIENT, EXAMPLE_SECRETS, importExampleCredentials, webhookUrl } from './exampleSetup';
import type { N8nInstall } from './n8nInstall';
import { N8nInstance } from './n8nInstance';
import { installAsCommunityPackage, PACKAGE_NAME } from './packageInstall';
import * as payloads from './payloads';

const WORKFLOW_ID = 'exFailedRunRetry';
const WEBHOOK_ID = '5f1a0008-0000-4000-8000-00000000e2e8';
const REFERRAL_EVENT = 'Received Referral Coupon';
const REFERRAL_COUNT = 'Affiliate Number of Successful Referrals';

/**
 * A referral program's success, as example 5 handles it, with the trigger answering when the workflow finishes:
 * the coupon event on the referrer and the referrer's referral totals (Add, counted once per referral id).
 */
function referralWorkflow(): object {
	const klaviyo = { klaviyoApi: { id: 'klaviyoKeyCred01', name: 'Klaviyo (private key)' } };
	const node = (index: number, name: string, type: string, typeVersion: number, parameters: object, extra: object = {}) => ({
		id: `5f1a0008-0000-4000-8000-00000000000${index}`,
		name,
		type: `${PACKAGE_NAME}.${type}`,
		typeVersion,
		position: [0, 0],
		parameters,
		...extra,
	});
	const trigger = node(
		1,
		'Referral Program',
		'affiliateWebhookTrigger',
		2,
		{ platform: 'generic', scheme: 'standard-webhooks', responseMode: 'lastNode', events: ['coupon.issued'], options: {} },
		{ webhookId: WEBHOOK_ID, credentials: { affiliateWebhookSecretApi: { id: 'okendoSecret0001', name: 'Referral program signing secret' } } },
	);
	const totals = node(
		2,
		'Referral Totals on Referrer',
		'klaviyoUpsertAffiliateProfile',
		1,
		{ authentication: 'apiKey', email: '={{ $json.referral.referrerEmail }}', affiliateFields: [], referralTotals: true, referralId: '={{ $json.referral.id }}', options: {} },
		{ credentials: klaviyo },
	);
	const coupon = node(3, REFERRAL_EVENT, 'klaviyoTrackReferralEvent', 1, { authentication: 'apiKey', event: 'receivedReferralCoupon', role: 'referrer', options: {} }, { credentials: klaviyo });
	const fanOut = [totals, coupon].map((target) => ({ node: target.name, type: 'main', index: 0 }));
	return { id: WORKFLOW_ID, name: 'Failed run, redelivered', active: false, nodes: [trigger, totals, coupon], connections: { [trigger.name]: { main: [fanOut] } }, settings: { executionOrder: 'v1' } };
}

/**
 * Issue 14, in real n8n: with *Respond: When the Workflow Finishes*, a run that fails (Klaviyo down past every retry)
 * is answered with an error, so the platform's retry — the same signed bytes — runs again once Klaviyo is back, and
 * Klaviyo still ends up with one event and one counted referral.
 */
export async function runFailedRunRedelivery(install: N8nInstall, tarball: string, log: (line: string) => void): Promise<Checks> {
	const checks = new Checks(install.version, log);
	const double = await startKlaviyoDouble({ quiet: true, seedLists: false, oauth: EXAMPLE_OAUTH_CLIENT });
	const n8n = await N8nInstance.create(install);
	try {
		installAsCommunityPackage(n8n.userFolder, tarball);
		await importExampleCredentials(n8n, double);
		await n8n.cli(['import:workflow', `--input=${n8n.writeJson('failed-run-workflow.json', referralWorkflow())}`]);
		await activateTriggerWorkflows(n8n, [WORKFLOW_ID]);
		await n8n.start();
		await scenario(n8n, double, checks, log);
	} finally {
		await n8n.stop();
		if (checks.failed) log(`n8n log tail:\n${n8n.log().slice(-4000)}`);
		await double.close();
	}
	return checks;
}

async function scenario(n8n: N8nInstance, double: KlaviyoDouble, checks: Checks, log: (line: string) => void): Promise<void> {
	const url = webhookUrl(n8n, WEBHOOK_ID);
	/** The statuses of the workflow's executions, once `count` of them have finished (or after 30 s). */
	const runs = async (count: number) => {
		const read = () => n8n.query<{ status: string }>(`SELECT status FROM execution_entity WHERE workflowId = '${WORKFLOW_ID}' ORDER BY id`);
		for (let i = 0; i < 60; i++) {
			const finished = read().filter((run) => !['new', 'running', 'waiting'].includes(run.status));
			if (finished.length >= count) break;
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		return JSON.stringify(read().map((run) => run.status));
	};
	const events = () => double.state().events.filter((event) => event.metric === REFERRAL_EVENT);
	const referrer = () => double.state().profiles.find((profile) => profile.attributes.email === 'rita@example.com');
	// The very bytes the platform sends each time: its retries repeat the delivery, timestamp and signature included.
	const delivery = standardWebhooksDelivery('msg_retry_1', payloads.referralEvent('referral.coupon_issued', 'referrer'), EXAMPLE_SECRETS.okendo);

	// n8n answers its settings a moment before it registers the active workflows' webhooks: until then a POST is a 404.
	// An unsigned body is refused by the trigger itself (401) once it listens, and starts nothing.
	for (let i = 0; i < 60 && (await post(url, { headers: { 'content-type': 'application/json' }, body: '{}' })).status === 404; i++) {
		await new Promise((resolve) => setTimeout(resolve, 500));
	}

	double.setFaults([{ pathPrefix: '/api', fault: { kind: 'status', status: 503 } }]);
	const started = Date.now();
	const first = post(url, delivery);
	// While the first run is still retrying Klaviyo, the same delivery again must not start a second run.
	await new Promise((resolve) => setTimeout(resolve, 3000));
	const overlapping = await post(url, delivery);
	checks.ok('the same delivery while its run is in progress → 503 (retry later), no second run', overlapping.status === 503, `${overlapping.status} ${overlapping.body}`);
	const failed = await first;
	checks.ok('Klaviyo down past the retries: the delivery is answered with an error status (5xx)', failed.status >= 500, `${failed.status} ${failed.body}`);
	log(`n8n ${n8n.install.version}: the failing run was answered after ${Math.round((Date.now() - started) / 1000)} s (the nodes' bounded retries)`);
	const afterFailure = await runs(1);
	checks.ok('the failed run is recorded as an error, once', afterFailure === '["error"]', afterFailure);
	checks.ok('nothing reached Klaviyo while it was down', events().length === 0 && referrer() === undefined);

	double.setFaults([]);
	const retried = await post(url, delivery);
	checks.ok('after recovery, the platform’s redelivery of the same bytes runs and is answered 200', retried.status === 200, `${retried.status} ${retried.body}`);
	const afterRetry = await runs(2);
	checks.ok('the redelivery’s run succeeded', afterRetry === '["error","success"]', afterRetry);
	const again = await post(url, delivery);
	checks.ok('one more redelivery after the successful run → 200, already received', again.status === 200 && again.body.includes('already received'), `${again.status} ${again.body}`);
	await new Promise((resolve) => setTimeout(resolve, 1500));
	const afterAgain = await runs(2);
	checks.ok('… and starts nothing', afterAgain === '["error","success"]', afterAgain);
	checks.ok(`Klaviyo holds exactly one "${REFERRAL_EVENT}" event`, events().length === 1, JSON.stringify(events().map((event) => event.unique_id)));
	checks.ok('… and one counted referral on the referrer', referrer()?.attributes.properties[REFERRAL_COUNT] === 1, JSON.stringify(referrer()?.attributes.properties));
}

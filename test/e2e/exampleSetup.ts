import { join } from 'node:path';

import type { KlaviyoDouble } from '../double/types';
import { connectOAuth } from '../harness/oauth';
import type { N8nInstance } from './n8nInstance';
import { copyCsv, installAsCommunityPackage, prepareExamples } from './packageInstall';

/** Signing secrets of the example triggers' credentials (test values, not secrets). */
export const EXAMPLE_SECRETS = {
	refersion: 'e2e-refersion-signing-secret',
	rewardful: 'e2e-rewardful-signing-secret',
	okendo: `whsec_${Buffer.from('e2e-standard-webhooks-secret-key').toString('base64')}`,
};

/** The list the examples add affiliates to. */
export const EXAMPLE_LIST_ID = 'AffList001';

export const EXAMPLE_OAUTH_CLIENT = { clientId: 'e2e-client', clientSecret: 'e2e-client-secret' };

/** The webhook IDs of the example triggers (production URL: `/webhook/<id>/webhook`). */
export const EXAMPLE_WEBHOOKS = {
	approved: '5f1a0001-0000-4000-8000-00000000e2e1',
	conversion: '5f1a0002-0000-4000-8000-00000000e2e2',
	refersionPayment: '5f1a0003-0000-4000-8000-00000000e2e3',
	rewardful: '5f1a0004-0000-4000-8000-00000000e2e4',
	tier: '5f1a0005-0000-4000-8000-00000000e2e5',
	referrals: '5f1a0006-0000-4000-8000-00000000e2e6',
	deactivated: '5f1a0007-0000-4000-8000-00000000e2e7',
	okendoNames: '5f1a0018-0000-4000-8000-00000000e218',
};

export const webhookUrl = (n8n: N8nInstance, webhookId: string) => `${n8n.baseUrl}/webhook/${webhookId}/webhook`;

/**
 * A user folder as a user would have it after following the README: the package installed from its tarball, the
 * Klaviyo credentials (private key and OAuth2) pointed at the double, the example workflows imported.
 * Returns the imported workflow ids.
 */
export async function setUpExamples(n8n: N8nInstance, double: KlaviyoDouble, tarball: string): Promise<string[]> {
	double.seed({ lists: [{ id: EXAMPLE_LIST_ID, name: 'Affiliates', opt_in_process: 'single_opt_in' }] });
	installAsCommunityPackage(n8n.userFolder, tarball);
	const filesDir = join(n8n.userFolder, 'files');
	const csvPath = copyCsv(filesDir);
	// n8n 2 only lets the file nodes read from allowed folders (1.x reads anywhere unless told otherwise).
	n8n.extraEnv.N8N_RESTRICT_FILE_ACCESS_TO = filesDir;
	await importExampleCredentials(n8n, double);
	const workflows = prepareExamples(join(n8n.userFolder, 'workflows'), { customPrefix: false, csvPath });
	await n8n.cli(['import:workflow', '--separate', `--input=${join(n8n.userFolder, 'workflows')}`]);
	return workflows;
}

/**
 * The credentials the examples use, pointed at the double, imported with n8n's CLI as an operator would: the private
 * key, the OAuth2 app with tokens the double issued, and the three signing secrets.
 */
export async function importExampleCredentials(n8n: N8nInstance, double: KlaviyoDouble): Promise<void> {
	const tokens = await connectOAuth(double, EXAMPLE_OAUTH_CLIENT.clientId, EXAMPLE_OAUTH_CLIENT.clientSecret);
	n8n.writeJson('credentials.json', [
		{ id: 'klaviyoKeyCred01', name: 'Klaviyo (private key)', type: 'klaviyoApi', data: { apiKey: 'pk_e2e_private_key_0123', baseUrl: double.url } },
		{
			id: 'klaviyoOAuthCred',
			name: 'Klaviyo (OAuth2)',
			type: 'klaviyoOAuth2Api',
			data: {
				grantType: 'pkce',
				...EXAMPLE_OAUTH_CLIENT,
				authUrl: `${double.url}/oauth/authorize`,
				accessTokenUrl: `${double.url}/oauth/token`,
				scope: 'accounts:read lists:read lists:write profiles:read profiles:write events:write subscriptions:write',
				authentication: 'header',
				baseUrl: double.url,
				oauthTokenData: tokens,
			},
		},
		{ id: 'refersionSecret1', name: 'Refersion signing secret', type: 'affiliateWebhookSecretApi', data: { secret: EXAMPLE_SECRETS.refersion } },
		{ id: 'rewardfulSecret1', name: 'Rewardful signing secret', type: 'affiliateWebhookSecretApi', data: { secret: EXAMPLE_SECRETS.rewardful } },
		{ id: 'okendoSecret0001', name: 'Referral program signing secret', type: 'affiliateWebhookSecretApi', data: { secret: EXAMPLE_SECRETS.okendo } },
	]);
	await n8n.cli(['import:credentials', `--input=${join(n8n.userFolder, 'credentials.json')}`]);
}

/** Examples that do not start from a webhook: manual backfills, and the scheduled reconcile (test/e2e/platformPull.ts). */
const NOT_WEBHOOK_STARTED = new Set(['exCsvBackfill006', 'exRewardfulBf009', 'exFpReconcile010']);

/** Activates every imported workflow that starts from a webhook. */
export async function activateTriggerWorkflows(n8n: N8nInstance, workflowIds: string[]): Promise<void> {
	for (const id of workflowIds.filter((id) => !NOT_WEBHOOK_STARTED.has(id))) {
		await n8n.cli(['update:workflow', `--id=${id}`, '--active=true']);
	}
}

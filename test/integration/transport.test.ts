import { startKlaviyoDouble } from '../double';
import type { KlaviyoDouble } from '../double/types';
import type { StoredCredential } from '../harness/credentialsHelper';
import { connectOAuth } from '../harness/oauth';
import { runNode } from '../harness/runWorkflow';
import { transportProbeNode } from '../harness/transportProbeNode';
import { apiKeyCredential, FAKE_API_KEY, useKlaviyoDouble } from './support';

const getDouble = useKlaviyoDouble({ oauth: { clientId: 'n8n-client', clientSecret: 'CLIENT_SECRET_FAKE_42', accessTokenTtlSeconds: 3600 } });

const accounts = { operation: 'getAccounts', method: 'GET', path: '/api/accounts' };
const lists = { operation: 'getLists', method: 'GET', path: '/api/lists' };

async function connectOAuthCredential(double: KlaviyoDouble): Promise<StoredCredential> {
	const tokenData = await connectOAuth(double, 'n8n-client', 'CLIENT_SECRET_FAKE_42', 'accounts:read lists:read');
	return {
		id: 'cred-oauth',
		name: 'Klaviyo OAuth2',
		type: 'klaviyoOAuth2Api',
		data: {
			clientId: 'n8n-client',
			clientSecret: 'CLIENT_SECRET_FAKE_42',
			accessTokenUrl: `${double.url}/oauth/token`,
			authUrl: `${double.url}/oauth/authorize`,
			baseUrl: double.url,
			oauthTokenData: tokenData,
		},
	};
}

const probe = (double: KlaviyoDouble, items: object[], options: Parameters<typeof transportProbeNode>[0] = {}, continueOnFail = true) =>
	runNode({
		nodeType: transportProbeNode(options),
		parameters: { authentication: 'apiKey' },
		items: items as never,
		credentials: [apiKeyCredential(double)],
		continueOnFail,
	});

describe('credentials through n8n-core', () => {
	test('the private key reaches Klaviyo as "Klaviyo-API-Key pk_…" with the revision header', async () => {
		const double = getDouble();
		const { output } = await probe(double, [accounts]);
		expect(output[0].json.status).toBe(200);
		const [entry] = double.requests();
		expect(entry).toMatchObject({ auth: 'api-key', revision: '2026-07-15', status: 200 });
	});

	test('OAuth2: the access token is sent as Bearer', async () => {
		const double = getDouble();
		const credential = await connectOAuthCredential(double);
		const { output } = await runNode({
			nodeType: transportProbeNode(),
			parameters: { authentication: 'oAuth2' },
			items: [lists],
			credentials: [credential],
		});
		expect(output[0].json.status).toBe(200);
		expect(double.requests().filter((r) => r.path === '/api/lists')[0]).toMatchObject({ auth: 'bearer', status: 200 });
	});

	test('OAuth2: an expired access token is refreshed once on 401, and the rotated refresh token is kept', async () => {
		const double = getDouble();
		const credential = await connectOAuthCredential(double);
		const firstRefreshToken = (credential.data.oauthTokenData as { refresh_token: string }).refresh_token;
		double.expireAccessTokens();
		const { output, credentialsHelper } = await runNode({
			nodeType: transportProbeNode(),
			parameters: { authentication: 'oAuth2' },
			items: [lists, lists],
			credentials: [credential],
		});
		expect(output.map((item) => item.json.status)).toEqual([200, 200]);
		const refreshes = double.requests().filter((r) => r.operationId === 'oauth_token');
		expect(refreshes.filter((r) => (r.body as { grant_type?: string }).grant_type === 'refresh_token')).toHaveLength(1);
		expect(credentialsHelper.oauthTokenUpdates).toHaveLength(1);
		const stored = credentialsHelper.get('cred-oauth')!.data.oauthTokenData as { refresh_token: string; access_token: string };
		expect(stored.refresh_token).not.toBe(firstRefreshToken);
		// The old refresh token no longer works at Klaviyo (rotation); the kept one does.
		const retry = await fetch(new URL('/oauth/token', double.url), {
			method: 'POST',
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				authorization: `Basic ${Buffer.from('n8n-client:CLIENT_SECRET_FAKE_42').toString('base64')}`,
			},
			body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: firstRefreshToken }),
		});
		expect(retry.status).toBeGreaterThanOrEqual(400);
	});
});

describe('retries', () => {
	test('a 429 is retried only after Retry-After', async () => {
		const double = getDouble();
		double.setFaults([{ operationId: 'get_lists', fault: { kind: 'throttle', retryAfterSeconds: 2 }, times: 1 }]);
		const started = Date.now();
		const { output } = await probe(double, [lists]);
		expect(output[0].json.status).toBe(200);
		const [throttled, retried] = double.requests();
		expect(throttled.status).toBe(429);
		expect(Date.parse(retried.startedAt) - Date.parse(throttled.startedAt)).toBeGreaterThanOrEqual(2000);
		expect(Date.now() - started).toBeLessThan(6000);
	});

	test('OAuth2: a 429 on the call repeated after a token refresh still waits its Retry-After', async () => {
		const double = getDouble();
		const credential = await connectOAuthCredential(double);
		double.expireAccessTokens();
		// The call meets the expired token (401), is repeated for n8n to refresh (401 → refresh), and the call n8n
		// repeats with the new token is throttled: n8n throws that 429 without its headers.
		double.setFaults([{ operationId: 'get_lists', fault: { kind: 'throttle', retryAfterSeconds: 2 }, skip: 2, times: 1 }]);
		const { output } = await runNode({ nodeType: transportProbeNode(), parameters: { authentication: 'oAuth2' }, items: [lists], credentials: [credential] });
		expect(output[0].json.status).toBe(200);
		const calls = double.requests().filter((r) => r.operationId === 'get_lists');
		expect(calls.map((r) => r.status)).toEqual([401, 401, 429, 200]);
		const refreshes = double.requests().filter((r) => r.operationId === 'oauth_token' && (r.body as { grant_type?: string }).grant_type === 'refresh_token');
		expect(refreshes).toHaveLength(1);
		expect(Date.parse(calls[3].startedAt) - Date.parse(calls[2].startedAt)).toBeGreaterThanOrEqual(2000);
		expect(Date.parse(calls[3].startedAt) - Date.parse(calls[2].startedAt)).toBeLessThan(10_000);
	});

	test.each([502, 503, 504] as const)('%i is retried with backoff', async (status) => {
		const double = getDouble();
		double.setFaults([{ operationId: 'get_lists', fault: { kind: 'status', status }, times: 2 }]);
		const { output } = await probe(double, [lists], { retry: { baseDelayMs: 20 } });
		expect(output[0].json.status).toBe(200);
		expect(double.requests().map((r) => r.status)).toEqual([status, status, 200]);
	});

	test('connection resets and truncated JSON are retried', async () => {
		const double = getDouble();
		double.setFaults([
			{ operationId: 'get_lists', fault: { kind: 'connection-reset' }, times: 1 },
			{ operationId: 'get_lists', fault: { kind: 'truncated-json' }, times: 1 },
		]);
		const { output } = await probe(double, [lists], { retry: { baseDelayMs: 20 } });
		expect(output[0].json.status).toBe(200);
		expect(double.requests()).toHaveLength(3);
	});

	test('a slow answer past the timeout is retried', async () => {
		const double = getDouble();
		double.setFaults([{ operationId: 'get_lists', fault: { kind: 'delay', ms: 1500 }, times: 1 }]);
		const { output } = await probe(double, [lists], { timeoutMs: 500, retry: { baseDelayMs: 20 } });
		expect(output[0].json.status).toBe(200);
	});

	test('retries are bounded in count', async () => {
		const double = getDouble();
		double.setFaults([{ operationId: 'get_lists', fault: { kind: 'status', status: 503 } }]);
		const { output } = await probe(double, [lists], { retry: { baseDelayMs: 5, maxAttempts: 4 } });
		expect(output[0].json.error).toMatch(/Klaviyo 503/);
		expect(double.requests()).toHaveLength(4);
	});

	test('retries are bounded in total wait', async () => {
		const double = getDouble();
		double.setFaults([{ operationId: 'get_lists', fault: { kind: 'throttle', retryAfterSeconds: 1 } }]);
		const started = Date.now();
		const { output } = await probe(double, [lists], { retry: { maxTotalWaitMs: 2500 } });
		expect(output[0].json.error).toMatch(/Klaviyo 429/);
		expect(Date.now() - started).toBeLessThan(4500);
	});

	test('a 500 is not retried', async () => {
		const double = getDouble();
		double.setFaults([{ operationId: 'get_lists', fault: { kind: 'status', status: 500 }, times: 1 }]);
		const { output } = await probe(double, [lists]);
		expect(output[0].json.error).toMatch(/Klaviyo 500/);
		expect(double.requests()).toHaveLength(1);
	});
});

describe('errors', () => {
	test("Klaviyo's title, detail, pointer and status reach the user, with the item", async () => {
		const double = getDouble();
		const { output } = await probe(double, [
			{ operation: 'createOrUpdateProfile', method: 'POST', path: '/api/profile-import', body: { data: { type: 'profile', attributes: { email: 42 } } } },
		]);
		expect(output[0].json.error).toMatch(/^Klaviyo 400: Invalid input/);
		expect(output[0].json.description).toMatch(/\/data\/attributes\/email/);
		expect(output[0].json.httpCode).toBe('400');
	});

	test('an HTML error page becomes a clear message, not a JSON parse crash', async () => {
		const double = getDouble();
		double.setFaults([{ operationId: 'get_lists', fault: { kind: 'cloudflare-html', status: 403 }, times: 1 }]);
		const { output } = await probe(double, [lists]);
		expect(output[0].json.error).toBe('Klaviyo 403: an HTML error page came back instead of JSON');
	});

	test('a wrong key: 401 with a hint, and the key never appears', async () => {
		const double = await getDouble();
		const { output } = await runNode({
			nodeType: transportProbeNode(),
			parameters: { authentication: 'apiKey' },
			items: [accounts],
			credentials: [{ ...apiKeyCredential(double), data: { apiKey: 'not-a-private-key-SECRET', baseUrl: double.url } }],
			continueOnFail: true,
		});
		expect(output[0].json.httpCode).toBe('401');
		const text = JSON.stringify(output);
		expect(text).not.toContain('not-a-private-key-SECRET');
		expect(text).not.toContain(FAKE_API_KEY);
	});
});

describe('rate gate', () => {
	test('a burst larger than the tier is paced to it instead of drawing 429s (Klaviyo\'s real limits)', async () => {
		const double = await startKlaviyoDouble({ quiet: true, rateLimits: { enabled: true, multiplier: 1 } });
		try {
			// GET /api/accounts is tier XS: 1/s burst. Four calls must take at least 3 s, and none may be refused.
			const started = Date.now();
			const { output } = await probe(double, [accounts, accounts, accounts, accounts]);
			expect(output.map((item) => item.json.status)).toEqual([200, 200, 200, 200]);
			expect(double.requests().map((r) => r.status)).toEqual([200, 200, 200, 200]);
			expect(Date.now() - started).toBeGreaterThanOrEqual(3000);
		} finally {
			await double.close();
		}
	});
});

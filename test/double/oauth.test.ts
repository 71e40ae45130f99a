import axios from 'axios';
import { createHash, randomBytes } from 'node:crypto';
import { useFakeClock } from './clock';
import { call, describeNeedsSpec, specViolations, useDouble } from './support/harness';
import { KlaviyoDouble } from './types';

const CLIENT = { clientId: 'app-client', clientSecret: 'app-secret', accessTokenTtlSeconds: 600 };
const REDIRECT = 'https://n8n.example.com/rest/oauth2-credential/callback';
const SCOPES = 'accounts:read lists:read profiles:write';
const basic = (id = CLIENT.clientId, secret = CLIENT.clientSecret) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

function pkce() {
	const verifier = randomBytes(32).toString('base64url');
	return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

async function authorize(double: KlaviyoDouble, overrides: Record<string, string | undefined> = {}) {
	const { verifier, challenge } = pkce();
	const params: Record<string, string | undefined> = {
		response_type: 'code', client_id: CLIENT.clientId, redirect_uri: REDIRECT, scope: SCOPES, state: 'st-1',
		code_challenge_method: 'S256', code_challenge: challenge, ...overrides,
	};
	const response = await axios.get(`${double.url}/oauth/authorize`, { params, maxRedirects: 0, validateStatus: () => true });
	const location = response.headers.location ? new URL(response.headers.location as string) : null;
	return { status: response.status, location, verifier, data: response.data };
}

async function token(double: KlaviyoDouble, form: Record<string, string>, authorization: string | null = basic(), contentType = 'application/x-www-form-urlencoded') {
	const body = contentType === 'application/json' ? JSON.stringify(form) : new URLSearchParams(form).toString();
	const response = await axios.post(`${double.url}/oauth/token`, body, {
		headers: { 'content-type': contentType, ...(authorization ? { authorization } : {}) },
		validateStatus: () => true,
	});
	return { status: response.status, body: response.data };
}

async function tokensFor(double: KlaviyoDouble) {
	const auth = await authorize(double);
	const code = auth.location!.searchParams.get('code')!;
	return (await token(double, { grant_type: 'authorization_code', code, code_verifier: auth.verifier, redirect_uri: REDIRECT })).body;
}

describe('OAuth', () => {
	const getDouble = useDouble({ oauth: CLIENT });

	test('authorization code with PKCE S256: 302 back with code and state, tokens, then /api accepts the Bearer token', async () => {
		const double = getDouble();
		const auth = await authorize(double);
		expect(auth.status).toBe(302);
		expect(auth.location!.origin + auth.location!.pathname).toBe(REDIRECT);
		expect(auth.location!.searchParams.get('state')).toBe('st-1');
		const code = auth.location!.searchParams.get('code')!;
		const tokens = await token(double, { grant_type: 'authorization_code', code, code_verifier: auth.verifier, redirect_uri: REDIRECT });
		expect(tokens.status).toBe(200);
		expect(tokens.body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 600, refresh_token: expect.any(String), scope: SCOPES });
		const accounts = await call(double, 'GET', '/api/accounts', { auth: `Bearer ${tokens.body.access_token}` });
		expect(accounts.status).toBe(200);
		const reused = await token(double, { grant_type: 'authorization_code', code, code_verifier: auth.verifier, redirect_uri: REDIRECT });
		expect(reused.body.error).toBe('invalid_grant');
	});

	test('a wrong code_verifier: 400 invalid_grant', async () => {
		const double = getDouble();
		const auth = await authorize(double);
		const result = await token(double, { grant_type: 'authorization_code', code: auth.location!.searchParams.get('code')!, code_verifier: pkce().verifier, redirect_uri: REDIRECT });
		expect(result.status).toBe(400);
		expect(result.body.error).toBe('invalid_grant');
	});

	test.each([
		['the secret in the form instead of Basic', null, { client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret }],
		['a wrong secret in Basic', basic(CLIENT.clientId, 'nope'), {}],
		['a Basic header that is not id:secret', `Basic ${Buffer.from('just-an-id').toString('base64')}`, {}],
	])('client authentication only by HTTP Basic: %s → 401 invalid_client', async (_label, authorization, extra) => {
		const double = getDouble();
		const auth = await authorize(double);
		const form = { grant_type: 'authorization_code', code: auth.location!.searchParams.get('code')!, code_verifier: auth.verifier, ...extra };
		const result = await token(double, form, authorization);
		expect(result.status).toBe(401);
		expect(result.body).toMatchObject({ error: 'invalid_client' });
	});

	test('a JSON token request is refused (form-encoded only)', async () => {
		const result = await token(getDouble(), { grant_type: 'refresh_token', refresh_token: 'x' }, basic(), 'application/json');
		expect(result.status).toBe(400);
		expect(result.body.error).toBe('unsupported_grant_type');
	});

	test.each([
		['no code_challenge', { code_challenge: undefined }, 'invalid_request'],
		['the plain method', { code_challenge_method: 'plain' }, 'invalid_request'],
		['response_type=token', { response_type: 'token' }, 'unsupported_response_type'],
	])('authorize with %s redirects back with an OAuth error', async (_label, overrides, error) => {
		const auth = await authorize(getDouble(), overrides);
		expect(auth.status).toBe(302);
		expect(auth.location!.searchParams.get('error')).toBe(error);
		expect(auth.location!.searchParams.get('state')).toBe('st-1');
	});

	describeNeedsSpec('scopes as the spec lists them', () => {
		test('authorize with an unknown scope redirects back with invalid_scope', async () => {
			const auth = await authorize(getDouble(), { scope: 'profiles:write nonsense:read' });
			expect(auth.status).toBe(302);
			expect(auth.location!.searchParams.get('error')).toBe('invalid_scope');
			expect(auth.location!.searchParams.get('state')).toBe('st-1');
		});

		test('a token without the operation\'s scope: 403 permission_denied', async () => {
			const double = getDouble();
			const tokens = await tokensFor(double);
			const events = await call(double, 'POST', '/api/events', {
				auth: `Bearer ${tokens.access_token}`,
				body: { data: { type: 'event', attributes: { properties: {}, metric: { data: { type: 'metric', attributes: { name: 'X' } } }, profile: { data: { type: 'profile', attributes: { email: 'a@example.com' } } } } } },
			});
			expect(events.status).toBe(403);
			expect(events.body.errors[0]).toMatchObject({ code: 'permission_denied', detail: expect.stringContaining('events:write') });
			expect(double.state().events).toHaveLength(0);
		});
	});

	test('authorize with an unknown client_id: 400, no redirect', async () => {
		const auth = await authorize(getDouble(), { client_id: 'someone-else' });
		expect(auth.status).toBe(400);
		expect(auth.data.error).toBe('invalid_client');
	});

	test('refresh rotates: new access and refresh tokens, and the old refresh token stops working', async () => {
		const double = getDouble();
		const first = await tokensFor(double);
		const refreshed = await token(double, { grant_type: 'refresh_token', refresh_token: first.refresh_token });
		expect(refreshed.status).toBe(200);
		expect(refreshed.body.refresh_token).not.toBe(first.refresh_token);
		expect(refreshed.body.access_token).not.toBe(first.access_token);
		const replay = await token(double, { grant_type: 'refresh_token', refresh_token: first.refresh_token });
		expect(replay).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
		const again = await token(double, { grant_type: 'refresh_token', refresh_token: refreshed.body.refresh_token });
		expect(again.status).toBe(200);
	});

	test('an expired access token: 401 not_authenticated; a refreshed one works', async () => {
		const double = getDouble();
		const tokens = await tokensFor(double);
		double.expireAccessTokens();
		const expired = await call(double, 'GET', '/api/accounts', { auth: `Bearer ${tokens.access_token}` });
		expect(expired.status).toBe(401);
		expect(expired.body.errors[0]).toMatchObject({ status: 401, code: 'not_authenticated' });
		expect(specViolations('get_accounts', expired)).toEqual([]);
		const refreshed = await token(double, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
		expect((await call(double, 'GET', '/api/accounts', { auth: `Bearer ${refreshed.body.access_token}` })).status).toBe(200);
	});

	test('access tokens expire after expires_in seconds', async () => {
		const double = getDouble();
		const fake = useFakeClock();
		try {
			const tokens = await tokensFor(double);
			fake.advance(599_000);
			expect((await call(double, 'GET', '/api/accounts', { auth: `Bearer ${tokens.access_token}` })).status).toBe(200);
			fake.advance(2_000);
			expect((await call(double, 'GET', '/api/accounts', { auth: `Bearer ${tokens.access_token}` })).status).toBe(401);
		} finally {
			fake.restore();
		}
	});

	test('an unknown Bearer token: 401', async () => {
		expect((await call(getDouble(), 'GET', '/api/accounts', { auth: 'Bearer made-up' })).status).toBe(401);
	});

	test('a private key sent as a Bearer token gets Cloudflare\'s HTML 400, not JSON', async () => {
		const result = await call(getDouble(), 'GET', '/api/accounts', { auth: 'Bearer pk_abc123' });
		expect(result.status).toBe(400);
		expect(result.headers['content-type']).toMatch(/^text\/html/);
		expect(result.body).toBeUndefined();
	});
});

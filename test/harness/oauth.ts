import { createHash, randomBytes } from 'node:crypto';

import type { KlaviyoDouble } from '../double/types';

export const OAUTH_REDIRECT = 'http://127.0.0.1:5678/rest/oauth2-credential/callback';

/**
 * Runs Klaviyo's authorization-code flow with PKCE (S256) against the double, as n8n's OAuth2 callback does, and
 * returns the token response (access_token, refresh_token, …) to store in a credential.
 */
export async function connectOAuth(
	double: KlaviyoDouble,
	clientId: string,
	clientSecret: string,
	scope = 'accounts:read lists:read lists:write profiles:read profiles:write events:write subscriptions:write',
): Promise<Record<string, string>> {
	const verifier = randomBytes(32).toString('base64url');
	const authorize = new URL('/oauth/authorize', double.url);
	const query = {
		response_type: 'code',
		client_id: clientId,
		redirect_uri: OAUTH_REDIRECT,
		scope,
		state: randomBytes(8).toString('hex'),
		code_challenge_method: 'S256',
		code_challenge: createHash('sha256').update(verifier).digest('base64url'),
	};
	for (const [key, value] of Object.entries(query)) authorize.searchParams.set(key, value);
	const redirect = await fetch(authorize, { redirect: 'manual' });
	const code = new URL(redirect.headers.get('location')!).searchParams.get('code');
	if (!code) throw new Error(`the double did not grant a code (${redirect.status})`);
	const token = await fetch(new URL('/oauth/token', double.url), {
		method: 'POST',
		headers: {
			'content-type': 'application/x-www-form-urlencoded',
			authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
		},
		body: new URLSearchParams({ grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: OAUTH_REDIRECT }),
	});
	if (!token.ok) throw new Error(`token exchange failed: ${token.status}`);
	return (await token.json()) as Record<string, string>;
}

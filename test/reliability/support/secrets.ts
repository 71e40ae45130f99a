import { createHash, randomBytes } from 'node:crypto';

import type { KlaviyoDouble } from '../../double/types';
import type { StoredCredential } from '../../harness/credentialsHelper';

/**
 * Recognisable fake secrets: the whole reliability suite runs with them, and every output, error, reply and log line
 * it produces is searched for them (see `findLeaks`).
 */
export const SECRETS = {
	apiKey: 'pk_RELIABILITY_SECRET_4f9c2a7d1e8b6035aa',
	oauthClientId: 'reliability-oauth-client',
	oauthClientSecret: 'RELIABILITY_OAUTH_CLIENT_SECRET_9d2e71c4b0',
	/** An access token Klaviyo no longer knows: the first call draws a 401 and n8n refreshes. */
	staleAccessToken: 'RELIABILITY_ACCESS_TOKEN_51be0f9a3c77',
	webhookSecret: 'RELIABILITY_WEBHOOK_SECRET_c3a18e5f6d21',
	previousWebhookSecret: 'RELIABILITY_PREVIOUS_WEBHOOK_SECRET_72d40b',
	/** Standard Webhooks: `whsec_` + base64 of the key bytes (here readable text, so a leak of the key shows too). */
	standardWebhooksSecret: `whsec_${Buffer.from('RELIABILITY_WHSEC_KEY_0123456789ab').toString('base64')}`,
	previousStandardWebhooksSecret: `whsec_${Buffer.from('RELIABILITY_PREVIOUS_WHSEC_KEY_98').toString('base64')}`,
} as const;

/** Tokens the double issues during the suite (access and rotated refresh tokens), added as they appear. */
const issued = new Set<string>();

export function registerIssuedSecret(value: unknown): void {
	if (typeof value === 'string' && value.length >= 8) issued.add(value);
}

/** Every spelling in which a secret could leak: as is, base64 (Basic headers), and the whsec key as text. */
function forbiddenForms(): Array<{ name: string; form: string }> {
	const named: Array<[string, string]> = [
		...Object.entries(SECRETS).filter(([name]) => name !== 'oauthClientId'),
		['oauthBasicHeader', Buffer.from(`${SECRETS.oauthClientId}:${SECRETS.oauthClientSecret}`).toString('base64')],
		...[SECRETS.standardWebhooksSecret, SECRETS.previousStandardWebhooksSecret].map((secret): [string, string] => [
			'Standard Webhooks key',
			Buffer.from(secret.slice('whsec_'.length), 'base64').toString('utf8'),
		]),
		...[...issued].map((token): [string, string] => [`issued token ${token.slice(0, 4)}…`, token]),
	];
	return named.flatMap(([name, value]) => [
		{ name, form: value },
		{ name: `${name} (base64)`, form: Buffer.from(value).toString('base64').replace(/=+$/, '') },
	]);
}

/** Names of the secrets that occur in `text` (empty when clean). */
export function findLeaks(text: string): string[] {
	return forbiddenForms()
		.filter(({ form }) => text.includes(form))
		.map(({ name }) => name);
}

/**
 * JSON-like text of anything a node hands back, errors included: their message, description and stack are not
 * enumerable, so plain JSON.stringify would skip exactly the parts most likely to carry a secret.
 */
export function textOf(value: unknown): string {
	try {
		return expandedJson(value);
	} catch {
		// Nested too deep to serialise at all (a payload the trigger refuses): nothing n8n could store or show either.
		return '[too deep to serialise]';
	}
}

function expandedJson(value: unknown): string {
	const seen = new WeakSet<object>();
	return (
		JSON.stringify(value, (_key, current: unknown) => {
			if (typeof current === 'bigint') return current.toString();
			if (current === null || typeof current !== 'object') return current;
			if (seen.has(current)) return '[circular]';
			seen.add(current);
			if (current instanceof Error) {
				const { message, stack, name } = current;
				return { ...current, name, message, stack, cause: (current as { cause?: unknown }).cause };
			}
			return current;
		}) ?? ''
	);
}

/** A private-key credential with its own id per case, so every case gets its own rate gate in the transport. */
export function apiKeyCredential(double: KlaviyoDouble, id: string): StoredCredential {
	return { id, name: `Klaviyo key ${id}`, type: 'klaviyoApi', data: { apiKey: SECRETS.apiKey, baseUrl: double.url } };
}

const SCOPES = 'accounts:read lists:read lists:write profiles:read profiles:write events:write subscriptions:write';
const REDIRECT_URI = 'http://127.0.0.1:5678/rest/oauth2-credential/callback';

/**
 * An OAuth2 credential connected through the double's PKCE flow, as n8n's callback would store it — except that its
 * access token is replaced by a stale one, so the run starts with a 401 and a refresh (which rotates the refresh
 * token). The issued tokens are registered as secrets.
 */
export async function oauthCredential(double: KlaviyoDouble, id: string): Promise<StoredCredential> {
	const verifier = randomBytes(32).toString('base64url');
	const authorize = new URL('/oauth/authorize', double.url);
	const query = {
		response_type: 'code',
		client_id: SECRETS.oauthClientId,
		redirect_uri: REDIRECT_URI,
		scope: SCOPES,
		state: 'reliability',
		code_challenge_method: 'S256',
		code_challenge: createHash('sha256').update(verifier).digest('base64url'),
	};
	for (const [key, value] of Object.entries(query)) authorize.searchParams.set(key, value);
	const redirect = await fetch(authorize, { redirect: 'manual' });
	const code = new URL(redirect.headers.get('location') ?? '').searchParams.get('code');
	if (!code) throw new Error(`the double's OAuth authorize step gave no code (status ${redirect.status})`);
	const answer = await fetch(new URL('/oauth/token', double.url), {
		method: 'POST',
		headers: {
			'content-type': 'application/x-www-form-urlencoded',
			authorization: `Basic ${Buffer.from(`${SECRETS.oauthClientId}:${SECRETS.oauthClientSecret}`).toString('base64')}`,
		},
		body: new URLSearchParams({ grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: REDIRECT_URI }),
	});
	const tokens = (await answer.json()) as Record<string, string>;
	if (!tokens.refresh_token) throw new Error(`the double's OAuth token step failed: ${JSON.stringify(tokens)}`);
	registerIssuedSecret(tokens.access_token);
	registerIssuedSecret(tokens.refresh_token);
	return {
		id,
		name: `Klaviyo OAuth2 ${id}`,
		type: 'klaviyoOAuth2Api',
		data: {
			clientId: SECRETS.oauthClientId,
			clientSecret: SECRETS.oauthClientSecret,
			accessTokenUrl: `${double.url}/oauth/token`,
			authUrl: `${double.url}/oauth/authorize`,
			baseUrl: double.url,
			oauthTokenData: { ...tokens, access_token: SECRETS.staleAccessToken },
		},
	};
}

export function webhookSecretCredential(secret: string, previousSecret: string): StoredCredential {
	return { id: 'webhook-secret', name: 'Signing secret', type: 'affiliateWebhookSecretApi', data: { secret, previousSecret } };
}

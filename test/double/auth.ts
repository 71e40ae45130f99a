import { ApiError, notAuthenticated } from './errors';
import { OAuthServer } from './oauth';
import { RequestLogEntry } from './types';

export type Credential = { kind: 'api-key' } | { kind: 'bearer'; scopes: string[] } | { kind: 'cloudflare-400' };

/** Which kind of Authorization header a request carried, for the request log. */
export function authKind(header: string | undefined): RequestLogEntry['auth'] {
	if (!header) return 'none';
	if (/^Klaviyo-API-Key\s/i.test(header)) return 'api-key';
	if (/^Bearer\s/i.test(header)) return 'bearer';
	if (/^Basic\s/i.test(header)) return 'basic';
	return 'other';
}

/**
 * Checks the Authorization header of an /api request. Wordings are the observed ones (klaviyo-api-ruby#19):
 * no header → "Authentication credentials were not provided."; any other scheme → "Missing or invalid
 * authorization scheme. Please use Klaviyo-API-Key.". A private key sent as a Bearer token never reaches Klaviyo:
 * Cloudflare answers an HTML 400 (klaviyo-api-ruby#39).
 */
export function authenticate(header: string | undefined, apiKeys: string[] | null, oauth: OAuthServer): Credential {
	if (!header || header.trim() === '') throw notAuthenticated('Authentication credentials were not provided.');
	const apiKey = /^Klaviyo-API-Key\s+(\S+)$/.exec(header);
	if (apiKey) {
		const key = apiKey[1];
		const accepted = apiKeys ? apiKeys.includes(key) : key.startsWith('pk_');
		if (!accepted) throw notAuthenticated('Incorrect authentication credentials.');
		return { kind: 'api-key' };
	}
	const bearer = /^Bearer\s+(\S+)$/.exec(header);
	if (bearer) {
		if (bearer[1].startsWith('pk_')) return { kind: 'cloudflare-400' };
		const verdict = oauth.verifyAccessToken(bearer[1]);
		if (!verdict.ok) {
			throw notAuthenticated(verdict.reason === 'expired' ? 'The access token has expired.' : 'Incorrect authentication credentials.');
		}
		return { kind: 'bearer', scopes: verdict.scopes };
	}
	throw notAuthenticated('Missing or invalid authorization scheme. Please use Klaviyo-API-Key.');
}

/**
 * OAuth tokens carry the scopes the app was granted; an operation needs every scope in its x-klaviyo-scopes.
 * A `:write` grant is taken to cover `:read` of the same resource (Klaviyo's key UI offers "full access" that way).
 * Private keys of the double have full access.
 */
export function checkScopes(credential: Credential, required: string[] | undefined): void {
	if (credential.kind !== 'bearer' || !required) return;
	const granted = new Set(credential.scopes);
	const missing = required.filter((scope) => !granted.has(scope) && !(scope.endsWith(':read') && granted.has(scope.replace(/:read$/, ':write'))));
	if (missing.length > 0) {
		throw new ApiError(403, 'permission_denied', 'You do not have permission to perform this action.', `This request needs the scope(s): ${missing.join(', ')}.`);
	}
}

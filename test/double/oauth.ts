import { createHash, timingSafeEqual } from 'node:crypto';
import { clock } from './clock';
import { IdFactory } from './ids';

export interface OAuthConfig {
	clientId: string;
	clientSecret: string;
	accessTokenTtlSeconds: number;
}

export interface OAuthAnswer {
	status: number;
	headers?: Record<string, string>;
	body?: Record<string, unknown>;
}

interface AuthorizationCode {
	redirectUri: string;
	scopes: string[];
	challenge: string;
	expiresAt: number;
}

/** Authorization codes live briefly (RFC 6749 recommends at most 10 minutes). */
const CODE_TTL_MS = 10 * 60 * 1000;

function oauthError(status: number, error: string, description: string): OAuthAnswer {
	return { status, body: { error, error_description: description } };
}

function sameText(a: string, b: string): boolean {
	const x = Buffer.from(a);
	const y = Buffer.from(b);
	return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Klaviyo's OAuth 2.0 authorization-code flow as documented (DOC-OAUTH, klaviyo-api-node OAuthApi): PKCE with S256 is
 * required, the token endpoint takes form-encoded bodies and authenticates the client only by HTTP Basic, and every
 * refresh returns a new refresh token (the old one stops working). Consent is given automatically.
 */
export class OAuthServer {
	private codes = new Map<string, AuthorizationCode>();
	private accessTokens = new Map<string, { expiresAt: number; scopes: string[] }>();
	private refreshTokens = new Map<string, { scopes: string[] }>();

	constructor(
		private readonly config: OAuthConfig,
		/** Every scope the spec names (x-klaviyo-scopes); null accepts any `resource:read|write`. */
		private readonly knownScopes: Set<string> | null,
		private readonly ids = new IdFactory(),
	) {}

	reset(): void {
		this.codes.clear();
		this.accessTokens.clear();
		this.refreshTokens.clear();
	}

	expireAccessTokens(): void {
		for (const token of this.accessTokens.values()) token.expiresAt = 0;
	}

	/** The scopes of a live access token, or why it is not accepted. */
	verifyAccessToken(token: string): { ok: true; scopes: string[] } | { ok: false; reason: 'expired' | 'unknown' } {
		const found = this.accessTokens.get(token);
		if (!found) return { ok: false, reason: 'unknown' };
		if (clock.now() >= found.expiresAt) return { ok: false, reason: 'expired' };
		return { ok: true, scopes: found.scopes };
	}

	authorize(query: URLSearchParams): OAuthAnswer {
		const clientId = query.get('client_id');
		const redirectUri = query.get('redirect_uri');
		if (clientId !== this.config.clientId) return oauthError(400, 'invalid_client', `Unknown client_id '${clientId ?? ''}'.`);
		if (!redirectUri || !/^https?:\/\//.test(redirectUri)) return oauthError(400, 'invalid_request', 'redirect_uri must be an absolute URL.');
		const state = query.get('state');
		const redirect = (params: Record<string, string>) => {
			const url = new URL(redirectUri);
			for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
			if (state !== null) url.searchParams.set('state', state);
			return { status: 302, headers: { location: url.toString() } };
		};
		const fail = (error: string, description: string) => redirect({ error, error_description: description });
		if (query.get('response_type') !== 'code') return fail('unsupported_response_type', "response_type must be 'code'.");
		if (!state) return fail('invalid_request', 'state is required.');
		if (query.get('code_challenge_method') !== 'S256') return fail('invalid_request', "code_challenge_method must be 'S256' (PKCE is required).");
		const challenge = query.get('code_challenge') ?? '';
		if (!/^[A-Za-z0-9_-]{43}$/.test(challenge)) return fail('invalid_request', 'code_challenge must be the base64url SHA-256 of the code verifier.');
		const scopes = (query.get('scope') ?? '').split(/[\s+]+/).filter(Boolean);
		const unknown = scopes.filter((s) => (this.knownScopes ? !this.knownScopes.has(s) : !/^[a-z-]+:(read|write)$/.test(s)));
		if (scopes.length === 0 || unknown.length > 0) return fail('invalid_scope', `Unknown or missing scope: ${unknown.join(' ') || '(none)'}.`);
		const code = this.ids.token('code_');
		this.codes.set(code, { redirectUri, scopes, challenge, expiresAt: clock.now() + CODE_TTL_MS });
		return redirect({ code });
	}

	/** POST /oauth/token. `authorization` is the request header, `form` the parsed form body (null if not a form). */
	token(authorization: string | undefined, form: URLSearchParams | null): OAuthAnswer {
		// troubleshoot_oauth_errors: client credentials must be a Basic header of base64(client_id:client_secret).
		if (!this.basicAuthOk(authorization)) return oauthError(401, 'invalid_client', 'Client authentication failed: send HTTP Basic base64(client_id:client_secret).');
		if (!form) return oauthError(400, 'unsupported_grant_type', 'The body must be application/x-www-form-urlencoded.');
		const grantType = form.get('grant_type');
		if (grantType === 'authorization_code') return this.exchangeCode(form);
		if (grantType === 'refresh_token') return this.refresh(form);
		return oauthError(400, 'unsupported_grant_type', `Unsupported grant_type '${grantType ?? ''}'.`);
	}

	revoke(authorization: string | undefined, form: URLSearchParams | null): OAuthAnswer {
		if (!this.basicAuthOk(authorization)) return oauthError(401, 'invalid_client', 'Client authentication failed.');
		const token = form?.get('token');
		if (!token) return oauthError(400, 'invalid_request', 'token is required.');
		this.refreshTokens.delete(token);
		this.accessTokens.delete(token);
		return { status: 200, body: {} };
	}

	private basicAuthOk(authorization: string | undefined): boolean {
		const match = /^Basic\s+(.+)$/i.exec(authorization ?? '');
		if (!match) return false;
		const decoded = Buffer.from(match[1], 'base64').toString('utf8');
		const separator = decoded.indexOf(':');
		if (separator < 0) return false;
		return sameText(decoded.slice(0, separator), this.config.clientId) && sameText(decoded.slice(separator + 1), this.config.clientSecret);
	}

	private exchangeCode(form: URLSearchParams): OAuthAnswer {
		const code = this.codes.get(form.get('code') ?? '');
		if (!code || clock.now() > code.expiresAt) return oauthError(400, 'invalid_grant', 'The authorization code is invalid or expired.');
		const redirectUri = form.get('redirect_uri');
		if (redirectUri !== null && redirectUri !== code.redirectUri) return oauthError(400, 'invalid_grant', 'redirect_uri does not match the authorization request.');
		const verifier = form.get('code_verifier') ?? '';
		const digest = createHash('sha256').update(verifier).digest('base64url');
		if (!verifier || !sameText(digest, code.challenge)) return oauthError(400, 'invalid_grant', 'Invalid code verifier.');
		this.codes.delete(form.get('code') as string);
		return this.issue(code.scopes);
	}

	private refresh(form: URLSearchParams): OAuthAnswer {
		const presented = form.get('refresh_token') ?? '';
		const grant = this.refreshTokens.get(presented);
		if (!grant) return oauthError(400, 'invalid_grant', 'The refresh token is invalid, expired or revoked.');
		// Rotation: the presented refresh token is spent; the answer carries its successor.
		this.refreshTokens.delete(presented);
		return this.issue(grant.scopes);
	}

	private issue(scopes: string[]): OAuthAnswer {
		const accessToken = this.ids.token('kat_');
		const refreshToken = this.ids.token('krt_');
		this.accessTokens.set(accessToken, { expiresAt: clock.now() + this.config.accessTokenTtlSeconds * 1000, scopes });
		this.refreshTokens.set(refreshToken, { scopes });
		return {
			status: 200,
			headers: { 'cache-control': 'no-store' },
			body: { access_token: accessToken, token_type: 'Bearer', expires_in: this.config.accessTokenTtlSeconds, refresh_token: refreshToken, scope: scopes.join(' ') },
		};
	}
}

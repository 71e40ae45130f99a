/** Public types of the Klaviyo double. Everything here is plain JSON so the control API can carry it. */

export interface KlaviyoDoubleOptions {
	/** 0 = a free port (default 0). */
	port?: number;
	/** Default: env KLAVIYO_OPENAPI_SPEC, else <repo>/../shared/klaviyo-openapi/stable.json. */
	specPath?: string;
	/** Default true when the spec exists. */
	validate?: boolean;
	/** Default {enabled:true, multiplier:1}; the multiplier scales every allowed count. */
	rateLimits?: { enabled: boolean; multiplier?: number };
	/** Simulated processing time of bulk jobs (default 300). */
	jobDurationMs?: number;
	/** Default true: a few lists, at least one single_opt_in and one double_opt_in. */
	seedLists?: boolean;
	/** Default client 'test-client' / 'test-secret', access-token ttl 3600 s. */
	oauth?: { clientId: string; clientSecret: string; accessTokenTtlSeconds?: number };
	/** Accepted private keys; default: any key that starts with 'pk_'. */
	apiKeys?: string[];
	quiet?: boolean;
}

export interface KlaviyoDouble {
	url: string;
	port: number;
	close(): Promise<void>;
	reset(): void;
	state(): DoubleState;
	requests(): RequestLogEntry[];
	setFaults(rules: FaultRule[]): void;
	seed(data: SeedData): void;
	expireAccessTokens(): void;
	confirmPending(listId?: string): number;
}

export type Consent = 'SUBSCRIBED' | 'UNSUBSCRIBED' | 'NEVER_SUBSCRIBED';

/** One channel's consent as the double holds it (shaped after Klaviyo's `subscriptions` additional field). */
export interface ChannelConsent {
	consent: Consent;
	consented_at: string | null;
	/** 'API' for the subscribe/unsubscribe endpoints, 'SEED' for seeded data. */
	method: string | null;
	method_detail: string | null;
	double_optin: boolean | null;
	historical_import: boolean;
	last_updated: string | null;
}

export interface ProfileSubscriptionsState {
	email: { marketing: ChannelConsent };
	sms: { marketing: ChannelConsent; transactional: ChannelConsent };
	/** Global email suppressions, e.g. UNSUBSCRIBE after an unsubscribe outside any list. */
	email_suppressions: Array<{ reason: string; timestamp: string }>;
	email_list_suppressions: Array<{ list_id: string; reason: string; timestamp: string }>;
}

export interface ProfileAttributesState {
	email: string | null;
	phone_number: string | null;
	external_id: string | null;
	first_name: string | null;
	last_name: string | null;
	organization: string | null;
	locale: string | null;
	title: string | null;
	image: string | null;
	location: Record<string, string | number | null>;
	properties: Record<string, unknown>;
}

export interface StateProfile {
	id: string;
	attributes: ProfileAttributesState;
	/** Identifiers that profile-import accepts but Klaviyo never returns (`_kx`, event `anonymous_id`). */
	hidden_identifiers: { _kx: string | null; anonymous_id: string | null };
	created: string;
	updated: string;
	last_event_date: string | null;
	subscriptions: ProfileSubscriptionsState;
}

export type SubscriptionChannel = 'email.marketing' | 'sms.marketing' | 'sms.transactional';

export interface StateList {
	id: string;
	name: string;
	opt_in_process: 'single_opt_in' | 'double_opt_in';
	created: string;
	updated: string;
	/** Member profile ids, in the order they joined. */
	members: string[];
	/** Double opt-in requests awaiting confirmation: not members, not subscribed (see confirmPending). */
	pending: Array<{ profile_id: string; channels: SubscriptionChannel[]; requested_at: string; custom_source: string | null }>;
}

export interface StateEvent {
	id: string;
	metric: string;
	profile_id: string;
	/** The unique_id sent, or Klaviyo's default: the event time truncated to the second. */
	unique_id: string;
	time: string;
	properties: Record<string, unknown>;
	value: number | null;
	value_currency: string | null;
	backfill: boolean;
	received_at: string;
	source: 'create_event' | 'bulk_create_events';
}

export interface StateImportError {
	id: string;
	code: string;
	title: string;
	detail: string;
	/** JSON pointer into the job's request body, e.g. /data/attributes/profiles/data/3/attributes/email. */
	pointer: string;
	original_payload: Record<string, unknown>;
}

export interface StateJob {
	id: string;
	type: 'profile-bulk-import-job' | 'event-bulk-create-job' | 'profile-subscription-bulk-create-job' | 'profile-subscription-bulk-delete-job';
	status: 'queued' | 'processing' | 'complete' | 'cancelled';
	created_at: string;
	/** When the simulated processing is over and the job's effects are applied. */
	due_at: string;
	completed_at: string | null;
	total_count: number;
	completed_count: number;
	failed_count: number;
	list_ids: string[];
	profile_ids: string[];
	import_errors: StateImportError[];
}

export interface DoubleState {
	account: { id: string; organization_name: string; public_api_key: string };
	profiles: StateProfile[];
	lists: StateList[];
	events: StateEvent[];
	jobs: StateJob[];
}

export type FaultKind =
	| 'throttle'
	| 'status'
	| 'connection-reset'
	| 'delay'
	| 'cloudflare-html'
	| 'truncated-json';

export type FaultAction =
	/** 429 with Retry-After (fixed seconds, or a [min,max] range drawn from the rule's seeded RNG), or without it. */
	| { kind: 'throttle'; retryAfterSeconds?: number | [number, number]; omitRetryAfter?: boolean }
	| { kind: 'status'; status: 500 | 502 | 503 | 504 }
	| { kind: 'connection-reset' }
	/** Waits, then answers normally (the only fault that lets the request change state). */
	| { kind: 'delay'; ms: number }
	| { kind: 'cloudflare-html'; status: 400 | 403 }
	/** The first half of the JSON the request would have produced, with this status (default 200). */
	| { kind: 'truncated-json'; status?: 200 | 201 };

export interface FaultRule {
	method?: string;
	pathPrefix?: string;
	/** A RegExp, or its source when the rule travels as JSON. */
	pathPattern?: string | RegExp;
	operationId?: string;
	fault: FaultAction;
	/** Share of matching requests affected, 0–1 (default 1), drawn from a seeded RNG. */
	share?: number;
	/** Only the next N matching requests (default: unlimited). */
	times?: number;
	/** Let the first N matching requests through untouched (default 0), e.g. to fault only a retry. */
	skip?: number;
	/** Seed of this rule's RNG (default 1), so runs are repeatable. */
	seed?: number;
}

export interface RequestLogEntry {
	seq: number;
	startedAt: string;
	durationMs: number;
	method: string;
	path: string;
	query: Record<string, string>;
	/** The spec's operationId, or 'oauth_authorize' / 'oauth_token' / 'oauth_revoke'; null when unrouted. */
	operationId: string | null;
	/** 0 when the connection was reset. */
	status: number;
	/** Parsed request body: JSON, the fields of a form, or null. */
	body: unknown;
	auth: 'api-key' | 'bearer' | 'basic' | 'none' | 'other';
	revision: string | null;
	fault?: FaultKind;
	/** `code` of each JSON:API error in the answer. */
	errorCodes?: string[];
	/** Where the double's own answer broke the spec's response schema (should always be absent). */
	responseViolations?: string[];
}

export interface SeedProfile {
	id?: string;
	/** Same shape as Klaviyo's profile attributes (email, phone_number, external_id, first_name, …, location, properties). */
	attributes: Record<string, unknown>;
	/** Lists the profile is a member of (no consent implied). */
	lists?: string[];
	/** Consent per channel, e.g. { 'email.marketing': 'SUBSCRIBED' }. */
	subscriptions?: Partial<Record<SubscriptionChannel, Consent>>;
}

export interface SeedList {
	id?: string;
	name: string;
	opt_in_process?: 'single_opt_in' | 'double_opt_in';
}

export interface SeedData {
	lists?: SeedList[];
	profiles?: SeedProfile[];
}

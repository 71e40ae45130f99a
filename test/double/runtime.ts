import { FaultInjector } from './faults';
import { HANDLERS } from './handlers';
import { OAuthServer } from './oauth';
import { Bucket, RateLimiter, conditionalBuckets, parseTier } from './rateLimiter';
import { Route, RouteTable } from './routes';
import { OpenApiDocument, loadSpec, resolveSpecPath } from './specLoader';
import { SpecValidator } from './specValidator';
import { Store } from './state';
import { KlaviyoDoubleOptions, RequestLogEntry } from './types';

/** Everything one running double holds; the server, the pipeline and the control API share it. */
export interface Runtime {
	spec: OpenApiDocument | null;
	validator: SpecValidator | null;
	/** Without the spec (and unless validation is off): check the facts of ownContract.ts instead. */
	ownChecks: boolean;
	routes: RouteTable;
	store: Store;
	limiter: RateLimiter;
	faults: FaultInjector;
	oauth: OAuthServer;
	log: RequestLogEntry[];
	seq: number;
	baseUrl: string;
	seedLists: boolean;
	jobDurationMs: number;
	apiKeys: string[] | null;
	quiet: boolean;
}

const warnedAbout = new Set<string>();

export function createRuntime(options: KlaviyoDoubleOptions): Runtime {
	const specPath = resolveSpecPath(options.specPath);
	const spec = loadSpec(specPath);
	if (!spec && !options.quiet && !warnedAbout.has(specPath)) {
		// Once per process and path; test runs (quiet) report the missing spec in one summary line instead.
		warnedAbout.add(specPath);
		process.stderr.write(
			`\n!!! KLAVIYO DOUBLE: OpenAPI spec not found at ${specPath}.\n` +
				'!!! Requests are checked only against the facts in test/double/ownContract.ts, answers not at all.\n' +
				'!!! Set KLAVIYO_OPENAPI_SPEC or pass specPath to validate against Klaviyo\'s spec.\n\n',
		);
	}
	const validate = spec !== null && options.validate !== false;
	const routes = spec
		? RouteTable.fromSpec(spec)
		: new RouteTable(HANDLERS.map((h) => ({ operationId: h.operationId, method: h.method, template: h.path, op: null })));
	const knownScopes = spec
		? new Set(Object.values(spec.paths).flatMap((item) => Object.values(item).flatMap((op) => op?.['x-klaviyo-scopes'] ?? [])))
		: null;
	const oauth = options.oauth ?? { clientId: 'test-client', clientSecret: 'test-secret' };
	const store = new Store();
	const seedLists = options.seedLists !== false;
	store.clear(seedLists);
	return {
		spec,
		validator: validate && spec ? new SpecValidator(spec) : null,
		ownChecks: !spec && options.validate !== false,
		routes,
		store,
		limiter: new RateLimiter(options.rateLimits?.enabled !== false, options.rateLimits?.multiplier ?? 1),
		faults: new FaultInjector(),
		oauth: new OAuthServer({ ...oauth, accessTokenTtlSeconds: oauth.accessTokenTtlSeconds ?? 3600 }, knownScopes),
		log: [],
		seq: 0,
		baseUrl: '',
		seedLists,
		jobDurationMs: options.jobDurationMs ?? 300,
		apiKeys: options.apiKeys ?? null,
		quiet: options.quiet === true,
	};
}

/** The quotas a request draws from: its operation's tier, plus the stricter include/additional-fields ones it uses. */
export function bucketsFor(route: Route, query: Record<string, string>): Bucket[] {
	const fallback = HANDLERS.find((h) => h.operationId === route.operationId)?.fallbackTier;
	const tier = parseTier(route.op?.['x-klaviyo-ratelimit'] ?? fallback);
	if (!tier) return [];
	const buckets: Bucket[] = [{ key: route.operationId, tier }];
	if (!route.op) return buckets;
	for (const extra of conditionalBuckets(route.op)) {
		const values = (query[extra.param] ?? '').split(',').map((v) => v.trim());
		// The prose names `include=list` where the parameter's value is `lists`.
		if (values.includes(extra.value) || values.includes(`${extra.value}s`)) buckets.push(extra);
	}
	return buckets;
}

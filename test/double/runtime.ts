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

export function createRuntime(options: KlaviyoDoubleOptions): Runtime {
	const specPath = resolveSpecPath(options.specPath);
	const spec = loadSpec(specPath);
	if (!spec) {
		process.stderr.write(
			`\n!!! KLAVIYO DOUBLE: OpenAPI spec not found at ${specPath}.\n` +
				'!!! Running WITHOUT contract validation: requests and answers are not checked against Klaviyo\'s spec.\n' +
				'!!! Set KLAVIYO_OPENAPI_SPEC or pass specPath to validate.\n\n',
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

/**
 * Remembers which deliveries were already accepted, in plain JSON that can live in n8n's workflow static data (so it
 * survives restarts once n8n saves it). Ids expire after a TTL; beyond a cap the oldest are dropped.
 *
 * Layout: a map id → expiry for O(1) look-ups, plus a queue of [id, expiry] in insertion order with a moving head,
 * so eviction only ever looks at the front — each id is queued and dequeued once, which makes every call O(1)
 * amortized however many ids are kept (no scan of the map). The queue is compacted when its dead prefix reaches half
 * its length, and cleared of stale entries (ids removed early) when it reaches twice the cap. Expiries are monotone
 * in the queue while the TTL stays the same; if the TTL changes, an expired id behind a live one waits its turn
 * (look-ups still treat it as expired, so it never counts as a duplicate).
 */
export interface ReplayStoreOptions {
	ttlSeconds?: number;
	maxEntries?: number;
}

export const DEFAULT_REPLAY_TTL_SECONDS = 3 * 24 * 3600;
export const DEFAULT_REPLAY_MAX_ENTRIES = 5000;

/** Where the state lives inside the store object given. */
export const REPLAY_STORE_KEY = 'affiliateWebhookDeliveries';

/** Ids with an expiry each: a map for look-ups and a queue in insertion order for eviction (see above). */
interface ExpiringIds {
	/**
	 * `#` + id → expiry, in seconds on the caller's clock (unix time in static data). The prefix keeps ids like
	 * `__proto__` from meaning anything to JS objects.
	 */
	expiries: Record<string, number>;
	/** [id, expiry] in insertion order; entries before `head` are gone, entries whose expiry differs are stale. */
	queue: Array<[string, number]>;
	head: number;
	/** Number of ids in `expiries`. */
	size: number;
}

interface ReplayState extends ExpiringIds {
	/** Leases of runs in progress (see claimDelivery); absent in stores saved before claims existed. */
	claims?: ExpiringIds;
}

function isExpiringIds(value: unknown): value is ExpiringIds {
	const candidate = value as Partial<ExpiringIds> | null | undefined;
	return (
		typeof candidate === 'object' &&
		candidate !== null &&
		typeof candidate.expiries === 'object' &&
		candidate.expiries !== null &&
		Array.isArray(candidate.queue) &&
		Number.isInteger(candidate.head) &&
		Number.isInteger(candidate.size)
	);
}

const emptyIds = (): ExpiringIds => ({ expiries: {}, queue: [], head: 0, size: 0 });

function stateOf(store: Record<string, unknown>): ReplayState {
	const current = store[REPLAY_STORE_KEY];
	if (isExpiringIds(current)) return current as ReplayState;
	const fresh: ReplayState = emptyIds();
	store[REPLAY_STORE_KEY] = fresh;
	return fresh;
}

/** Drops the front entry; true when it removed a live id (not a stale queue entry). */
function dropFront(ids: ExpiringIds): boolean {
	const [id, expiry] = ids.queue[ids.head];
	ids.head++;
	const key = `#${id}`;
	if (ids.expiries[key] !== expiry) return false;
	delete ids.expiries[key];
	ids.size--;
	return true;
}

/**
 * Drops the dead prefix once it is at least half the queue: the copy costs at most as many entries as were dequeued
 * since the last compaction (O(1) amortized), and the saved JSON carries at most about as many dead
 * entries as live ones.
 */
function compact(ids: ExpiringIds): void {
	if (ids.head === 0 || ids.head * 2 < ids.queue.length) return;
	ids.queue = ids.queue.slice(ids.head);
	ids.head = 0;
}

/** Drops the expired (and stale) entries at the front of the queue. */
function evictExpired(ids: ExpiringIds, nowSeconds: number): void {
	while (ids.head < ids.queue.length) {
		const [frontId, frontExpiry] = ids.queue[ids.head];
		const live = ids.expiries[`#${frontId}`] === frontExpiry;
		if (live && frontExpiry > nowSeconds) break;
		dropFront(ids);
	}
	compact(ids);
}

function isLive(ids: ExpiringIds, id: string, nowSeconds: number): boolean {
	const known = ids.expiries[`#${id}`];
	return known !== undefined && known > nowSeconds;
}

/**
 * Adds (or renews) an id until `expiry`, then enforces the cap. Ids removed early (settled claims) leave stale
 * entries behind a live front; once they make the queue twice the cap they are filtered out, which leaves at most
 * the cap, so the filter runs at most once per cap-many additions (O(1) amortized).
 */
function add(ids: ExpiringIds, id: string, expiry: number, maxEntries: number): void {
	const key = `#${id}`;
	if (ids.expiries[key] === undefined) ids.size++;
	ids.expiries[key] = expiry;
	ids.queue.push([id, expiry]);
	while (ids.size > maxEntries && ids.head < ids.queue.length) dropFront(ids);
	if (ids.queue.length - ids.head > 2 * maxEntries) {
		ids.queue = ids.queue.slice(ids.head).filter(([queuedId, queuedExpiry]) => ids.expiries[`#${queuedId}`] === queuedExpiry);
		ids.head = 0;
	}
	compact(ids);
}

/** Removes an id before its expiry; its queue entry turns stale and is skipped when it reaches the front. */
function remove(ids: ExpiringIds, id: string): void {
	const key = `#${id}`;
	if (ids.expiries[key] === undefined) return;
	delete ids.expiries[key];
	ids.size--;
}

const capOf = (options: ReplayStoreOptions) => Math.max(1, Math.floor(options.maxEntries ?? DEFAULT_REPLAY_MAX_ENTRIES));

/**
 * Records a delivery id; `duplicate: true` when the same id was recorded and has not expired (the caller should
 * then start nothing). A duplicate does not extend the id's expiry: the window counts from the first delivery.
 */
export function rememberDelivery(
	store: Record<string, unknown>,
	id: string,
	nowSeconds: number,
	options: ReplayStoreOptions = {},
): { duplicate: boolean } {
	const state = stateOf(store);
	evictExpired(state, nowSeconds);
	if (isLive(state, id, nowSeconds)) return { duplicate: true };
	add(state, id, nowSeconds + (options.ttlSeconds ?? DEFAULT_REPLAY_TTL_SECONDS), capOf(options));
	return { duplicate: false };
}

/*
 * Claims: for runs whose outcome arrives later. `rememberDelivery` records an id the moment it arrives, which is
 * right when the platform is answered before the run; when the answer waits for the run, an id must only count as
 * received once its run succeeded, or a redelivery after a failed run would be dropped and the event lost. So:
 * claimDelivery marks the id as running (a lease), settleDelivery then remembers it (success) or forgets it (failure).
 */

export interface ClaimOptions extends ReplayStoreOptions {
	/**
	 * How long a claim whose outcome never arrives keeps blocking the same id: after it, a redelivery runs (losing an
	 * event is worse than running it twice). Default 15 minutes, longer than any run that answers a platform in time.
	 */
	leaseSeconds?: number;
}

export const DEFAULT_CLAIM_LEASE_SECONDS = 15 * 60;

/**
 * `fresh`: the id is now claimed, start the run. `done`: a run of it succeeded within the window, start nothing.
 * `running`: a run of it holds a claim, start nothing now (the platform should retry later).
 */
export type ClaimVerdict = 'fresh' | 'done' | 'running';

/**
 * The claims beside the remembered ids, kept the same way: a lease is the same length for every claim, so the oldest
 * ends first and every call stays O(1) amortized however many runs are in progress (a run whose answer never comes
 * keeps its claim until the lease ends). Past the cap the oldest claim goes, even in its lease: a second run of an
 * event is the lesser harm than a lost one.
 */
function claimsOf(state: ReplayState): ExpiringIds {
	if (!isExpiringIds(state.claims)) state.claims = emptyIds();
	return state.claims;
}

export function claimDelivery(
	store: Record<string, unknown>,
	id: string,
	nowSeconds: number,
	options: ClaimOptions = {},
): ClaimVerdict {
	const state = stateOf(store);
	evictExpired(state, nowSeconds);
	if (isLive(state, id, nowSeconds)) return 'done';
	const claims = claimsOf(state);
	evictExpired(claims, nowSeconds);
	if (isLive(claims, id, nowSeconds)) return 'running';
	add(claims, id, nowSeconds + (options.leaseSeconds ?? DEFAULT_CLAIM_LEASE_SECONDS), capOf(options));
	return 'fresh';
}

/**
 * Ends a claim: a run that succeeded is remembered for the window (its redeliveries start nothing); one that failed
 * is forgotten, so the platform's retry runs it again.
 */
export function settleDelivery(
	store: Record<string, unknown>,
	id: string,
	nowSeconds: number,
	succeeded: boolean,
	options: ReplayStoreOptions = {},
): void {
	const state = stateOf(store);
	remove(claimsOf(state), id);
	if (!succeeded) return;
	evictExpired(state, nowSeconds);
	if (!isLive(state, id, nowSeconds)) add(state, id, nowSeconds + (options.ttlSeconds ?? DEFAULT_REPLAY_TTL_SECONDS), capOf(options));
}

/**
 * Remembers which deliveries were already accepted, in plain JSON that can live in n8n's workflow static data (so it
 * survives restarts once n8n saves it). Ids expire after a TTL; beyond a cap the oldest are dropped.
 *
 * Layout: a map id → expiry for O(1) look-ups, plus a queue of [id, expiry] in insertion order with a moving head,
 * so eviction only ever looks at the front — each id is queued and dequeued once, which makes every call O(1)
 * amortized however many ids are kept (no scan of the map). The queue is compacted when its dead prefix reaches half its
 * length. Expiries are monotone in the queue while the TTL stays the same; if the TTL changes, an expired id
 * behind a live one waits its turn (look-ups still treat it as expired, so it never counts as a duplicate).
 */
export interface ReplayStoreOptions {
	ttlSeconds?: number;
	maxEntries?: number;
}

export const DEFAULT_REPLAY_TTL_SECONDS = 3 * 24 * 3600;
export const DEFAULT_REPLAY_MAX_ENTRIES = 5000;

/** Where the state lives inside the store object given. */
export const REPLAY_STORE_KEY = 'affiliateWebhookDeliveries';

interface ReplayState {
	/** `#` + id → expiry (unix seconds). The prefix keeps ids like `__proto__` from meaning anything to JS objects. */
	expiries: Record<string, number>;
	/** [id, expiry] in insertion order; entries before `head` are gone, entries whose expiry differs are stale. */
	queue: Array<[string, number]>;
	head: number;
	/** Number of ids in `expiries`. */
	size: number;
}

function stateOf(store: Record<string, unknown>): ReplayState {
	const current = store[REPLAY_STORE_KEY] as Partial<ReplayState> | undefined;
	const usable =
		typeof current === 'object' &&
		current !== null &&
		typeof current.expiries === 'object' &&
		current.expiries !== null &&
		Array.isArray(current.queue) &&
		Number.isInteger(current.head) &&
		Number.isInteger(current.size);
	if (usable) return current as ReplayState;
	const fresh: ReplayState = { expiries: {}, queue: [], head: 0, size: 0 };
	store[REPLAY_STORE_KEY] = fresh;
	return fresh;
}

/** Drops the front entry; true when it removed a live id (not a stale queue entry). */
function dropFront(state: ReplayState): boolean {
	const [id, expiry] = state.queue[state.head];
	state.head++;
	const key = `#${id}`;
	if (state.expiries[key] !== expiry) return false;
	delete state.expiries[key];
	state.size--;
	return true;
}

/**
 * Drops the dead prefix once it is at least half the queue: the copy costs at most as many entries as were dequeued
 * since the last compaction (O(1) amortized), and the saved JSON carries at most about as many dead
 * entries as live ones.
 */
function compact(state: ReplayState): void {
	if (state.head === 0 || state.head * 2 < state.queue.length) return;
	state.queue = state.queue.slice(state.head);
	state.head = 0;
}

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
	const ttl = options.ttlSeconds ?? DEFAULT_REPLAY_TTL_SECONDS;
	const maxEntries = Math.max(1, Math.floor(options.maxEntries ?? DEFAULT_REPLAY_MAX_ENTRIES));
	const state = stateOf(store);

	while (state.head < state.queue.length) {
		const [frontId, frontExpiry] = state.queue[state.head];
		const live = state.expiries[`#${frontId}`] === frontExpiry;
		if (live && frontExpiry > nowSeconds) break;
		dropFront(state);
	}

	const key = `#${id}`;
	const known = state.expiries[key];
	if (known !== undefined && known > nowSeconds) return { duplicate: true };
	if (known === undefined) state.size++;
	const expiry = nowSeconds + ttl;
	state.expiries[key] = expiry;
	state.queue.push([id, expiry]);

	while (state.size > maxEntries && state.head < state.queue.length) dropFront(state);
	compact(state);
	return { duplicate: false };
}

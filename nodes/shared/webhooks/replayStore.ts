import { createHash } from 'node:crypto';

/**
 * Remembers which deliveries were already accepted, in plain JSON that lives in n8n's workflow static data (so it
 * survives restarts once n8n saves it). Ids expire after a TTL; beyond a cap the oldest are dropped.
 *
 * Why the layout is one string: n8n reads the workflow's whole static data for every delivery and writes all of it
 * back whenever it changed — with the store on, every new delivery. Measured in n8n 2.41 at the cap of 5,000 ids,
 * the first layout (an object of id → expiry plus a queue, 562 KB of JSON) cost each delivery about 50 ms of CPU;
 * one string of fixed-width entries is 117 KB and parses and serializes as a single value.
 *
 * Each entry is `,` + a 16-character key + the expiry (unix seconds, base 36, 7 characters), in the order added. The
 * key is a hash of the id (96 bits: ids of any length take the same room, and no platform id is written to static
 * data); `,` appears in neither alphabet, so a search for `,key` can only match at an entry's start. Every id is in
 * the list at most once; the front holds the oldest entry, so expiry and the cap only ever cut the front. Each call
 * costs a few native string operations over the list (about 117 KB at the cap), and nothing grows past the cap.
 */
export interface ReplayStoreOptions {
	ttlSeconds?: number;
	maxEntries?: number;
}

export const DEFAULT_REPLAY_TTL_SECONDS = 3 * 24 * 3600;
export const DEFAULT_REPLAY_MAX_ENTRIES = 5000;

/** Where the state lives inside the store object given. */
export const REPLAY_STORE_KEY = 'affiliateWebhookDeliveries';

const KEY_LENGTH = 16;
const EXPIRY_LENGTH = 7;
const ENTRY_LENGTH = 1 + KEY_LENGTH + EXPIRY_LENGTH;

interface ReplayState {
	version: 2;
	/** Ids remembered as received. */
	ids: string;
	/** Leases of runs in progress (see claimDelivery). */
	claims: string;
}

const isKeyChar = (code: number) =>
	(code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 45 || code === 95;
const isExpiryChar = (code: number) => (code >= 48 && code <= 57) || (code >= 97 && code <= 122);

/** Every entry well formed: one pass over the characters (a regular expression repeated per entry overflows V8's stack). */
function isWellFormed(list: string): boolean {
	if (list.length % ENTRY_LENGTH !== 0) return false;
	for (let start = 0; start < list.length; start += ENTRY_LENGTH) {
		if (list.charCodeAt(start) !== 44) return false;
		for (let at = start + 1; at <= start + KEY_LENGTH; at++) if (!isKeyChar(list.charCodeAt(at))) return false;
		for (let at = start + 1 + KEY_LENGTH; at < start + ENTRY_LENGTH; at++) if (!isExpiryChar(list.charCodeAt(at))) return false;
	}
	return true;
}

/**
 * The last lists this module wrote (valid by construction): n8n hands the same text back on the next delivery, and
 * comparing it costs far less than the full check of 117 KB on every call.
 */
const recentlyWritten: string[] = [];
const isEntryList = (value: unknown): value is string =>
	typeof value === 'string' && (recentlyWritten.includes(value) || isWellFormed(value));
function noteWritten(list: string): void {
	recentlyWritten.unshift(list);
	recentlyWritten.length = Math.min(recentlyWritten.length, 4);
}

/** UTF-16 code units, not UTF-8: UTF-8 would turn every lone surrogate into U+FFFD, making different ids one key. */
const keyOf = (id: string) => createHash('sha256').update(id, 'utf16le').digest('base64url').slice(0, KEY_LENGTH);
/** The latest expiry 7 base-36 digits hold (the year 4453): a longer replay window is kept until then. */
const LATEST_EXPIRY = 36 ** EXPIRY_LENGTH - 1;
/** Rounded up: an id is never forgotten before its window ends. */
const entry = (key: string, expiry: number) =>
	`,${key}${(Number.isNaN(expiry) ? 0 : Math.min(LATEST_EXPIRY, Math.max(0, Math.ceil(expiry)))).toString(36).padStart(EXPIRY_LENGTH, '0')}`;
const expiryAt = (list: string, index: number) => parseInt(list.slice(index + 1 + KEY_LENGTH, index + ENTRY_LENGTH), 36);
const indexOfKey = (list: string, key: string) => list.indexOf(`,${key}`);

/** The first layout: `#` + id → expiry, and a queue of [id, expiry] (entries before `head`, or whose expiry differs, gone). */
interface FirstLayout {
	expiries: Record<string, number>;
	queue: Array<[string, number]>;
	head: number;
}

function isFirstLayout(value: unknown): value is FirstLayout {
	const candidate = value as Partial<FirstLayout> | null | undefined;
	return typeof candidate === 'object' && candidate !== null && typeof candidate.expiries === 'object' && candidate.expiries !== null && Array.isArray(candidate.queue) && Number.isInteger(candidate.head);
}

/**
 * A store saved by an earlier version keeps its ids (the newest `DEFAULT_REPLAY_MAX_ENTRIES`), in the same order, so
 * an upgrade forgets no delivery. One pass over the queue: a map keeps each id's live entry in order.
 */
function fromFirstLayout(ids: FirstLayout): string {
	const live = new Map<string, number>();
	for (const queued of ids.queue.slice(Math.max(0, ids.head))) {
		if (!Array.isArray(queued) || typeof queued[0] !== 'string' || typeof queued[1] !== 'number') continue;
		const [id, expiry] = queued;
		if (!Object.prototype.hasOwnProperty.call(ids.expiries, `#${id}`) || ids.expiries[`#${id}`] !== expiry) continue;
		live.delete(id);
		live.set(id, expiry);
	}
	return [...live].slice(-DEFAULT_REPLAY_MAX_ENTRIES).map(([id, expiry]) => entry(keyOf(id), expiry)).join('');
}

/** The state, converted from the first layout if need be; a part that cannot be read starts empty, the other is kept. */
function stateOf(store: Record<string, unknown>): ReplayState {
	const current = store[REPLAY_STORE_KEY] as Partial<ReplayState> | undefined;
	if (current?.version === 2 && isEntryList(current.ids) && isEntryList(current.claims)) return current as ReplayState;
	const fresh: ReplayState = { version: 2, ids: '', claims: '' };
	if (current?.version === 2) {
		if (isEntryList(current.ids)) fresh.ids = current.ids;
		if (isEntryList(current.claims)) fresh.claims = current.claims;
	} else if (isFirstLayout(current)) {
		fresh.ids = fromFirstLayout(current);
		const claims = (current as { claims?: unknown }).claims;
		if (isFirstLayout(claims)) fresh.claims = fromFirstLayout(claims);
	}
	store[REPLAY_STORE_KEY] = fresh;
	return fresh;
}

/**
 * Writes a list back only when it changed: n8n marks static data as changed on any assignment and then saves the
 * whole of it, so a redelivery (which changes nothing) must not assign.
 */
function update(state: ReplayState, part: 'ids' | 'claims', list: string): void {
	if (state[part] === list) return;
	state[part] = list;
	noteWritten(list);
}

/** Cuts the expired entries at the front. (After a change of TTL an expired entry may sit behind a live one: it is
 * never taken for live, and goes when it reaches the front.) */
function withoutExpired(list: string, nowSeconds: number): string {
	let cut = 0;
	while (cut < list.length && expiryAt(list, cut) <= nowSeconds) cut += ENTRY_LENGTH;
	return cut === 0 ? list : list.slice(cut);
}

function isLive(list: string, key: string, nowSeconds: number): boolean {
	const index = indexOfKey(list, key);
	return index >= 0 && expiryAt(list, index) > nowSeconds;
}

function remove(list: string, key: string): string {
	const index = indexOfKey(list, key);
	return index < 0 ? list : list.slice(0, index) + list.slice(index + ENTRY_LENGTH);
}

/** Adds (or renews, moving it to the back) an id until `expiry`, then cuts the oldest past the cap. */
function add(list: string, key: string, expiry: number, maxEntries: number): string {
	const added = remove(list, key) + entry(key, expiry);
	const over = added.length / ENTRY_LENGTH - maxEntries;
	return over > 0 ? added.slice(over * ENTRY_LENGTH) : added;
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
	const key = keyOf(id);
	update(state, 'ids', withoutExpired(state.ids, nowSeconds));
	if (isLive(state.ids, key, nowSeconds)) return { duplicate: true };
	update(state, 'ids', add(state.ids, key, nowSeconds + (options.ttlSeconds ?? DEFAULT_REPLAY_TTL_SECONDS), capOf(options)));
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
 * Claims are kept beside the remembered ids in the same way: a lease is the same length for every claim, so the
 * oldest ends first (a run whose answer never comes keeps its claim until the lease ends). Past the cap the oldest
 * claim goes, even in its lease: a second run of an event is the lesser harm than a lost one.
 */
export function claimDelivery(
	store: Record<string, unknown>,
	id: string,
	nowSeconds: number,
	options: ClaimOptions = {},
): ClaimVerdict {
	const state = stateOf(store);
	const key = keyOf(id);
	update(state, 'ids', withoutExpired(state.ids, nowSeconds));
	if (isLive(state.ids, key, nowSeconds)) return 'done';
	update(state, 'claims', withoutExpired(state.claims, nowSeconds));
	if (isLive(state.claims, key, nowSeconds)) return 'running';
	update(state, 'claims', add(state.claims, key, nowSeconds + (options.leaseSeconds ?? DEFAULT_CLAIM_LEASE_SECONDS), capOf(options)));
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
	const key = keyOf(id);
	update(state, 'claims', remove(state.claims, key));
	if (!succeeded) return;
	update(state, 'ids', withoutExpired(state.ids, nowSeconds));
	if (!isLive(state.ids, key, nowSeconds)) update(state, 'ids', add(state.ids, key, nowSeconds + (options.ttlSeconds ?? DEFAULT_REPLAY_TTL_SECONDS), capOf(options)));
}

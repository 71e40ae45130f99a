import { createHash } from 'node:crypto';

import { entry, isWellFormed, KEY_LENGTH, Ledger, TextList, type EntryList } from './replayLists';

/**
 * Remembers which deliveries were already accepted, in plain JSON that lives in n8n's workflow static data (so it
 * survives restarts once n8n saves it). Ids expire after a TTL; beyond a cap the oldest are dropped.
 *
 * Why the layout is one string: n8n reads the workflow's whole static data for every delivery and writes all of it
 * back whenever it changed — with the store on, every new delivery. Measured in n8n 2.41 at the cap of 5,000 ids,
 * the first layout (an object of id → expiry plus a queue, 562 KB of JSON) cost each delivery about 50 ms of CPU;
 * one string of fixed-width entries is 117 KB and parses and serializes as a single value.
 *
 * The entries are laid out in replayLists.ts. Their key is a hash of the id (96 bits: ids of any length take the same
 * room, and no platform id is written to static data). A call for one id costs a few native string operations over
 * the list (about 117 KB at the cap); a call for many reads the list once. Nothing grows past the cap.
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
	version: 2;
	/** Ids remembered as received. */
	ids: string;
	/** Leases of runs in progress (see claimDelivery). */
	claims: string;
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

const listOf = (list: string, ids: number): EntryList => (ids > 1 && Ledger.read(list)) || new TextList(list);

const capOf = (options: ReplayStoreOptions) => Math.max(1, Math.floor(options.maxEntries ?? DEFAULT_REPLAY_MAX_ENTRIES));

/**
 * Records delivery ids, in order; for each, `true` (a duplicate) when the same id was recorded and has not expired —
 * the caller should then start nothing for it. A repeat within `ids` is a duplicate too. A duplicate does not extend
 * the id's expiry: the window counts from the first delivery.
 */
export function rememberDeliveries(store: Record<string, unknown>, ids: string[], nowSeconds: number, options: ReplayStoreOptions = {}): boolean[] {
	const state = stateOf(store);
	const remembered = listOf(state.ids, ids.length);
	const duplicates = ids.map((id) => {
		const key = keyOf(id);
		remembered.cutExpired(nowSeconds);
		if (remembered.isLive(key, nowSeconds)) return true;
		remembered.add(key, nowSeconds + (options.ttlSeconds ?? DEFAULT_REPLAY_TTL_SECONDS), capOf(options));
		return false;
	});
	update(state, 'ids', remembered.text());
	return duplicates;
}

/** rememberDeliveries for one id. */
export function rememberDelivery(
	store: Record<string, unknown>,
	id: string,
	nowSeconds: number,
	options: ReplayStoreOptions = {},
): { duplicate: boolean } {
	return { duplicate: rememberDeliveries(store, [id], nowSeconds, options)[0] };
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
 * claim goes, even in its lease: a second run of an event is the lesser harm than a lost one. One verdict per id,
 * in order, as claimDelivery would give them one by one.
 */
export function claimDeliveries(store: Record<string, unknown>, ids: string[], nowSeconds: number, options: ClaimOptions = {}): ClaimVerdict[] {
	const state = stateOf(store);
	const remembered = listOf(state.ids, ids.length);
	const claims = listOf(state.claims, ids.length);
	const verdicts = ids.map((id): ClaimVerdict => {
		const key = keyOf(id);
		remembered.cutExpired(nowSeconds);
		if (remembered.isLive(key, nowSeconds)) return 'done';
		claims.cutExpired(nowSeconds);
		if (claims.isLive(key, nowSeconds)) return 'running';
		claims.add(key, nowSeconds + (options.leaseSeconds ?? DEFAULT_CLAIM_LEASE_SECONDS), capOf(options));
		return 'fresh';
	});
	update(state, 'ids', remembered.text());
	update(state, 'claims', claims.text());
	return verdicts;
}

export function claimDelivery(store: Record<string, unknown>, id: string, nowSeconds: number, options: ClaimOptions = {}): ClaimVerdict {
	return claimDeliveries(store, [id], nowSeconds, options)[0];
}

/**
 * Ends claims: a run that succeeded is remembered for the window (its redeliveries start nothing); one that failed
 * is forgotten, so the platform's retry runs it again.
 */
export function settleDeliveries(
	store: Record<string, unknown>,
	ids: string[],
	nowSeconds: number,
	succeeded: boolean,
	options: ReplayStoreOptions = {},
): void {
	const state = stateOf(store);
	const remembered = listOf(state.ids, ids.length);
	const claims = listOf(state.claims, ids.length);
	for (const id of ids) {
		const key = keyOf(id);
		claims.remove(key);
		if (!succeeded) continue;
		remembered.cutExpired(nowSeconds);
		if (!remembered.isLive(key, nowSeconds)) remembered.add(key, nowSeconds + (options.ttlSeconds ?? DEFAULT_REPLAY_TTL_SECONDS), capOf(options));
	}
	update(state, 'claims', claims.text());
	update(state, 'ids', remembered.text());
}

export function settleDelivery(store: Record<string, unknown>, id: string, nowSeconds: number, succeeded: boolean, options: ReplayStoreOptions = {}): void {
	settleDeliveries(store, [id], nowSeconds, succeeded, options);
}

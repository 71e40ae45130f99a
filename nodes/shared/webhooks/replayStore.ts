/**
 * Remembers which deliveries were already accepted, in a plain object that can live in n8n's workflow static data
 * (so it survives restarts once n8n saves it). Ids expire; the oldest are dropped beyond a cap. Keys keep insertion
 * order (ids are never integer-like: they carry a platform prefix), so pruning only looks at the oldest entries.
 */
export interface ReplayStoreOptions {
	ttlSeconds?: number;
	maxEntries?: number;
}

interface SeenDeliveries {
	/** id → expiry, in unix seconds, oldest first. */
	seenDeliveries?: Record<string, number>;
	seenCount?: number;
}

export const DEFAULT_REPLAY_TTL_SECONDS = 3 * 24 * 3600;
export const DEFAULT_REPLAY_MAX_ENTRIES = 5000;

export function rememberDelivery(
	store: Record<string, unknown>,
	id: string,
	nowSeconds: number,
	options: ReplayStoreOptions = {},
): { duplicate: boolean } {
	const ttl = options.ttlSeconds ?? DEFAULT_REPLAY_TTL_SECONDS;
	const max = options.maxEntries ?? DEFAULT_REPLAY_MAX_ENTRIES;
	const holder = store as SeenDeliveries;
	const seen = (holder.seenDeliveries ??= {});
	const expiry = seen[id];
	if (expiry !== undefined && expiry > nowSeconds) return { duplicate: true };
	let count = holder.seenCount ?? Object.keys(seen).length;
	if (expiry !== undefined) {
		delete seen[id];
		count--;
	}
	seen[id] = nowSeconds + ttl;
	count++;
	for (const key in seen) {
		if (count <= max && seen[key] > nowSeconds) break;
		delete seen[key];
		count--;
	}
	holder.seenCount = count;
	return { duplicate: false };
}

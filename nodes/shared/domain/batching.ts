import { utf8ByteLength } from './values';

/** Splits `items` into consecutive chunks of at most `size` items. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
	assertPositiveInteger(size, 'size');
	const chunks: T[][] = [];
	for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
	return chunks;
}

export interface BatchPlanOptions<T> {
	/** Largest request body in bytes; left out, only the count limit applies. */
	maxBytes?: number;
	/** Bytes one item adds to the body; defaults to its JSON in UTF-8. */
	sizeOf?: (item: T) => number;
	/** Bytes of the request around the items (envelope, relationships), counted once per batch. */
	envelopeBytes?: number;
}

export interface BatchPlan<T> {
	/** Consecutive, in input order, never empty. */
	chunks: T[][];
	/** Items that cannot fit a request even alone; they are in no batch, so the caller can fail them by name. */
	oversized: T[];
}

/**
 * Groups `items` into requests that respect both a count limit (e.g. 1,000 events per bulk job) and, optionally, a
 * byte limit (e.g. Klaviyo's 5 MB body cap). Items keep their order; a comma between items counts as one byte.
 */
export function planBatches<T>(items: readonly T[], limit: number, options: BatchPlanOptions<T> = {}): BatchPlan<T> {
	assertPositiveInteger(limit, 'limit');
	const { maxBytes, envelopeBytes = 0 } = options;
	const sizeOf = options.sizeOf ?? jsonByteLength;
	if (maxBytes !== undefined && !(maxBytes > envelopeBytes)) {
		throw new RangeError(`maxBytes (${maxBytes}) must be larger than envelopeBytes (${envelopeBytes})`);
	}

	const plan: BatchPlan<T> = { chunks: [], oversized: [] };
	let current: T[] = [];
	let currentBytes = envelopeBytes;
	for (const item of items) {
		const itemBytes = maxBytes === undefined ? 0 : sizeOf(item);
		if (maxBytes !== undefined && envelopeBytes + itemBytes > maxBytes) {
			plan.oversized.push(item);
			continue;
		}
		const separatorBytes = current.length > 0 ? 1 : 0;
		const overBytes = maxBytes !== undefined && currentBytes + separatorBytes + itemBytes > maxBytes;
		if (current.length === limit || overBytes) {
			plan.chunks.push(current);
			current = [];
			currentBytes = envelopeBytes;
		}
		currentBytes += (current.length > 0 ? 1 : 0) + itemBytes;
		current.push(item);
	}
	if (current.length > 0) plan.chunks.push(current);
	return plan;
}

export interface KeyedItem {
	key: string;
	index: number;
}

/**
 * The input item indexes behind each key, keys in order of first appearance: several items can address one
 * Klaviyo profile, and each of them must get the result of the one call made for it.
 */
export function groupItemsByKey(items: readonly KeyedItem[]): Map<string, number[]> {
	const groups = new Map<string, number[]>();
	for (const { key, index } of items) {
		const indexes = groups.get(key);
		if (indexes) indexes.push(index);
		else groups.set(key, [index]);
	}
	return groups;
}

function jsonByteLength(item: unknown): number {
	return utf8ByteLength(JSON.stringify(item) ?? '');
}

function assertPositiveInteger(value: number, name: string): void {
	if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
}

import type { NormalizedAffiliateEvent } from '../webhooks/schema';
import { isSelected, type PulledRecord, type RecordSelection } from './records';

export interface Collected {
	events: NormalizedAffiliateEvent[];
	/** Whether reading stopped at the limit (records may lie beyond it). */
	cutOff: boolean;
}

/** A page full of records this read had all seen already: a server ignoring the page number would send it forever. */
export class RepeatedPageError extends Error {}

const time = (record: PulledRecord) => (record.updatedAt ? Date.parse(record.updatedAt) : NaN);

/**
 * The records a read asked for, from a platform's pages, each record once. Page-number paging is not a snapshot: an
 * affiliate added or changed mid-read shifts the list, so the same record can arrive on two pages. The later state
 * of it wins (in the place it was first seen), whether or not it still matches the filters. Pages are read only
 * until `limit` selected records are known.
 */
export async function collectSelected(
	pages: AsyncIterable<PulledRecord[]>,
	selection: RecordSelection,
	limit?: number,
): Promise<Collected> {
	const byKey = new Map<string, PulledRecord>();
	const order: Array<string | PulledRecord> = [];
	let selected = 0;
	for await (const page of pages) {
		let fresh = 0;
		for (const record of page) {
			if (record.key === null) {
				order.push(record);
				fresh++;
				if (isSelected(record, selection)) selected++;
				continue;
			}
			const seen = byKey.get(record.key);
			if (!seen) {
				byKey.set(record.key, record);
				order.push(record.key);
				fresh++;
				if (isSelected(record, selection)) selected++;
			} else if (!(time(seen) > time(record))) {
				selected += Number(isSelected(record, selection)) - Number(isSelected(seen, selection));
				byKey.set(record.key, record);
			}
		}
		if (page.length > 0 && fresh === 0) {
			throw new RepeatedPageError(`the platform sent a page of ${page.length} records that this read had all seen already; paging stopped so it does not read forever`);
		}
		if (limit !== undefined && selected >= limit) return { events: pick(order, byKey, selection, limit), cutOff: true };
	}
	return { events: pick(order, byKey, selection, limit), cutOff: false };
}

function pick(order: Array<string | PulledRecord>, byKey: Map<string, PulledRecord>, selection: RecordSelection, limit?: number) {
	const records = order.map((entry) => (typeof entry === 'string' ? byKey.get(entry)! : entry));
	return records.filter((record) => isSelected(record, selection)).slice(0, limit).map((record) => record.event);
}

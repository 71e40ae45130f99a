import { invalidParameter } from './errors';
import { ParsedQuery } from './queryParams';

const CURSOR_PREFIX = 'next::';

export function encodeCursor(offset: number): string {
	return Buffer.from(`${CURSOR_PREFIX}${offset}`).toString('base64url');
}

/** Cursors are opaque to clients; one the double did not issue is a 400 on `page[cursor]`. */
export function decodeCursor(cursor: string | undefined): number {
	if (cursor === undefined) return 0;
	const text = Buffer.from(cursor, 'base64url').toString('utf8');
	const offset = Number(text.slice(CURSOR_PREFIX.length));
	if (!text.startsWith(CURSOR_PREFIX) || !Number.isInteger(offset) || offset < 0) {
		throw invalidParameter('page[cursor]', `'${cursor}' is not a valid page cursor.`);
	}
	return offset;
}

function linkWith(baseUrl: string, path: string, raw: Record<string, string>, cursor: string | null): string {
	const params = new URLSearchParams();
	for (const [key, value] of Object.entries(raw)) if (key !== 'page[cursor]') params.set(key, value);
	if (cursor !== null) params.set('page[cursor]', cursor);
	const query = params.toString();
	return `${baseUrl}${path.replace(/\/?$/, '/')}${query ? `?${query}` : ''}`;
}

/**
 * One page of a collection plus Klaviyo-style links: `self`, and `next`/`prev` as full URLs carrying
 * `page[cursor]` (a client may follow the URL or lift the cursor out of it).
 */
export function paginate<T>(items: T[], query: ParsedQuery, defaultSize: number, baseUrl: string, path: string) {
	const size = query.pageSize ?? defaultSize;
	const offset = decodeCursor(query.pageCursor);
	const page = items.slice(offset, offset + size);
	const links: { self: string; next?: string; prev?: string } = { self: linkWith(baseUrl, path, query.raw, query.pageCursor ?? null) };
	if (offset + size < items.length) links.next = linkWith(baseUrl, path, query.raw, encodeCursor(offset + size));
	if (offset > 0) links.prev = linkWith(baseUrl, path, query.raw, encodeCursor(Math.max(0, offset - size)));
	return { page, links };
}

/** Orders by `sort` (`name`, `-created`, …) with the id as a stable tie-breaker. */
export function sortBy<T extends { id: string }>(items: T[], sort: string | undefined, valueOf: (item: T, field: string) => unknown): T[] {
	if (!sort) return items;
	const descending = sort.startsWith('-');
	const field = descending ? sort.slice(1) : sort;
	const direction = descending ? -1 : 1;
	return [...items].sort((a, b) => {
		const x = valueOf(a, field) ?? '';
		const y = valueOf(b, field) ?? '';
		if (x < y) return -direction;
		if (x > y) return direction;
		return a.id < b.id ? -1 : 1;
	});
}

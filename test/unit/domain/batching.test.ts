import { chunk, groupItemsByKey, planBatches } from '../../../nodes/shared/domain';

describe('chunk', () => {
	test.each<[behaviour: string, items: number[], size: number, chunks: number[][]]>([
		['splits into chunks of the size, the last one shorter', [1, 2, 3, 4, 5], 2, [[1, 2], [3, 4], [5]]],
		['returns one chunk when everything fits', [1, 2], 5, [[1, 2]]],
		['returns no chunk for no items', [], 3, []],
	])('%s', (_, items, size, chunks) => {
		expect(chunk(items, size)).toEqual(chunks);
	});

	test.each([0, -1, 1.5, Number.NaN])('rejects a size of %s', (size) => {
		expect(() => chunk([1], size)).toThrow(RangeError);
	});
});

describe('planBatches', () => {
	/** Items whose size in bytes is their value, so the byte arithmetic is visible in the table. */
	const bytes = (item: number) => item;

	test.each<[behaviour: string, items: number[], limit: number, maxBytes: number | undefined, chunks: number[][]]>([
		['respects the count limit alone', [1, 1, 1, 1, 1], 2, undefined, [[1, 1], [1, 1], [1]]],
		['starts a new batch before the byte limit is passed', [4, 4, 4], 10, 10, [[4, 4], [4]]],
		['counts one byte of separator between items', [5, 5], 10, 10, [[5], [5]]],
		['fills a batch to exactly the byte limit', [5, 4], 10, 10, [[5, 4]]],
		['applies whichever limit is reached first', [1, 1, 1, 6], 3, 10, [[1, 1, 1], [6]]],
		['keeps the input order', [3, 8, 2, 7], 10, 10, [[3], [8], [2, 7]]],
		['returns no batch for no items', [], 3, 10, []],
	])('%s', (_, items, limit, maxBytes, chunks) => {
		expect(planBatches(items, limit, { maxBytes, sizeOf: bytes }).chunks).toEqual(chunks);
	});

	test('sets an item too large for any request aside instead of sending it alone', () => {
		const plan = planBatches([3, 11, 4], 10, { maxBytes: 10, sizeOf: bytes });
		expect(plan).toEqual({ chunks: [[3, 4]], oversized: [11] });
	});

	test('counts the envelope once per batch', () => {
		const plan = planBatches([4, 4, 4], 10, { maxBytes: 12, envelopeBytes: 3, sizeOf: bytes });
		expect(plan.chunks).toEqual([[4, 4], [4]]);
	});

	test('measures an item as its JSON in UTF-8 by default', () => {
		const items = [{ name: 'é' }, { name: 'e' }];
		// {"name":"é"} is 13 bytes, {"name":"e"} is 12: together with a comma 26.
		expect(planBatches(items, 10, { maxBytes: 25 }).chunks).toEqual([[items[0]], [items[1]]]);
	});

	test.each<[behaviour: string, limit: number, maxBytes: number | undefined]>([
		['a count limit below 1', 0, undefined],
		['a byte limit no larger than the envelope', 5, 3],
	])('rejects %s', (_, limit, maxBytes) => {
		expect(() => planBatches([1], limit, { maxBytes, envelopeBytes: 3 })).toThrow(RangeError);
	});
});

describe('groupItemsByKey', () => {
	test('gathers the item indexes that share a key', () => {
		const items = [
			{ key: 'ann@example.com', index: 0 },
			{ key: 'bob@example.com', index: 1 },
			{ key: 'ann@example.com', index: 2 },
		];
		expect(groupItemsByKey(items)).toEqual(
			new Map([
				['ann@example.com', [0, 2]],
				['bob@example.com', [1]],
			]),
		);
	});

	test('lists keys in order of first appearance', () => {
		const items = [
			{ key: 'b', index: 0 },
			{ key: 'a', index: 1 },
			{ key: 'b', index: 2 },
		];
		expect([...groupItemsByKey(items).keys()]).toEqual(['b', 'a']);
	});
});

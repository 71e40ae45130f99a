import { affiliateRecord } from '../../../nodes/shared/platforms/affiliates';
import { collectSelected, RepeatedPageError } from '../../../nodes/shared/platforms/collect';
import type { PulledRecord } from '../../../nodes/shared/platforms/records';
import { emptyAffiliate } from '../../../nodes/shared/webhooks/platforms/fields';

const NOW = new Date('2026-12-02T00:00:00Z');

const affiliate = (id: string, status = 'active', updatedAt = '2026-11-01T00:00:00.000Z'): PulledRecord =>
	affiliateRecord('rewardful', { affiliate: { ...emptyAffiliate(), id, email: `${id}@example.com`, status }, updatedAt, raw: {} }, NOW);

/** Pages as a platform serves them, counting how many were asked for. */
function served(pages: PulledRecord[][]) {
	let asked = 0;
	async function* generate() {
		for (const page of pages) {
			asked++;
			yield page;
		}
	}
	return { pages: generate(), asked: () => asked };
}

const ids = (events: Array<{ affiliate: { id: string | null } }>) => events.map((event) => event.affiliate.id);

describe('collectSelected: each record once, whatever page-number paging does mid-read', () => {
	it('an affiliate created mid-read shifts the list: the record pushed onto the next page is returned once', async () => {
		const { events } = await collectSelected(served([[affiliate('a'), affiliate('b')], [affiliate('b'), affiliate('c')]]).pages, { status: 'approved' });
		expect(ids(events)).toEqual(['a', 'b', 'c']);
	});

	it('an affiliate changed mid-read: its later state wins, in the place it was first seen', async () => {
		const later = affiliate('b', 'active', '2026-12-01T00:00:00.000Z');
		const stale = affiliate('b', 'active', '2026-10-01T00:00:00.000Z');
		const { events } = await collectSelected(served([[affiliate('a'), later], [stale, affiliate('c')]]).pages, { status: 'any' });
		expect(events.map((event) => event.id)).toEqual([affiliate('a').event.id, later.event.id, affiliate('c').event.id]);
	});

	it('an affiliate disabled mid-read is not returned as approved from the earlier page', async () => {
		const disabled = affiliate('b', 'disabled', '2026-12-01T00:00:00.000Z');
		const { events } = await collectSelected(served([[affiliate('a'), affiliate('b')], [disabled, affiliate('c')]]).pages, { status: 'approved' });
		expect(ids(events)).toEqual(['a', 'c']);
	});

	it('a full page of records already read (a server ignoring the page number) stops the read with an error', async () => {
		const same = [affiliate('a'), affiliate('b')];
		const { pages } = served(Array.from({ length: 50 }, () => same));
		await expect(collectSelected(pages, { status: 'any' })).rejects.toThrow(RepeatedPageError);
	});

	it('a limit smaller than a page reads one page; the limit counts distinct selected records', async () => {
		const source = served([[affiliate('a'), affiliate('x', 'disabled'), affiliate('b')], [affiliate('b'), affiliate('c')], [affiliate('d')]]);
		const { events, cutOff } = await collectSelected(source.pages, { status: 'approved' }, 3);
		expect(ids(events)).toEqual(['a', 'b', 'c']);
		expect(cutOff).toBe(true);
		expect(source.asked()).toBe(2);
	});
});

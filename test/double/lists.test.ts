import { DEFAULT_LISTS } from './state';
import { call, describeNeedsSpec, specViolations, useDouble } from './support/harness';
import { KlaviyoDouble } from './types';

const members = (double: KlaviyoDouble, listId: string) => double.state().lists.find((l) => l.id === listId)!.members;
const names = (result: { body: { data: Array<{ attributes: { name: string } }> } }) => result.body.data.map((l) => l.attributes.name);

describe('lists', () => {
	const getDouble = useDouble();

	test('a fresh double has seeded lists: at least one single and one double opt-in', async () => {
		const result = await call(getDouble(), 'GET', '/api/lists');
		expect(result.status).toBe(200);
		expect(specViolations('get_lists', result)).toEqual([]);
		const optIns = result.body.data.map((l: { attributes: { opt_in_process: string } }) => l.attributes.opt_in_process);
		expect(optIns).toEqual(expect.arrayContaining(['single_opt_in', 'double_opt_in']));
		expect(result.body.data.map((l: { id: string }) => l.id)).toEqual(DEFAULT_LISTS.map((l) => l.id));
	});

	test('at most 10 per page, cursor paging through links.next, page[size] above 10 is a 400', async () => {
		const double = getDouble();
		double.seed({ lists: Array.from({ length: 12 }, (_, i) => ({ name: `List ${String(i).padStart(2, '0')}` })) });
		const first = await call(double, 'GET', '/api/lists');
		expect(first.body.data).toHaveLength(10);
		const second = await call(double, 'GET', new URL(first.body.links.next).pathname + new URL(first.body.links.next).search);
		expect(second.body.data).toHaveLength(5);
		expect(second.body.links.next).toBeUndefined();
		expect(second.body.links.prev).toEqual(expect.any(String));
		const tooBig = await call(double, 'GET', '/api/lists', { query: { 'page[size]': '11' } });
		expect(tooBig.status).toBe(400);
		expect(tooBig.body.errors[0].source).toEqual({ parameter: 'page[size]' });
	});

	test.each([
		['equals(name,"Newsletter")', ['Newsletter']],
		['any(name,["Newsletter","VIP Referrers"])', ['Newsletter', 'VIP Referrers']],
		['equals(id,"Dbl9Af")', ['Affiliates Confirmed']],
		['greater-than(created,2000-01-01T00:00:00Z)', ['Affiliates Confirmed', 'Newsletter', 'VIP Referrers']],
	])('filter=%s', async (filter, expected) => {
		const result = await call(getDouble(), 'GET', '/api/lists', { query: { filter, sort: 'name' } });
		expect(result.status).toBe(200);
		expect(names(result)).toEqual(expected);
	});

	describeNeedsSpec('the filters the spec allows', () => {
		test('less-than(created,…) is not allowed on lists: 400 filter', async () => {
			const result = await call(getDouble(), 'GET', '/api/lists', { query: { filter: 'less-than(created,2030-01-01T00:00:00Z)' } });
			expect(result.status).toBe(400);
			expect(result.body.errors[0].source).toEqual({ parameter: 'filter' });
		});
	});

	test('sort=-name and fields[list]=name', async () => {
		const result = await call(getDouble(), 'GET', '/api/lists', { query: { sort: '-name', 'fields[list]': 'name' } });
		expect(names(result)).toEqual(['VIP Referrers', 'Newsletter', 'Affiliates Confirmed']);
		expect(result.body.data[0].attributes).toEqual({ name: 'VIP Referrers' });
		expect(specViolations('get_lists', result, true)).toEqual([]);
	});

	test('GET /api/lists/{id}: 200 with profile_count on request; an unknown list is a 404 JSON:API error', async () => {
		const double = getDouble();
		double.seed({ profiles: [{ id: 'M', attributes: { email: 'm@example.com' }, lists: ['Xk3Nws'] }] });
		const found = await call(double, 'GET', '/api/lists/Xk3Nws', { query: { 'additional-fields[list]': 'profile_count' } });
		expect(found.body.data.attributes).toMatchObject({ name: 'Newsletter', profile_count: 1 });
		expect(specViolations('get_list', found)).toEqual([]);
		const missing = await call(double, 'GET', '/api/lists/NOPE');
		expect(missing.status).toBe(404);
		expect(missing.body.errors[0]).toMatchObject({ status: 404, code: 'not_found', title: 'Not found.' });
		expect(specViolations('get_list', missing)).toEqual([]);
	});

	describe('list membership', () => {
		const body = (ids: string[]) => ({ data: ids.map((id) => ({ type: 'profile', id })) });

		test('POST adds (204, idempotent), DELETE removes (204); consent never changes', async () => {
			const double = getDouble();
			double.seed({ profiles: [{ id: 'A', attributes: { email: 'a@example.com' } }, { id: 'B', attributes: { email: 'b@example.com' } }] });
			const added = await call(double, 'POST', '/api/lists/Xk3Nws/relationships/profiles', { body: body(['A', 'B']) });
			expect(added.status).toBe(204);
			expect(added.text).toBe('');
			await call(double, 'POST', '/api/lists/Xk3Nws/relationships/profiles', { body: body(['A']) });
			expect(members(double, 'Xk3Nws')).toEqual(['A', 'B']);
			const removed = await call(double, 'DELETE', '/api/lists/Xk3Nws/relationships/profiles', { body: body(['A']) });
			expect(removed.status).toBe(204);
			expect(members(double, 'Xk3Nws')).toEqual(['B']);
			expect(double.state().profiles.every((p) => p.subscriptions.email.marketing.consent === 'NEVER_SUBSCRIBED')).toBe(true);
		});

		test('an unknown profile id: 404 pointing at it, and nothing is added', async () => {
			const double = getDouble();
			double.seed({ profiles: [{ id: 'A', attributes: { email: 'a@example.com' } }] });
			const result = await call(double, 'POST', '/api/lists/Xk3Nws/relationships/profiles', { body: body(['A', 'GHOST']) });
			expect(result.status).toBe(404);
			expect(result.body.errors[0]).toMatchObject({ code: 'not_found', source: { pointer: '/data/1/id' } });
			expect(members(double, 'Xk3Nws')).toEqual([]);
		});

		test('more than 1000 ids: 400; an unknown list: 404', async () => {
			const double = getDouble();
			const tooMany = await call(double, 'POST', '/api/lists/Xk3Nws/relationships/profiles', { body: body(Array.from({ length: 1001 }, (_, i) => `P${i}`)) });
			expect(tooMany.status).toBe(400);
			expect(tooMany.body.errors[0].source).toEqual({ pointer: '/data' });
			const noList = await call(double, 'POST', '/api/lists/NOPE/relationships/profiles', { body: body([]) });
			expect(noList.status).toBe(404);
		});
	});
});

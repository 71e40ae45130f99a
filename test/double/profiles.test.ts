import { call, describeNeedsSpec, specViolations, useDouble } from './support/harness';
import { KlaviyoDouble } from './types';

const importProfile = (double: KlaviyoDouble, attributes: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
	call(double, 'POST', '/api/profile-import', { body: { data: { type: 'profile', attributes, ...extra } } });

const patchProfile = (double: KlaviyoDouble, id: string, attributes: Record<string, unknown>, meta?: Record<string, unknown>) =>
	call(double, 'PATCH', `/api/profiles/${id}`, { body: { data: { type: 'profile', id, attributes, ...(meta ? { meta } : {}) } } });

const stateOf = (double: KlaviyoDouble, id: string) => double.state().profiles.find((p) => p.id === id)!;

describe('profiles', () => {
	const getDouble = useDouble();

	describe('409 duplicate_profile', () => {
		test('profile-import whose email and phone belong to two profiles answers Klaviyo\'s exact 409', async () => {
			const double = getDouble();
			double.seed({ profiles: [{ id: 'BYEMAIL', attributes: { email: 'ann@example.com' } }, { id: 'BYPHONE', attributes: { phone_number: '+15005550006' } }] });
			const result = await importProfile(double, { email: 'ann@example.com', phone_number: '+15005550006' });
			expect(result.status).toBe(409);
			expect(result.body).toEqual({
				errors: [{
					id: expect.any(String), status: 409, code: 'duplicate_profile', title: 'Conflict.',
					detail: 'A profile already exists with one of these identifiers.', source: { pointer: '/data/attributes' }, links: {},
					meta: { duplicate_profile_id: 'BYPHONE' },
				}],
			});
			expect(specViolations('create_or_update_profile', result)).toEqual([]);
		});

		test('POST /api/profiles with an existing email: 409 naming that profile', async () => {
			const double = getDouble();
			double.seed({ profiles: [{ id: 'EXISTS', attributes: { email: 'bo@example.com' } }] });
			const result = await call(double, 'POST', '/api/profiles', { body: { data: { type: 'profile', attributes: { email: 'BO@example.com' } } } });
			expect(result.status).toBe(409);
			expect(result.body.errors[0].meta).toEqual({ duplicate_profile_id: 'EXISTS' });
		});

		test('PATCH that takes another profile\'s external_id: 409', async () => {
			const double = getDouble();
			double.seed({ profiles: [{ id: 'A', attributes: { email: 'a@example.com' } }, { id: 'B', attributes: { external_id: 'crm-9' } }] });
			const result = await patchProfile(double, 'A', { external_id: 'crm-9' });
			expect(result.status).toBe(409);
			expect(result.body.errors[0]).toMatchObject({ code: 'duplicate_profile', meta: { duplicate_profile_id: 'B' } });
		});
	});

	describe('profile-import matching', () => {
		test('201 creates, then 200 updates the same profile found by email (case-insensitive); a new phone joins it', async () => {
			const double = getDouble();
			const created = await importProfile(double, { email: 'Cara@Example.com', first_name: 'Cara' });
			expect(created.status).toBe(201);
			const updated = await importProfile(double, { email: 'cara@example.com', phone_number: '+15005550007' });
			expect(updated.status).toBe(200);
			expect(updated.body.data.id).toBe(created.body.data.id);
			expect(updated.body.data.attributes).toMatchObject({ email: 'cara@example.com', phone_number: '+15005550007', first_name: 'Cara' });
		});

		test('data.id picks the profile; an unknown id is 404', async () => {
			const double = getDouble();
			double.seed({ profiles: [{ id: 'KNOWN', attributes: { email: 'k@example.com' } }] });
			expect((await importProfile(double, { first_name: 'Kay' }, { id: 'KNOWN' })).status).toBe(200);
			const missing = await importProfile(double, { first_name: 'Kay' }, { id: 'NOPE' });
			expect(missing.status).toBe(404);
			expect(missing.body.errors[0].source).toEqual({ pointer: '/data/id' });
		});

		test.each([
			['an email without @', { email: 'not-an-email' }, '/data/attributes/email', 'Invalid email address'],
			['a phone that is not E.164', { phone_number: '555-0100' }, '/data/attributes/phone_number', 'Invalid phone number format (Example of a valid format: +12345678901)'],
			['no identifier at all', { first_name: 'Nobody' }, '/data/attributes', expect.any(String)],
		])('%s: 400 pointing at it', async (_label, attributes, pointer, detail) => {
			const result = await importProfile(getDouble(), attributes);
			expect(result.status).toBe(400);
			expect(result.body.errors[0]).toMatchObject({ code: 'invalid', source: { pointer }, detail });
		});
	});

	describe('null clears, omitted leaves, properties and location merge by key', () => {
		const seedFull = (double: KlaviyoDouble) =>
			double.seed({
				profiles: [{
					id: 'P', attributes: {
						email: 'p@example.com', first_name: 'Pat', last_name: 'Lee', organization: 'Acme',
						location: { city: 'Boston', region: 'MA' }, properties: { plan: 'pro', tier: 2, tags: ['a'] },
					},
				}],
			});

		test('profile-import: null clears a field, omitted fields stay, properties merge (null clears a key)', async () => {
			const double = getDouble();
			seedFull(double);
			const result = await importProfile(double, { email: 'p@example.com', last_name: null, location: { city: 'Salem', region: null }, properties: { tier: null, coupon: 'PAT10' } });
			expect(result.status).toBe(200);
			const p = stateOf(double, 'P').attributes;
			expect(p).toMatchObject({ first_name: 'Pat', last_name: null, organization: 'Acme' });
			expect(p.location).toEqual({ city: 'Salem' });
			expect(p.properties).toEqual({ plan: 'pro', tags: ['a'], coupon: 'PAT10' });
		});

		test('PATCH: the same rules; properties: null clears them all', async () => {
			const double = getDouble();
			seedFull(double);
			const result = await patchProfile(double, 'P', { organization: null, properties: null });
			expect(result.status).toBe(200);
			expect(result.body.data.attributes).toMatchObject({ organization: null, first_name: 'Pat', properties: {} });
		});

		test('meta.patch_properties: append turns a scalar into an array, unappend removes, unset deletes keys', async () => {
			const double = getDouble();
			seedFull(double);
			await patchProfile(double, 'P', {}, { patch_properties: { append: { plan: 'vip', tags: ['b', 'c'] }, unappend: { tags: 'a' }, unset: 'tier' } });
			expect(stateOf(double, 'P').attributes.properties).toEqual({ plan: ['pro', 'vip'], tags: ['b', 'c'] });
		});

		test('PATCH whose data.id differs from the path: 409 conflict', async () => {
			const double = getDouble();
			seedFull(double);
			const result = await call(double, 'PATCH', '/api/profiles/P', { body: { data: { type: 'profile', id: 'OTHER', attributes: {} } } });
			expect(result.status).toBe(409);
			expect(result.body.errors[0].source).toEqual({ pointer: '/data/id' });
		});

		test('GET of an unknown profile: 404 JSON:API error', async () => {
			const result = await call(getDouble(), 'GET', '/api/profiles/NOPE');
			expect(result.status).toBe(404);
			expect(result.body.errors[0]).toMatchObject({ status: 404, code: 'not_found' });
			expect(specViolations('get_profile', result)).toEqual([]);
		});
	});

	describe('GET /api/profiles', () => {
		const seedMany = (double: KlaviyoDouble, n: number) =>
			double.seed({ profiles: Array.from({ length: n }, (_, i) => ({ attributes: { email: `u${i}@example.com`, external_id: `x${i}` } })) });

		test.each([
			['equals(email,"U3@example.com")', ['u3@example.com']],
			["equals(email,'u3@example.com')", ['u3@example.com']],
			['any(email,["u1@example.com","u2@example.com"])', ['u1@example.com', 'u2@example.com']],
			['and(any(external_id,["x1","x2"]),equals(email,"u2@example.com"))', ['u2@example.com']],
			['equals(phone_number,"+15005550000")', []],
		])('filter=%s', async (filter, emails) => {
			const double = getDouble();
			seedMany(double, 5);
			const result = await call(double, 'GET', '/api/profiles', { query: { filter } });
			expect(result.status).toBe(200);
			expect(result.body.data.map((p: { attributes: { email: string } }) => p.attributes.email).sort()).toEqual(emails);
		});

		test.each([
			['equals(email,a@b.com)', 'an unquoted string'],
			['equals(nickname,"x")', 'a field the endpoint does not allow'],
			['greater-than(email,"x")', 'an operator the field does not allow'],
			['equals(email,"a@b.com"', 'a missing parenthesis'],
			['any(email,"a@b.com")', 'any without a list'],
			['or(equals(email,"a"),equals(email,"b"))', 'or'],
			['greater-than(created,"2024-01-01T00:00:00Z")', 'a quoted datetime'],
		])('a bad filter (%s, %s): 400 with source.parameter "filter"', async (filter) => {
			const result = await call(getDouble(), 'GET', '/api/profiles', { query: { filter } });
			expect(result.status).toBe(400);
			expect(result.body.errors[0]).toMatchObject({ code: 'invalid', source: { parameter: 'filter' } });
		});

		test('cursor paging: default 20, links.next is a full URL carrying page[cursor], following it reaches every profile', async () => {
			const double = getDouble();
			seedMany(double, 45);
			const seen: string[] = [];
			let next: string | undefined = `${double.url}/api/profiles`;
			let pages = 0;
			while (next) {
				const result = await call(double, 'GET', next.slice(double.url.length));
				expect(specViolations('get_profiles', result)).toEqual([]);
				seen.push(...result.body.data.map((p: { id: string }) => p.id));
				next = result.body.links.next;
				if (next) expect(new URL(next).searchParams.get('page[cursor]')).toEqual(expect.any(String));
				pages += 1;
			}
			expect(pages).toBe(3);
			expect(new Set(seen).size).toBe(45);
		});

		test.each([['0'], ['101'], ['ten']])('page[size]=%s: 400 naming page[size]', async (size) => {
			const result = await call(getDouble(), 'GET', '/api/profiles', { query: { 'page[size]': size } });
			expect(result.status).toBe(400);
			expect(result.body.errors[0].source).toEqual({ parameter: 'page[size]' });
		});

		test('fields[profile] returns only the requested attributes', async () => {
			const double = getDouble();
			seedMany(double, 1);
			const sparse = await call(double, 'GET', '/api/profiles', { query: { 'fields[profile]': 'email,location.city' } });
			expect(sparse.body.data[0].attributes).toEqual({ email: 'u0@example.com', location: { city: null } });
			expect(specViolations('get_profiles', sparse, true)).toEqual([]);
		});

		describeNeedsSpec('the fields the spec lists', () => {
			test('an unknown field in fields[profile] is a 400 naming the parameter', async () => {
				const bad = await call(getDouble(), 'GET', '/api/profiles', { query: { 'fields[profile]': 'nickname' } });
				expect(bad.status).toBe(400);
				expect(bad.body.errors[0].source).toEqual({ parameter: 'fields[profile]' });
			});
		});

		test('a forged page[cursor]: 400 naming page[cursor]', async () => {
			const result = await call(getDouble(), 'GET', '/api/profiles', { query: { 'page[cursor]': 'garbage' } });
			expect(result.status).toBe(400);
			expect(result.body.errors[0].source).toEqual({ parameter: 'page[cursor]' });
		});

		test('additional-fields[profile]=subscriptions adds consent in the spec\'s shape', async () => {
			const double = getDouble();
			double.seed({ profiles: [{ attributes: { email: 's@example.com' }, subscriptions: { 'email.marketing': 'SUBSCRIBED' } }] });
			const result = await call(double, 'GET', '/api/profiles', { query: { 'additional-fields[profile]': 'subscriptions' } });
			expect(result.body.data[0].attributes.subscriptions.email.marketing).toMatchObject({ consent: 'SUBSCRIBED', can_receive_email_marketing: true });
			expect(specViolations('get_profiles', result)).toEqual([]);
		});
	});
});

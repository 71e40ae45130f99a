import { FakeClock, useFakeClock } from './clock';
import { call, specViolations, useDouble } from './support/harness';
import { KlaviyoDouble } from './types';

const JOB_MS = 300;

const importJob = (double: KlaviyoDouble, profiles: Array<Record<string, unknown>>, listIds: string[] = []) =>
	call(double, 'POST', '/api/profile-bulk-import-jobs', {
		body: {
			data: {
				type: 'profile-bulk-import-job',
				attributes: { profiles: { data: profiles.map((p) => ({ type: 'profile', ...p })) } },
				...(listIds.length ? { relationships: { lists: { data: listIds.map((id) => ({ type: 'list', id })) } } } : {}),
			},
		},
	});

describe('profile bulk import jobs', () => {
	const getDouble = useDouble({ jobDurationMs: JOB_MS });
	let fake: FakeClock;
	beforeEach(() => (fake = useFakeClock(Date.parse('2026-03-01T12:00:00Z'))));
	afterEach(() => fake.restore());

	const jobAt = async (double: KlaviyoDouble, id: string) => {
		const result = await call(double, 'GET', `/api/profile-bulk-import-jobs/${id}`);
		expect(specViolations('get_bulk_import_profiles_job', result)).toEqual([]);
		return result.body.data.attributes;
	};

	test('202 queued → processing → complete over jobDurationMs, with counts', async () => {
		const double = getDouble();
		const created = await importJob(double, [{ attributes: { email: 'a@example.com' } }, { attributes: { email: 'b@example.com' } }]);
		expect(created.status).toBe(202);
		expect(specViolations('bulk_import_profiles', created)).toEqual([]);
		expect(created.body.data.attributes).toMatchObject({ status: 'queued', total_count: 2, completed_count: 0, failed_count: 0 });
		const id = created.body.data.id;
		fake.advance(JOB_MS / 2);
		expect((await jobAt(double, id)).status).toBe('processing');
		expect(double.state().profiles).toHaveLength(0);
		fake.advance(JOB_MS);
		expect(await jobAt(double, id)).toMatchObject({ status: 'complete', total_count: 2, completed_count: 2, failed_count: 0, completed_at: expect.any(String) });
		expect(double.state().profiles.map((p) => p.attributes.email).sort()).toEqual(['a@example.com', 'b@example.com']);
	});

	test('the bulk job never clears: null values are skipped, other fields merge', async () => {
		const double = getDouble();
		double.seed({ profiles: [{ id: 'KEEP', attributes: { email: 'k@example.com', first_name: 'Kim', location: { city: 'Oslo' }, properties: { plan: 'pro' } } }] });
		await importJob(double, [{ attributes: { email: 'k@example.com', first_name: null, last_name: 'Berg', location: { city: null }, properties: { plan: null, coupon: 'K10' } } }]);
		fake.advance(JOB_MS);
		const kept = double.state().profiles.find((p) => p.id === 'KEEP')!.attributes;
		expect(kept).toMatchObject({ first_name: 'Kim', last_name: 'Berg', location: { city: 'Oslo' }, properties: { plan: 'pro', coupon: 'K10' } });
	});

	test('failing profiles become import errors that point into the request and carry the original payload', async () => {
		const double = getDouble();
		double.seed({ profiles: [{ id: 'E', attributes: { email: 'taken@example.com' } }, { id: 'F', attributes: { phone_number: '+15005550009' } }] });
		const bad = [
			{ attributes: { email: 'no-at-sign.example.com' } },
			{ attributes: { email: 'fine@example.com' } },
			{ attributes: { phone_number: '(555) 010-0000' } },
			{ attributes: { email: 'taken@example.com', phone_number: '+15005550009' } },
		];
		const created = await importJob(double, bad);
		fake.advance(JOB_MS);
		expect(await jobAt(double, created.body.data.id)).toMatchObject({ completed_count: 1, failed_count: 3 });
		const errors = await call(double, 'GET', `/api/profile-bulk-import-jobs/${created.body.data.id}/import-errors`);
		expect(specViolations('get_errors_for_bulk_import_profiles_job', errors)).toEqual([]);
		const summary = errors.body.data.map((e: { type: string; attributes: { code: string; source: { pointer: string }; original_payload: unknown } }) => [
			e.type, e.attributes.code, e.attributes.source.pointer, e.attributes.original_payload,
		]);
		expect(summary).toEqual([
			['import-error', 'invalid', '/data/attributes/profiles/data/0/attributes/email', { type: 'profile', ...bad[0] }],
			['import-error', 'invalid', '/data/attributes/profiles/data/2/attributes/phone_number', { type: 'profile', ...bad[2] }],
			['import-error', 'duplicate_profile', '/data/attributes/profiles/data/3/attributes', { type: 'profile', ...bad[3] }],
		]);
	});

	test('relationships.lists adds the imported profiles to the list without consent; /profiles lists them', async () => {
		const double = getDouble();
		const created = await importJob(double, [{ attributes: { email: 'm1@example.com' } }, { attributes: { email: 'm2@example.com' } }], ['Xk3Nws']);
		fake.advance(JOB_MS);
		const list = double.state().lists.find((l) => l.id === 'Xk3Nws')!;
		expect(list.members).toHaveLength(2);
		expect(double.state().profiles.every((p) => p.subscriptions.email.marketing.consent === 'NEVER_SUBSCRIBED')).toBe(true);
		const profiles = await call(double, 'GET', `/api/profile-bulk-import-jobs/${created.body.data.id}/profiles`, { query: { 'page[size]': '1' } });
		expect(specViolations('get_profiles_for_bulk_import_profiles_job', profiles)).toEqual([]);
		expect(profiles.body.data).toHaveLength(1);
		expect(profiles.body.links.next).toContain('page%5Bcursor%5D=');
		const withLists = await call(double, 'GET', `/api/profile-bulk-import-jobs/${created.body.data.id}`, { query: { include: 'lists' } });
		expect(withLists.body.included.map((l: { id: string }) => l.id)).toEqual(['Xk3Nws']);
		expect(specViolations('get_bulk_import_profiles_job', withLists)).toEqual([]);
	});

	test('an unknown list is a 404 pointing at it; more than 10,000 profiles is a 400', async () => {
		const double = getDouble();
		const unknownList = await importJob(double, [{ attributes: { email: 'x@example.com' } }], ['NOPE']);
		expect(unknownList.status).toBe(404);
		expect(unknownList.body.errors[0].source).toEqual({ pointer: '/data/relationships/lists/data/0/id' });
		const tooMany = await importJob(double, Array.from({ length: 10_001 }, (_, i) => ({ attributes: { email: `t${i}@example.com` } })));
		expect(tooMany.status).toBe(400);
		expect(tooMany.body.errors[0].source).toEqual({ pointer: '/data/attributes/profiles/data' });
		expect(double.state().jobs).toHaveLength(0);
	});

	test('an unknown job id: 404', async () => {
		const result = await call(getDouble(), 'GET', '/api/profile-bulk-import-jobs/01NOPE');
		expect(result.status).toBe(404);
		expect(specViolations('get_bulk_import_profiles_job', result)).toEqual([]);
	});
});

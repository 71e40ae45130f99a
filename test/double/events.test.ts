import { FakeClock, useFakeClock } from './clock';
import { call, specViolations, useDouble } from './support/harness';
import { KlaviyoDouble } from './types';

interface EventSpec {
	metric?: string;
	uniqueId?: string;
	time?: string;
	properties?: Record<string, unknown>;
	value?: number;
}

function eventAttributes(e: EventSpec) {
	return {
		properties: e.properties ?? { affiliate: 'aff-1' },
		metric: { data: { type: 'metric', attributes: { name: e.metric ?? 'Affiliate Conversion' } } },
		...(e.uniqueId ? { unique_id: e.uniqueId } : {}),
		...(e.time ? { time: e.time } : {}),
		...(e.value !== undefined ? { value: e.value } : {}),
	};
}

const createEvent = (double: KlaviyoDouble, e: EventSpec, profile: Record<string, unknown> = { email: 'ev@example.com' }) =>
	call(double, 'POST', '/api/events', {
		body: { data: { type: 'event', attributes: { ...eventAttributes(e), profile: { data: { type: 'profile', attributes: profile } } } } },
	});

const bulkEvents = (double: KlaviyoDouble, groups: Array<{ profile: Record<string, unknown>; events: EventSpec[] }>) =>
	call(double, 'POST', '/api/event-bulk-create-jobs', {
		body: {
			data: {
				type: 'event-bulk-create-job',
				attributes: {
					'events-bulk-create': {
						data: groups.map((g) => ({
							type: 'event-bulk-create',
							attributes: {
								profile: { data: { type: 'profile', attributes: g.profile } },
								events: { data: g.events.map((e) => ({ type: 'event', attributes: eventAttributes(e) })) },
							},
						})),
					},
				},
			},
		},
	});

describe('events', () => {
	const getDouble = useDouble({ jobDurationMs: 200 });
	let fake: FakeClock;
	beforeEach(() => (fake = useFakeClock(Date.parse('2026-03-01T12:00:00.250Z'))));
	afterEach(() => fake.restore());

	test('202 with an empty body; the profile is created from the identifiers and its attributes applied', async () => {
		const double = getDouble();
		const result = await createEvent(double, { uniqueId: 'conv-1', value: 12.5 }, { email: 'ev@example.com', first_name: 'Eve', properties: { aff: true } });
		expect(result.status).toBe(202);
		expect(result.text).toBe('');
		const [event] = double.state().events;
		const profile = double.state().profiles[0];
		expect(event).toMatchObject({ metric: 'Affiliate Conversion', unique_id: 'conv-1', value: 12.5, profile_id: profile.id, time: '2026-03-01T12:00:00Z' });
		expect(profile.attributes).toMatchObject({ email: 'ev@example.com', first_name: 'Eve', properties: { aff: true } });
		expect(profile.last_event_date).toBe('2026-03-01T12:00:00Z');
	});

	test('a repeated (profile, metric, unique_id) is accepted with 202 but stored once', async () => {
		const double = getDouble();
		expect((await createEvent(double, { uniqueId: 'same' })).status).toBe(202);
		expect((await createEvent(double, { uniqueId: 'same', value: 99 })).status).toBe(202);
		expect((await createEvent(double, { uniqueId: 'same', metric: 'Other Metric' })).status).toBe(202);
		expect(double.state().events.map((e) => [e.metric, e.unique_id])).toEqual([['Affiliate Conversion', 'same'], ['Other Metric', 'same']]);
	});

	test('without unique_id the time to the second is the key: one event per profile, metric and second', async () => {
		const double = getDouble();
		await createEvent(double, {});
		fake.advance(500);
		await createEvent(double, {});
		fake.advance(1000);
		await createEvent(double, {});
		expect(double.state().events.map((e) => e.unique_id)).toEqual(['2026-03-01T12:00:00Z', '2026-03-01T12:00:01Z']);
	});

	const attributes = '/data/attributes';
	test.each([
		['a metric name of 128 characters', { metric: 'm'.repeat(128) }, `${attributes}/metric/data/attributes/name`],
		['401 properties', { properties: Object.fromEntries(Array.from({ length: 401 }, (_, i) => [`p${i}`, i])) }, `${attributes}/properties`],
		['a time before 2000', { time: '1999-12-31T23:59:59Z' }, `${attributes}/time`],
		['a time more than a year ahead', { time: '2027-03-10T00:00:00Z' }, `${attributes}/time`],
	])('%s: 400 pointing at it', async (_label, spec, pointer) => {
		const double = getDouble();
		const result = await createEvent(double, spec);
		expect(result.status).toBe(400);
		expect(result.body.errors[0]).toMatchObject({ code: 'invalid', source: { pointer } });
		expect(specViolations('create_event', result)).toEqual([]);
		expect(double.state().events).toHaveLength(0);
	});

	test('400 properties and a 127-character metric name are fine', async () => {
		const properties = Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`p${i}`, i]));
		expect((await createEvent(getDouble(), { metric: 'm'.repeat(127), properties })).status).toBe(202);
	});

	test('a profile without any identifier: 400', async () => {
		const result = await createEvent(getDouble(), {}, { first_name: 'Nobody' });
		expect(result.status).toBe(400);
		expect(result.body.errors[0].source).toEqual({ pointer: '/data/attributes/profile/data/attributes' });
	});

	describe('bulk events', () => {
		test('events are grouped per profile and recorded after the simulated job time, with the usual dedupe', async () => {
			const double = getDouble();
			double.seed({ profiles: [{ id: 'OLD', attributes: { email: 'a@example.com' } }] });
			await createEvent(double, { uniqueId: 'u1' }, { email: 'a@example.com' });
			const result = await bulkEvents(double, [
				{ profile: { email: 'a@example.com' }, events: [{ uniqueId: 'u1' }, { uniqueId: 'u2' }] },
				{ profile: { email: 'b@example.com' }, events: [{ uniqueId: 'u1' }] },
			]);
			expect(result.status).toBe(202);
			expect(result.text).toBe('');
			expect(double.state().events).toHaveLength(1);
			fake.advance(200);
			const events = double.state().events.map((e) => [e.profile_id === 'OLD' ? 'OLD' : 'NEW', e.unique_id, e.source]);
			expect(events).toEqual([['OLD', 'u1', 'create_event'], ['OLD', 'u2', 'bulk_create_events'], ['NEW', 'u1', 'bulk_create_events']]);
		});

		test('a unique_id repeated for the same profile and metric fails the whole request with 400', async () => {
			const double = getDouble();
			const result = await bulkEvents(double, [
				{ profile: { email: 'a@example.com' }, events: [{ uniqueId: 'dup' }] },
				{ profile: { email: 'A@example.com' }, events: [{ uniqueId: 'other' }, { uniqueId: 'dup' }] },
			]);
			expect(result.status).toBe(400);
			expect(result.body.errors[0].source).toEqual({ pointer: '/data/attributes/events-bulk-create/data/1/attributes/events/data/1/attributes/unique_id' });
			expect(specViolations('bulk_create_events', result)).toEqual([]);
			fake.advance(1000);
			expect(double.state().events).toHaveLength(0);
			expect(double.state().jobs).toHaveLength(0);
		});

		test('the same unique_id for another metric or another profile is fine', async () => {
			const result = await bulkEvents(getDouble(), [
				{ profile: { email: 'a@example.com' }, events: [{ uniqueId: 'x' }, { uniqueId: 'x', metric: 'Other' }] },
				{ profile: { email: 'b@example.com' }, events: [{ uniqueId: 'x' }] },
			]);
			expect(result.status).toBe(202);
		});

		test('more than 1000 events in total: 400', async () => {
			const events = Array.from({ length: 501 }, (_, i) => ({ uniqueId: `e${i}` }));
			const result = await bulkEvents(getDouble(), [{ profile: { email: 'a@example.com' }, events }, { profile: { email: 'b@example.com' }, events }]);
			expect(result.status).toBe(400);
			expect(result.body.errors[0].source).toEqual({ pointer: '/data/attributes/events-bulk-create/data' });
		});
	});
});

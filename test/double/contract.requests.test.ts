import { KlaviyoDouble } from './types';
import { exampleRequestBody } from './support/specExamples';
import { checkBodyByOwnContract, OWN_CONTRACT_OPERATIONS } from './ownContract';
import { EXAMPLE_PROFILE_ID, call, describeNeedsSpec, seedExampleIds, specViolations, useDouble } from './support/harness';

/**
 * Every implemented endpoint, called with a request built from the spec's own examples, must pass; the same request
 * broken in one way must fail with Klaviyo's status and the exact source.pointer / source.parameter. Every answer,
 * good or bad, must match the spec's response schema.
 */
interface EndpointCase {
	operationId: string;
	method: string;
	path: (double: KlaviyoDouble) => Promise<string> | string;
	status: number;
	body?: () => Record<string, unknown>;
	/** Breaks one nested value's type; `pointer` is where Klaviyo must point. */
	wrongType?: { mutate: (body: Record<string, unknown>) => void; pointer: string };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

async function importJobId(double: KlaviyoDouble): Promise<string> {
	const result = await call(double, 'POST', '/api/profile-bulk-import-jobs', { body: exampleRequestBody('bulk_import_profiles') });
	return result.body.data.id as string;
}

const CASES: EndpointCase[] = [
	{ operationId: 'get_accounts', method: 'GET', path: () => '/api/accounts', status: 200 },
	{ operationId: 'get_profiles', method: 'GET', path: () => '/api/profiles', status: 200 },
	{ operationId: 'get_profile', method: 'GET', path: () => `/api/profiles/${EXAMPLE_PROFILE_ID}`, status: 200 },
	{
		operationId: 'create_profile', method: 'POST', path: () => '/api/profiles', status: 201,
		body: () => exampleRequestBody('create_profile'),
		wrongType: { mutate: (b: Loose) => (b.data.attributes.location.city = 5), pointer: '/data/attributes/location/city' },
	},
	{
		operationId: 'update_profile', method: 'PATCH', path: () => `/api/profiles/${EXAMPLE_PROFILE_ID}`, status: 200,
		body: () => exampleRequestBody('update_profile'),
		wrongType: { mutate: (b: Loose) => (b.data.attributes.properties = 'pseudonym'), pointer: '/data/attributes/properties' },
	},
	{
		operationId: 'create_or_update_profile', method: 'POST', path: () => '/api/profile-import', status: 201,
		body: () => exampleRequestBody('create_or_update_profile'),
		wrongType: { mutate: (b: Loose) => (b.data.meta.patch_properties.unset = 5), pointer: '/data/meta/patch_properties/unset' },
	},
	{
		operationId: 'bulk_import_profiles', method: 'POST', path: () => '/api/profile-bulk-import-jobs', status: 202,
		body: () => exampleRequestBody('bulk_import_profiles'),
		wrongType: { mutate: (b: Loose) => (b.data.attributes.profiles.data[0].attributes.email = 5), pointer: '/data/attributes/profiles/data/0/attributes/email' },
	},
	{ operationId: 'get_bulk_import_profiles_job', method: 'GET', path: async (d) => `/api/profile-bulk-import-jobs/${await importJobId(d)}`, status: 200 },
	{ operationId: 'get_errors_for_bulk_import_profiles_job', method: 'GET', path: async (d) => `/api/profile-bulk-import-jobs/${await importJobId(d)}/import-errors`, status: 200 },
	{ operationId: 'get_profiles_for_bulk_import_profiles_job', method: 'GET', path: async (d) => `/api/profile-bulk-import-jobs/${await importJobId(d)}/profiles`, status: 200 },
	{ operationId: 'get_lists', method: 'GET', path: () => '/api/lists', status: 200 },
	{ operationId: 'get_list', method: 'GET', path: () => '/api/lists/Y6nRLr', status: 200 },
	{
		// The spec has no example id here; the example profile's id stands in.
		operationId: 'add_profiles_to_list', method: 'POST', path: () => '/api/lists/Y6nRLr/relationships/profiles', status: 204,
		body: () => ({ data: [{ type: 'profile', id: EXAMPLE_PROFILE_ID }] }),
		wrongType: { mutate: (b: Loose) => (b.data[0].id = 5), pointer: '/data/0/id' },
	},
	{
		operationId: 'remove_profiles_from_list', method: 'DELETE', path: () => '/api/lists/Y6nRLr/relationships/profiles', status: 204,
		body: () => ({ data: [{ type: 'profile', id: EXAMPLE_PROFILE_ID }] }),
		wrongType: { mutate: (b: Loose) => (b.data[0].type = 7), pointer: '/data/0/type' },
	},
	{
		operationId: 'bulk_subscribe_profiles', method: 'POST', path: () => '/api/profile-subscription-bulk-create-jobs', status: 202,
		body: () => exampleRequestBody('bulk_subscribe_profiles'),
		wrongType: {
			mutate: (b: Loose) => (b.data.attributes.profiles.data[0].attributes.subscriptions.sms.marketing.consent = true),
			pointer: '/data/attributes/profiles/data/0/attributes/subscriptions/sms/marketing/consent',
		},
	},
	{
		operationId: 'bulk_unsubscribe_profiles', method: 'POST', path: () => '/api/profile-subscription-bulk-delete-jobs', status: 202,
		body: () => exampleRequestBody('bulk_unsubscribe_profiles'),
		wrongType: { mutate: (b: Loose) => (b.data.attributes.profiles.data = {}), pointer: '/data/attributes/profiles/data' },
	},
	{
		operationId: 'create_event', method: 'POST', path: () => '/api/events', status: 202,
		body: () => exampleRequestBody('create_event'),
		wrongType: { mutate: (b: Loose) => (b.data.attributes.value = '9.99'), pointer: '/data/attributes/value' },
	},
	{
		operationId: 'bulk_create_events', method: 'POST', path: () => '/api/event-bulk-create-jobs', status: 202,
		body: () => exampleRequestBody('bulk_create_events'),
		wrongType: {
			mutate: (b: Loose) => (b.data.attributes['events-bulk-create'].data[0].attributes.events.data[0].attributes.metric.data.attributes.name = 7),
			pointer: '/data/attributes/events-bulk-create/data/0/attributes/events/data/0/attributes/metric/data/attributes/name',
		},
	},
];

describeNeedsSpec('request contract, per endpoint', () => {
	const getDouble = useDouble();

	describe.each(CASES.filter((c) => c.body && OWN_CONTRACT_OPERATIONS.includes(c.operationId)))('own facts for $operationId', (c) => {
		// ownContract.ts is what checks requests when the spec is absent: it must never refuse what Klaviyo accepts,
		// and must point where Klaviyo points for the wrong types the nodes could send.
		test("the spec's example body passes, and a wrong type is caught at the spec's pointer", () => {
			expect(checkBodyByOwnContract(c.operationId, c.body!())).toBeNull();
			if (!c.wrongType) return;
			const broken = c.body!();
			c.wrongType.mutate(broken);
			expect(checkBodyByOwnContract(c.operationId, broken)?.pointer).toBe(c.wrongType.pointer);
		});
	});

	beforeEach(() => seedExampleIds(getDouble()));

	describe.each(CASES)('$operationId', (c) => {
		const send = async (options: Parameters<typeof call>[3] = {}) => {
			const double = getDouble();
			const result = await call(double, c.method, await c.path(double), { body: c.body?.(), ...options });
			expect(specViolations(c.operationId, result)).toEqual([]);
			return result;
		};

		test(`a request built from the spec's examples is accepted (${c.status})`, async () => {
			const result = await send();
			expect(result.status).toBe(c.status);
			if (c.status === 202 || c.status === 204) {
				if (c.operationId !== 'bulk_import_profiles') expect(result.text).toBe('');
			}
		});

		test('without the revision header: 400 naming the revision parameter', async () => {
			const result = await send({ revision: null });
			expect(result.status).toBe(400);
			expect(result.body.errors[0]).toMatchObject({ status: 400, code: 'invalid', source: { parameter: 'revision' } });
		});

		test.each([
			['no Authorization header', null, 'Authentication credentials were not provided.'],
			['a Token scheme', 'Token pk_abc', 'Missing or invalid authorization scheme. Please use Klaviyo-API-Key.'],
			['a key without the scheme', 'pk_abc', 'Missing or invalid authorization scheme. Please use Klaviyo-API-Key.'],
		])('with %s: 401 not_authenticated', async (_label, auth, detail) => {
			const result = await send({ auth });
			expect(result.status).toBe(401);
			expect(result.body.errors[0]).toMatchObject({ status: 401, code: 'not_authenticated', detail });
		});

		test('an unknown query parameter: 400 with source.parameter', async () => {
			const result = await send({ query: { 'page[sise]': '5' } });
			expect(result.status).toBe(400);
			expect(result.body.errors[0]).toMatchObject({ code: 'invalid', title: 'Invalid input.', source: { parameter: 'page[sise]' } });
		});

		if (c.wrongType) {
			const { mutate, pointer } = c.wrongType;
			test(`a wrong type at ${pointer}: 400 pointing there`, async () => {
				const body = c.body!();
				mutate(body);
				const result = await send({ body });
				expect(result.status).toBe(400);
				expect(result.body.errors[0]).toMatchObject({ status: 400, code: 'invalid', title: 'Invalid input.', source: { pointer } });
				expect(result.body.errors[0].detail).toEqual(expect.any(String));
			});

			test('an unknown field: 400 "not a valid field" pointing at it', async () => {
				const body = c.body!() as Loose;
				const target = Array.isArray(body.data) ? body.data[0] : body.data.attributes;
				target.nickname = 'x';
				const result = await send({ body });
				expect(result.status).toBe(400);
				const pointer = Array.isArray(body.data) ? '/data/0/nickname' : '/data/attributes/nickname';
				expect(result.body.errors[0]).toMatchObject({ code: 'invalid', source: { pointer } });
				expect(result.body.errors[0].detail).toMatch(/^'nickname' is not a valid field for the resource '/);
			});

			test('a body sent as text/plain: 415', async () => {
				const result = await send({ contentType: 'text/plain' });
				expect(result.status).toBe(415);
				expect(result.body.errors[0]).toMatchObject({ code: 'unsupported_media_type' });
			});

			test('a body that is not JSON: 400 parse_error', async () => {
				const result = await send({ raw: '{"data":' });
				expect(result.status).toBe(400);
				expect(result.body.errors[0]).toMatchObject({ code: 'parse_error' });
			});
		}
	});
});

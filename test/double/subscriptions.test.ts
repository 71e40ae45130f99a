import { call, settleJobs, specViolations, useDouble } from './support/harness';
import { KlaviyoDouble } from './types';

const SINGLE = 'Xk3Nws';
const DOUBLE = 'Dbl9Af';

interface SubscribeOptions {
	list?: string;
	historical?: boolean;
	subscriptions?: Record<string, unknown>;
}

function subscribeBody(profiles: Array<Record<string, unknown>>, options: SubscribeOptions = {}) {
	const subscriptions = options.subscriptions ?? { email: { marketing: { consent: 'SUBSCRIBED' } } };
	return {
		data: {
			type: 'profile-subscription-bulk-create-job',
			attributes: {
				...(options.historical !== undefined ? { historical_import: options.historical } : {}),
				profiles: { data: profiles.map((attributes) => ({ type: 'profile', attributes: { subscriptions, ...attributes } })) },
			},
			...(options.list ? { relationships: { list: { data: { type: 'list', id: options.list } } } } : {}),
		},
	};
}

const subscribe = (double: KlaviyoDouble, profiles: Array<Record<string, unknown>>, options?: SubscribeOptions) =>
	call(double, 'POST', '/api/profile-subscription-bulk-create-jobs', { body: subscribeBody(profiles, options) });

const profileByEmail = (double: KlaviyoDouble, email: string) => double.state().profiles.find((p) => p.attributes.email === email);
const list = (double: KlaviyoDouble, id: string) => double.state().lists.find((l) => l.id === id)!;

describe('subscriptions', () => {
	const getDouble = useDouble();

	test('single opt-in list: 202 with an empty body, then member and subscribed (profile created)', async () => {
		const double = getDouble();
		const result = await subscribe(double, [{ email: 'sol@example.com' }], { list: SINGLE });
		expect(result.status).toBe(202);
		expect(result.text).toBe('');
		await settleJobs(double);
		const profile = profileByEmail(double, 'sol@example.com')!;
		expect(profile.subscriptions.email.marketing).toMatchObject({ consent: 'SUBSCRIBED', method: 'API', double_optin: false });
		expect(list(double, SINGLE).members).toEqual([profile.id]);
	});

	test('double opt-in list: pending (not a member, not subscribed) until confirmPending', async () => {
		const double = getDouble();
		await subscribe(double, [{ email: 'dee@example.com' }], { list: DOUBLE });
		await settleJobs(double);
		const profile = profileByEmail(double, 'dee@example.com')!;
		expect(profile.subscriptions.email.marketing.consent).toBe('NEVER_SUBSCRIBED');
		expect(list(double, DOUBLE)).toMatchObject({ members: [], pending: [{ profile_id: profile.id, channels: ['email.marketing'] }] });
		expect(double.confirmPending(DOUBLE)).toBe(1);
		expect(list(double, DOUBLE)).toMatchObject({ members: [profile.id], pending: [] });
		expect(profileByEmail(double, 'dee@example.com')!.subscriptions.email.marketing).toMatchObject({ consent: 'SUBSCRIBED', double_optin: true });
		expect(double.confirmPending()).toBe(0);
	});

	test('a confirmed member of a double opt-in list who subscribes again has nothing left to confirm', async () => {
		const double = getDouble();
		double.seed({ profiles: [{ id: 'IN', attributes: { email: 'in@example.com' }, lists: [DOUBLE], subscriptions: { 'email.marketing': 'SUBSCRIBED' } }] });
		await subscribe(double, [{ email: 'in@example.com' }], { list: DOUBLE });
		await settleJobs(double);
		expect(list(double, DOUBLE)).toMatchObject({ members: ['IN'], pending: [] });
	});

	test('historical_import with consented_at in the past bypasses double opt-in', async () => {
		const double = getDouble();
		const subscriptions = { email: { marketing: { consent: 'SUBSCRIBED', consented_at: '2023-05-01T10:00:00+00:00' } } };
		const result = await subscribe(double, [{ email: 'hist@example.com' }], { list: DOUBLE, historical: true, subscriptions });
		expect(result.status).toBe(202);
		await settleJobs(double);
		const profile = profileByEmail(double, 'hist@example.com')!;
		expect(profile.subscriptions.email.marketing).toMatchObject({ consent: 'SUBSCRIBED', consented_at: '2023-05-01T10:00:00+00:00', historical_import: true });
		expect(list(double, DOUBLE).members).toEqual([profile.id]);
	});

	const pointer = '/data/attributes/profiles/data/0/attributes';
	test.each([
		[
			'historical_import without consented_at',
			{ historical: true },
			`${pointer}/subscriptions/email/marketing/consented_at`,
			'Historical email subscription does not have a valid consented_at timestamp.',
		],
		[
			'historical_import with consented_at in the future',
			{ historical: true, subscriptions: { email: { marketing: { consent: 'SUBSCRIBED', consented_at: '2999-01-01T00:00:00Z' } } } },
			`${pointer}/subscriptions/email/marketing/consented_at`,
			'Historical email subscription does not have a valid consented_at timestamp.',
		],
		[
			'consented_at without historical_import',
			{ subscriptions: { email: { marketing: { consent: 'SUBSCRIBED', consented_at: '2023-05-01T10:00:00Z' } } } },
			`${pointer}/subscriptions/email/marketing/consented_at`,
			expect.stringContaining('historical_import'),
		],
	])('%s: 400', async (_label, options, expectedPointer, detail) => {
		const result = await subscribe(getDouble(), [{ email: 'x@example.com' }], { list: SINGLE, ...options });
		expect(result.status).toBe(400);
		expect(result.body.errors[0]).toMatchObject({ code: 'invalid', source: { pointer: expectedPointer }, detail });
		expect(specViolations('bulk_subscribe_profiles', result)).toEqual([]);
	});

	test.each([
		['SMS without a phone_number', { email: 's@example.com' }, "'phone_number' must not be empty when the sms channel is included in 'subscriptions'."],
		['SMS with a non-E.164 phone_number', { phone_number: '(500) 555-0006' }, 'Invalid phone number format (Example of a valid format: +12345678901)'],
	])('%s: 400 at phone_number', async (_label, attributes, detail) => {
		const double = getDouble();
		const result = await subscribe(double, [attributes], { subscriptions: { sms: { marketing: { consent: 'SUBSCRIBED' } } } });
		expect(result.status).toBe(400);
		expect(result.body.errors[0]).toMatchObject({ source: { pointer: `${pointer}/phone_number` }, detail });
		expect(double.state().jobs).toHaveLength(0);
	});

	test('SMS with an E.164 phone and no list: subscribed at account level, no membership', async () => {
		const double = getDouble();
		const subscriptions = { sms: { marketing: { consent: 'SUBSCRIBED' }, transactional: { consent: 'SUBSCRIBED' } } };
		await subscribe(double, [{ phone_number: '+15005550006' }], { subscriptions });
		await settleJobs(double);
		const [profile] = double.state().profiles;
		expect(profile.subscriptions.sms.marketing.consent).toBe('SUBSCRIBED');
		expect(profile.subscriptions.sms.transactional.consent).toBe('SUBSCRIBED');
		expect(double.state().lists.every((l) => l.members.length === 0)).toBe(true);
	});

	test('an unknown list: 404 pointing at the relationship; more than 1000 profiles: 400', async () => {
		const double = getDouble();
		const noList = await subscribe(double, [{ email: 'a@example.com' }], { list: 'NOPE' });
		expect(noList.status).toBe(404);
		expect(noList.body.errors[0].source).toEqual({ pointer: '/data/relationships/list/data/id' });
		const tooMany = await subscribe(double, Array.from({ length: 1001 }, (_, i) => ({ email: `m${i}@example.com` })));
		expect(tooMany.status).toBe(400);
	});

	describe('unsubscribe', () => {
		const unsubscribe = (double: KlaviyoDouble, email: string, listId?: string) =>
			call(double, 'POST', '/api/profile-subscription-bulk-delete-jobs', {
				body: {
					data: {
						type: 'profile-subscription-bulk-delete-job',
						attributes: { profiles: { data: [{ type: 'profile', attributes: { email, subscriptions: { email: { marketing: { consent: 'UNSUBSCRIBED' } } } } }] } },
						...(listId ? { relationships: { list: { data: { type: 'list', id: listId } } } } : {}),
					},
				},
			});

		test('a member of the given list leaves it and keeps global consent', async () => {
			const double = getDouble();
			double.seed({ profiles: [{ id: 'U', attributes: { email: 'u@example.com' }, lists: [SINGLE], subscriptions: { 'email.marketing': 'SUBSCRIBED' } }] });
			expect((await unsubscribe(double, 'u@example.com', SINGLE)).status).toBe(202);
			await settleJobs(double);
			const profile = profileByEmail(double, 'u@example.com')!;
			expect(list(double, SINGLE).members).toEqual([]);
			expect(profile.subscriptions.email.marketing.consent).toBe('SUBSCRIBED');
			expect(profile.subscriptions.email_list_suppressions).toEqual([expect.objectContaining({ list_id: SINGLE })]);
		});

		test('a profile not in the list is unsubscribed globally (the OAS warning)', async () => {
			const double = getDouble();
			double.seed({ profiles: [{ id: 'G', attributes: { email: 'g@example.com' }, subscriptions: { 'email.marketing': 'SUBSCRIBED' } }] });
			await unsubscribe(double, 'g@example.com', SINGLE);
			await settleJobs(double);
			const profile = profileByEmail(double, 'g@example.com')!;
			expect(profile.subscriptions.email.marketing.consent).toBe('UNSUBSCRIBED');
			expect(profile.subscriptions.email_suppressions).toEqual([expect.objectContaining({ reason: 'UNSUBSCRIBE' })]);
		});

		test('more than 100 profiles per unsubscribe call: 400', async () => {
			const profiles = Array.from({ length: 101 }, (_, i) => ({
				type: 'profile',
				attributes: { email: `u${i}@example.com`, subscriptions: { email: { marketing: { consent: 'UNSUBSCRIBED' } } } },
			}));
			const result = await call(getDouble(), 'POST', '/api/profile-subscription-bulk-delete-jobs', {
				body: { data: { type: 'profile-subscription-bulk-delete-job', attributes: { profiles: { data: profiles } } } },
			});
			expect(result.status).toBe(400);
			expect(result.body.errors[0].source).toEqual({ pointer: '/data/attributes/profiles/data' });
		});

		test('subscribing again lifts the UNSUBSCRIBE suppression', async () => {
			const double = getDouble();
			double.seed({ profiles: [{ id: 'R', attributes: { email: 'r@example.com' }, subscriptions: { 'email.marketing': 'UNSUBSCRIBED' } }] });
			await subscribe(double, [{ email: 'r@example.com' }], { list: SINGLE });
			await settleJobs(double);
			const profile = profileByEmail(double, 'r@example.com')!;
			expect(profile.subscriptions.email.marketing.consent).toBe('SUBSCRIBED');
			expect(profile.subscriptions.email_suppressions).toEqual([]);
		});
	});
});

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { KlaviyoAddToList } from '../../nodes/KlaviyoAddToList/KlaviyoAddToList.node';
import type { KlaviyoDouble } from '../double/types';
import { apiKeyCredential, callsByOperation, expectNoResponseViolations, runWithApiKey, useKlaviyoDouble } from './support';
import { loadOptionsContext } from '../harness/loadOptions';

const getDouble = useKlaviyoDouble({ seedLists: false });

const SINGLE = 'SINGLE1';
const DOUBLE = 'DOUBLE1';

function seedLists(double: KlaviyoDouble) {
	double.seed({
		lists: [
			{ id: SINGLE, name: 'Affiliates', opt_in_process: 'single_opt_in' },
			{ id: DOUBLE, name: 'Affiliate Newsletter', opt_in_process: 'double_opt_in' },
		],
	});
}

const run = (double: KlaviyoDouble, parameters: INodeParameters, items: IDataObject[], continueOnFail = false) =>
	runWithApiKey(
		double,
		new KlaviyoAddToList(),
		{ email: '={{ $json.email ?? "" }}', phoneNumber: '={{ $json.phone ?? "" }}', ...parameters },
		items,
		continueOnFail,
	);

const list = (id: string) => ({ __rl: true, mode: 'id', value: id });
const stateList = (double: KlaviyoDouble, id: string) => double.state().lists.find((l) => l.id === id)!;
const idOf = (double: KlaviyoDouble, email: string) => double.state().profiles.find((p) => p.attributes.email === email)?.id;

describe('actions', () => {
	test('add: existing and new people become members; consent does not change', async () => {
		const double = getDouble();
		seedLists(double);
		double.seed({ profiles: [{ id: 'P1', attributes: { email: 'p1@example.com' } }] });
		const { output, error } = await run(double, { list: list(SINGLE), action: 'add' }, [
			{ email: 'p1@example.com' },
			{ email: 'new@example.com' },
		]);
		expect(error).toBeUndefined();
		expect(output.map((o) => o.json.status)).toEqual(['added', 'added']);
		expect(output[0].json).toMatchObject({ listId: SINGLE, listName: 'Affiliates', profileId: 'P1' });
		expect(stateList(double, SINGLE).members.sort()).toEqual(['P1', idOf(double, 'new@example.com')].sort());
		const p1 = double.state().profiles.find((p) => p.id === 'P1')!;
		expect(p1.subscriptions.email.marketing.consent).not.toBe('SUBSCRIBED');
		expectNoResponseViolations(double);
	});

	test('add with Create Missing Profiles off: a person not in Klaviyo is an item error', async () => {
		const double = getDouble();
		seedLists(double);
		const { output } = await run(
			double,
			{ list: list(SINGLE), action: 'add', options: { createMissing: false } },
			[{ email: 'ghost@example.com' }],
			true,
		);
		expect(output[0].json.error).toMatch(/No Klaviyo profile with email ghost@example.com/);
		expect(double.state().profiles).toHaveLength(0);
	});

	test('subscribe on a single opt-in list: subscribed and a member', async () => {
		const double = getDouble();
		seedLists(double);
		const { output } = await run(double, { list: list(SINGLE), action: 'subscribe', channels: ['emailMarketing'] }, [
			{ email: 's@example.com' },
		]);
		expect(output[0].json).toMatchObject({ status: 'subscribed', channels: ['emailMarketing'] });
		await waitForJobs(double);
		const profile = double.state().profiles.find((p) => p.attributes.email === 's@example.com')!;
		expect(profile.subscriptions.email.marketing.consent).toBe('SUBSCRIBED');
		expect(stateList(double, SINGLE).members).toContain(profile.id);
	});

	test('subscribe on a double opt-in list: pending confirmation, not subscribed', async () => {
		const double = getDouble();
		seedLists(double);
		const { output } = await run(double, { list: list(DOUBLE), action: 'subscribe' }, [{ email: 'd@example.com' }]);
		expect(output[0].json.status).toBe('pending_confirmation');
		await waitForJobs(double);
		const listState = stateList(double, DOUBLE);
		expect(listState.members).toHaveLength(0);
		expect(listState.pending).toHaveLength(1);
		expect(double.confirmPending(DOUBLE)).toBe(1);
	});

	test('historical import on a double opt-in list subscribes at once, with the consent date', async () => {
		const double = getDouble();
		seedLists(double);
		const { output } = await run(
			double,
			{ list: list(DOUBLE), action: 'subscribe', historicalImport: true, consentedAt: '2024-05-01T12:00:00Z' },
			[{ email: 'h@example.com' }],
		);
		expect(output[0].json.status).toBe('subscribed');
		await waitForJobs(double);
		const profile = double.state().profiles.find((p) => p.attributes.email === 'h@example.com')!;
		expect(profile.subscriptions.email.marketing).toMatchObject({ consent: 'SUBSCRIBED', historical_import: true });
	});

	test('add and remove on a double opt-in list: membership changes at once, no confirmation, no consent', async () => {
		const double = getDouble();
		seedLists(double);
		const added = await run(double, { list: list(DOUBLE), action: 'add' }, [{ email: 'dbl@example.com' }]);
		expect(added.output[0].json).toMatchObject({ status: 'added', listId: DOUBLE });
		const id = idOf(double, 'dbl@example.com')!;
		expect(stateList(double, DOUBLE)).toMatchObject({ members: [id], pending: [] });
		const removed = await run(double, { list: list(DOUBLE), action: 'remove' }, [{ email: 'dbl@example.com' }]);
		expect(removed.output[0].json).toMatchObject({ status: 'removed', profileId: id });
		expect(stateList(double, DOUBLE).members).toEqual([]);
		const profile = double.state().profiles.find((p) => p.id === id)!;
		expect(profile.subscriptions.email.marketing.consent).not.toBe('SUBSCRIBED');
	});

	test('SMS marketing and transactional: subscribed with the E.164 phone and the consent source', async () => {
		const double = getDouble();
		seedLists(double);
		const { output } = await run(
			double,
			{ list: list(SINGLE), action: 'subscribe', channels: ['smsMarketing', 'smsTransactional'], consentSource: 'Refersion signup form' },
			[{ email: 'sms@example.com', phone: '+1 (415) 555-0199' }],
		);
		expect(output[0].json).toMatchObject({ status: 'subscribed', channels: ['smsMarketing', 'smsTransactional'] });
		await waitForJobs(double);
		const profile = double.state().profiles.find((p) => p.attributes.email === 'sms@example.com')!;
		expect(profile.attributes.phone_number).toBe('+14155550199');
		expect(profile.subscriptions.sms.marketing).toMatchObject({ consent: 'SUBSCRIBED', method_detail: 'Refersion signup form' });
		expect(profile.subscriptions.sms.transactional.consent).toBe('SUBSCRIBED');
		expect(profile.subscriptions.email.marketing.consent).not.toBe('SUBSCRIBED');
	});

	test('remove: members leave the list; unknown people are reported, not created', async () => {
		const double = getDouble();
		seedLists(double);
		double.seed({ profiles: [{ id: 'P1', attributes: { email: 'p1@example.com' }, lists: [SINGLE] }] });
		const { output } = await run(double, { list: list(SINGLE), action: 'remove' }, [
			{ email: 'p1@example.com' },
			{ email: 'nobody@example.com' },
		]);
		expect(output.map((o) => o.json.status)).toEqual(['removed', 'not_found']);
		expect(stateList(double, SINGLE).members).toEqual([]);
		expect(double.state().profiles).toHaveLength(1);
	});
});

describe('clear item errors', () => {
	test.each([
		[{ action: 'subscribe', channels: ['smsMarketing'] }, { email: 'a@example.com' }, /"Phone Number".*E\.164/],
		[{ action: 'subscribe', historicalImport: true, consentedAt: '2099-01-01T00:00:00Z' }, { email: 'a@example.com' }, /"Consented At".*past/],
		[{ action: 'add' }, { email: 'bad@' }, /"Email"/],
	])('%j with %j', async (parameters, item, message) => {
		const double = getDouble();
		seedLists(double);
		const { output } = await run(double, { list: list(SINGLE), ...parameters }, [item], true);
		expect(output[0].json.error).toMatch(message);
		expect(output[0].json.error).toContain('item 1');
	});

	test('list not found names the id', async () => {
		const double = getDouble();
		seedLists(double);
		const { output } = await run(double, { list: list('NOPE42'), action: 'add' }, [{ email: 'a@example.com' }], true);
		expect(output[0].json.error).toMatch(/no list with ID NOPE42/);
	});

	test('a list URL is accepted', async () => {
		const double = getDouble();
		seedLists(double);
		const { output } = await run(
			double,
			{ list: { __rl: true, mode: 'url', value: `https://www.klaviyo.com/list/${SINGLE}/members` }, action: 'add' },
			[{ email: 'u@example.com' }],
		);
		expect(output[0].json).toMatchObject({ status: 'added', listId: SINGLE });
	});
});

describe('list picker', () => {
	beforeEach(() => {
		getDouble().seed({
			lists: Array.from({ length: 23 }, (_, i) => ({
				id: `L${String(i).padStart(2, '0')}`,
				name: `${i % 2 ? 'Affiliates' : 'Customers'} ${String(i).padStart(2, '0')}`,
				opt_in_process: i % 3 === 0 ? ('double_opt_in' as const) : ('single_opt_in' as const),
			})),
		});
	});

	test('pages through every list, 10 at a time, showing the opt-in process', async () => {
		const double = getDouble();
		const node = new KlaviyoAddToList();
		const context = loadOptionsContext(node, { authentication: 'apiKey' }, [apiKeyCredential(double)]);
		const names: string[] = [];
		let token: string | undefined;
		let pages = 0;
		do {
			const page = await node.methods.listSearch.searchLists.call(context, undefined, token);
			names.push(...page.results.map((r) => r.name));
			expect(page.results.length).toBeLessThanOrEqual(10);
			token = page.paginationToken as string | undefined;
			pages++;
		} while (token);
		expect(pages).toBe(3);
		expect(names).toHaveLength(23);
		expect(names).toContain('Customers 00 (double opt-in)');
		expect(names).toContain('Affiliates 01 (single opt-in)');
	});

	test('a search term filters across pages', async () => {
		const double = getDouble();
		const node = new KlaviyoAddToList();
		const context = loadOptionsContext(node, { authentication: 'apiKey' }, [apiKeyCredential(double)]);
		const seen: string[] = [];
		let token: string | undefined;
		do {
			const page = await node.methods.listSearch.searchLists.call(context, 'affil', token);
			seen.push(...page.results.map((r) => r.name));
			token = page.paginationToken as string | undefined;
		} while (token);
		expect(seen).toHaveLength(11);
		expect(seen.every((name) => name.startsWith('Affiliates'))).toBe(true);
	});
});

describe('batches', () => {
	test('2,500 people: at most 25 reads and 3 membership calls (add)', async () => {
		const double = getDouble();
		seedLists(double);
		double.seed({ profiles: Array.from({ length: 2500 }, (_, i) => ({ attributes: { email: `m${i}@example.com` } })) });
		const items = Array.from({ length: 2500 }, (_, i) => ({ email: `m${i}@example.com` }));
		const { output, error } = await run(double, { list: list(SINGLE), action: 'add' }, items);
		expect(error).toBeUndefined();
		expect(output).toHaveLength(2500);
		expect(output.every((o) => o.json.status === 'added')).toBe(true);
		const calls = callsByOperation(double.requests());
		expect(calls.get_profiles).toBeLessThanOrEqual(25);
		expect(calls.add_profiles_to_list).toBeLessThanOrEqual(3);
		expect(stateList(double, SINGLE).members).toHaveLength(2500);
	});

	test('2,500 people: at most 3 subscription jobs', async () => {
		const double = getDouble();
		seedLists(double);
		const items = Array.from({ length: 2500 }, (_, i) => ({ email: `s${i}@example.com` }));
		const { output } = await run(double, { list: list(SINGLE), action: 'subscribe' }, items);
		expect(output.every((o) => o.json.status === 'subscribed')).toBe(true);
		expect(callsByOperation(double.requests()).bulk_subscribe_profiles).toBeLessThanOrEqual(3);
	});

	test('faults mid-batch lose nothing', async () => {
		const double = getDouble();
		seedLists(double);
		double.seed({ profiles: Array.from({ length: 1500 }, (_, i) => ({ attributes: { email: `f${i}@example.com` } })) });
		double.setFaults([
			{ operationId: 'get_profiles', fault: { kind: 'status', status: 503 }, times: 2 },
			{ operationId: 'add_profiles_to_list', fault: { kind: 'throttle', retryAfterSeconds: 1 }, times: 1 },
			{ operationId: 'add_profiles_to_list', fault: { kind: 'connection-reset' }, times: 1 },
		]);
		const items = Array.from({ length: 1500 }, (_, i) => ({ email: `f${i}@example.com` }));
		const { output, error } = await run(double, { list: list(SINGLE), action: 'add' }, items);
		expect(error).toBeUndefined();
		expect(output.filter((o) => o.json.status === 'added')).toHaveLength(1500);
		expect(stateList(double, SINGLE).members).toHaveLength(1500);
	});
});

/** Subscription jobs take simulated time in the double before their effects show. */
async function waitForJobs(double: KlaviyoDouble): Promise<void> {
	for (let i = 0; i < 100 && double.state().jobs.some((job) => job.status !== 'complete'); i++) {
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

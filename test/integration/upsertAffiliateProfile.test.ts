import { KlaviyoUpsertAffiliateProfile } from '../../nodes/KlaviyoUpsertAffiliateProfile/KlaviyoUpsertAffiliateProfile.node';
import type { KlaviyoDouble } from '../double/types';
import { callsByOperation, expectNoResponseViolations, runWithApiKey, useKlaviyoDouble } from './support';
import { profileByEmail, upsert } from './upsertSupport';

const getDouble = useKlaviyoDouble();

function seedAnn(double: KlaviyoDouble) {
	double.seed({
		profiles: [
			{
				id: 'ANN',
				attributes: { email: 'ann@example.com', first_name: 'Ann', organization: 'Acme', properties: { plan: 'pro' } },
			},
		],
	});
}

describe('merge modes', () => {
	test.each([
		['fillEmpty', 'perItem'],
		['keepExisting', 'perItem'],
		['overwriteSelected', 'perItem'],
		['fillEmpty', 'bulk'],
		['keepExisting', 'bulk'],
		['overwriteSelected', 'bulk'],
	])('a new profile gets every field in %s mode (%s), with the affiliate properties under a custom prefix', async (mergeMode, batchMode) => {
		const double = getDouble();
		const { output, error } = await upsert(
			double,
			[{ email: 'new@example.com', phone: '+15555550142', first: 'Nia', last: 'Lee', link: 'https://shop.example/r/nia', coupon: 'NIA10' }],
			{ mergeMode, overwriteFields: ['organization'], options: { batchMode, bulkPollIntervalMs: 50, propertyPrefix: 'Partner ' } },
		);
		expect(error).toBeUndefined();
		expect(output[0].json).toMatchObject({ status: 'created' });
		expect(profileByEmail(double, 'new@example.com')!.attributes).toMatchObject({
			first_name: 'Nia',
			last_name: 'Lee',
			phone_number: '+15555550142',
			properties: { 'Partner Referral Link': 'https://shop.example/r/nia', 'Partner Coupon Code': 'NIA10' },
		});
	});

	test('a new profile gets every field, and the affiliate properties under the prefix', async () => {
		const double = getDouble();
		const { output, error } = await upsert(double, [
			{ email: 'new@example.com', first: 'Nia', last: 'Lee', link: 'https://shop.example/r/nia', coupon: 'NIA10' },
		]);
		expect(error).toBeUndefined();
		expect(output).toHaveLength(1);
		expect(output[0].json).toMatchObject({ status: 'created', email: 'new@example.com' });
		const profile = profileByEmail(double, 'new@example.com')!;
		expect(profile.attributes).toMatchObject({ first_name: 'Nia', last_name: 'Lee' });
		expect(profile.attributes.properties).toMatchObject({
			'Affiliate Referral Link': 'https://shop.example/r/nia',
			'Affiliate Coupon Code': 'NIA10',
		});
		expect(output[0].json.profileId).toBe(profile.id);
		expectNoResponseViolations(double);
	});

	test.each([
		// mode, overwrite, expected first_name, expected last_name
		['fillEmpty', [], 'Ann', 'Lee'],
		['keepExisting', [], 'Ann', null],
		['overwriteSelected', ['first_name'], 'Anna', null],
	])('%s on an existing profile (overwrite %j)', async (mode, overwriteFields, firstName, lastName) => {
		const double = getDouble();
		seedAnn(double);
		const { output, error } = await upsert(
			double,
			[{ email: 'ann@example.com', first: 'Anna', last: 'Lee', link: 'https://shop.example/r/ann', coupon: 'ANN10' }],
			{ mergeMode: mode, overwriteFields },
		);
		expect(error).toBeUndefined();
		expect(output[0].json).toMatchObject({ status: 'updated', profileId: 'ANN' });
		const profile = profileByEmail(double, 'ann@example.com')!;
		expect(profile.attributes.first_name).toBe(firstName);
		expect(profile.attributes.last_name).toBe(lastName);
		// Untouched in every mode: what the brand already knew, and properties the node never named.
		expect(profile.attributes.organization).toBe('Acme');
		expect(profile.attributes.properties).toMatchObject({ plan: 'pro', 'Affiliate Referral Link': 'https://shop.example/r/ann' });
		expect(Object.keys(output[0].json.kept as object).length).toBeGreaterThan(0);
	});

	test('empty incoming values never clear Klaviyo data', async () => {
		const double = getDouble();
		seedAnn(double);
		await upsert(double, [{ email: 'ann@example.com', first: '', link: 'https://shop.example/r/ann' }], {
			mergeMode: 'overwriteSelected',
			overwriteFields: ['first_name', 'organization'],
		});
		expect(profileByEmail(double, 'ann@example.com')!.attributes).toMatchObject({ first_name: 'Ann', organization: 'Acme' });
	});

	test.each([
		['keepExisting', 'per item', 'perItem'],
		['fillEmpty', 'per item', 'perItem'],
		['keepExisting', 'in bulk', 'bulk'],
	])('%s, only identifiers and affiliate properties (%s): a phone Klaviyo already has is kept', async (mergeMode, _how, batchMode) => {
		const double = getDouble();
		double.seed({ profiles: [{ id: 'ANN', attributes: { email: 'ann@example.com', phone_number: '+15555550000' } }] });
		// No standard field and no totals: still, the second identifier depends on what Klaviyo holds.
		const { output, error } = await runWithApiKey(
			double,
			new KlaviyoUpsertAffiliateProfile(),
			{ email: '={{ $json.email }}', phoneNumber: '={{ $json.phone }}', affiliateFields: ['referralLink'], referralLink: '={{ $json.link }}', mergeMode, options: { batchMode, bulkPollIntervalMs: 50 } },
			[{ email: 'ann@example.com', phone: '+15555551111', link: 'https://shop.example/r/ann' }],
		);
		expect(error).toBeUndefined();
		expect(output[0].json).toMatchObject({ profileId: 'ANN', status: 'updated', kept: { phone_number: { existing: '+15555550000' } } });
		expect(profileByEmail(double, 'ann@example.com')!.attributes).toMatchObject({
			phone_number: '+15555550000',
			properties: { 'Affiliate Referral Link': 'https://shop.example/r/ann' },
		});
	});

	test('one identifier and properties only, in bulk: no read, and the output says "upserted", not a guess', async () => {
		const double = getDouble();
		seedAnn(double);
		const { output } = await runWithApiKey(
			double,
			new KlaviyoUpsertAffiliateProfile(),
			{ email: '={{ $json.email }}', affiliateFields: ['referralLink'], referralLink: '={{ $json.link }}', options: { batchMode: 'bulk', bulkPollIntervalMs: 50 } },
			[{ email: 'ann@example.com', link: 'https://shop.example/r/ann' }],
		);
		expect(callsByOperation(double.requests()).get_profiles).toBeUndefined();
		expect(output[0].json).toMatchObject({ status: 'upserted', compared: false, write: 'bulk import job' });
		expect(profileByEmail(double, 'ann@example.com')!.attributes).toMatchObject({ first_name: 'Ann', properties: { 'Affiliate Referral Link': 'https://shop.example/r/ann' } });
	});

	test('nothing new for an existing profile: unchanged, and no write at all', async () => {
		const double = getDouble();
		seedAnn(double);
		const { output } = await upsert(double, [{ email: 'ann@example.com', first: 'Ann' }]);
		expect(output[0].json.status).toBe('unchanged');
		expect(callsByOperation(double.requests()).create_or_update_profile).toBeUndefined();
	});

	test('Preview Only computes the changes and writes nothing', async () => {
		const double = getDouble();
		seedAnn(double);
		const { output } = await upsert(double, [{ email: 'ann@example.com', last: 'Lee' }, { email: 'b@example.com', first: 'Bo' }], {
			options: { previewOnly: true },
		});
		expect(output.map((item) => item.json.status)).toEqual(['would update', 'would create']);
		expect(output[0].json.changes).toEqual({ last_name: { from: null, to: 'Lee' } });
		const calls = callsByOperation(double.requests());
		expect(Object.keys(calls)).toEqual(['get_profiles']);
	});
});

describe('bulk import path', () => {
	test('new and existing profiles in one job; an import error lands on its own item', async () => {
		const double = getDouble();
		seedAnn(double);
		double.seed({ profiles: [{ id: 'BO', attributes: { email: 'bo@example.com', phone_number: '+15555550123' } }] });
		const { output, error } = await upsert(
			double,
			[
				{ email: 'cy@example.com', first: 'Cy' },
				{ email: 'bo@example.com', last: 'Lee' },
				// Ann has no phone, so fill-empty sends this one — but it is Bo's: two different profiles.
				{ email: 'ann@example.com', phone: '+15555550123' },
			],
			{ options: { batchMode: 'bulk', bulkPollIntervalMs: 50 } },
			true,
		);
		expect(error).toBeUndefined();
		expect(output).toHaveLength(3);
		expect(output[0].json).toMatchObject({ status: 'created', write: 'bulk import job' });
		expect(output[1].json).toMatchObject({ status: 'updated', profileId: 'BO' });
		expect(output[2].json.error).toMatch(/bulk import rejected the profile with email ann@example.com and phone_number \+15555550123/);
		expect(output[2].pairedItem).toEqual({ item: 2 });
		expect(profileByEmail(double, 'cy@example.com')!.attributes.first_name).toBe('Cy');
		expect(profileByEmail(double, 'bo@example.com')!.attributes.last_name).toBe('Lee');
		expect(profileByEmail(double, 'ann@example.com')!.attributes.phone_number).toBeNull();
		const calls = callsByOperation(double.requests());
		expect(calls.bulk_import_profiles).toBe(1);
		expect(calls.create_or_update_profile).toBeUndefined();
	});
});

describe('conflicts and bad input', () => {
	test('409 duplicate_profile: an item error naming both identifiers and the other profile, never a merge', async () => {
		const double = getDouble();
		double.seed({
			profiles: [
				{ id: 'A1', attributes: { email: 'a@example.com' } },
				{ id: 'B1', attributes: { email: 'b@example.com', phone_number: '+15555550111' } },
			],
		});
		const { output } = await upsert(
			double,
			[
				// A1 has no phone, so fill-empty sends this one, which belongs to B1.
				{ email: 'a@example.com', phone: '+15555550111' },
				{ email: 'ok@example.com', first: 'Ok' },
			],
			{},
			true,
		);
		expect(output).toHaveLength(2);
		expect(output[0].json.error).toMatch(/email a@example\.com and phone_number \+15555550111 belong to two different Klaviyo profiles/);
		expect(output[0].json.error).toContain('B1');
		expect(output[1].json.status).toBe('created');
		const state = double.state().profiles;
		expect(state.find((p) => p.id === 'A1')!.attributes.phone_number).toBeNull();
		expect(state.find((p) => p.id === 'B1')!.attributes.email).toBe('b@example.com');
	});

	test.each([
		[{ email: 'not-an-email' }, 'Email'],
		[{ email: 'a@example.com', phone: '12' }, 'Phone Number'],
		[{ first: 'Nobody' }, 'Email'],
	])('bad input %j is an error item naming %s and the item; the rest go through', async (bad, field) => {
		const double = getDouble();
		const { output } = await upsert(double, [{ email: 'good@example.com', first: 'G' }, bad], {}, true);
		expect(output).toHaveLength(2);
		expect(output[0].json.status).toBe('created');
		expect(output[1].json.error).toContain(`"${field}"`);
		expect(output[1].json.error).toContain('item 2');
		expect(output[1].pairedItem).toEqual({ item: 1 });
	});

	test('without Continue On Fail a bad item stops the node before anything is written', async () => {
		const double = getDouble();
		const { error } = await upsert(double, [{ email: 'good@example.com' }, { email: 'bad' }]);
		expect(error?.message).toContain('"Email"');
		expect(double.requests()).toHaveLength(0);
	});
});

describe('referral totals', () => {
	const totals = {
		referralTotals: true,
		referralId: '={{ $json.conversion }}',
		referralCountMode: 'add',
		referralCountValue: 1,
		referralRevenueMode: 'add',
		referralRevenueValue: '={{ $json.amount }}',
		referralDateMode: 'add',
		referralDateValue: '={{ $json.at }}',
	};

	test('a replayed conversion is counted once, across runs', async () => {
		const double = getDouble();
		seedAnn(double);
		const item = { email: 'ann@example.com', conversion: 'C-1', amount: 59.9, at: '2026-03-01T10:00:00Z' };
		await upsert(double, [item], totals);
		await upsert(double, [item], totals);
		await upsert(double, [{ ...item, conversion: 'C-2', amount: 0.1, at: '2026-02-01T10:00:00Z' }], totals);
		const properties = profileByEmail(double, 'ann@example.com')!.attributes.properties;
		expect(properties['Affiliate Number of Successful Referrals']).toBe(2);
		expect(properties['Affiliate Total Successful Referral Revenue']).toBe(60);
		expect(properties['Affiliate Latest Successful Referral Date']).toBe('2026-03-01T10:00:00Z');
	});
});

describe('faults mid-batch', () => {
	test('429s and 503s are retried: every item written once, none lost', async () => {
		const double = getDouble();
		double.setFaults([
			{ operationId: 'create_or_update_profile', fault: { kind: 'throttle', retryAfterSeconds: 1 }, times: 3 },
			{ operationId: 'create_or_update_profile', fault: { kind: 'status', status: 503 }, share: 0.3, times: 6 },
		]);
		const items = Array.from({ length: 20 }, (_, i) => ({ email: `p${i}@example.com`, first: `P${i}` }));
		const { output, error } = await upsert(double, items);
		expect(error).toBeUndefined();
		expect(output.map((item) => item.json.status)).toEqual(items.map(() => 'created'));
		expect(double.state().profiles).toHaveLength(20);
		const faults = double.requests().filter((entry) => entry.fault);
		expect(faults.length).toBeGreaterThanOrEqual(3);
	});

	test('reads run side by side: a 429 holds them together instead of one Retry-After per read in turn', async () => {
		const double = getDouble();
		double.setFaults([{ operationId: 'get_profiles', fault: { kind: 'throttle', retryAfterSeconds: 1 }, times: 3 }]);
		const items = Array.from({ length: 500 }, (_, i) => ({ email: `p${i}@example.com`, first: `P${i}` }));
		const { output, error } = await upsert(double, items, { options: { bulkPollIntervalMs: 50 } });
		expect(error).toBeUndefined();
		expect(output.every((item) => item.json.status === 'created')).toBe(true);
		const reads = double.requests().filter((entry) => entry.operationId === 'get_profiles');
		// One read after another, the three 429s would all fall on the first read and it would be sent four times
		// before any other; side by side, the first requests are five different reads.
		expect(new Set(reads.slice(0, 5).map((entry) => entry.query.filter)).size).toBe(5);
		expect(reads.filter((entry) => !entry.fault)).toHaveLength(5);
	});
});

describe('call budget', () => {
	test('20 items: at most 1 read and 20 imports', async () => {
		const double = getDouble();
		const items = Array.from({ length: 20 }, (_, i) => ({ email: `p${i}@example.com`, first: `P${i}` }));
		await upsert(double, items);
		const calls = callsByOperation(double.requests());
		expect(calls.get_profiles).toBeLessThanOrEqual(1);
		expect(calls.create_or_update_profile).toBe(20);
	});

	test('1,000 items in fill-empty mode: at most 10 reads and 1 bulk job (plus its polls)', async () => {
		const double = getDouble();
		double.seed({
			profiles: Array.from({ length: 300 }, (_, i) => ({ attributes: { email: `p${i}@example.com`, first_name: `Old${i}` } })),
		});
		const items = Array.from({ length: 1000 }, (_, i) => ({ email: `p${i}@example.com`, first: `P${i}`, last: `L${i}` }));
		const { output, error } = await upsert(double, items, { options: { bulkPollIntervalMs: 50 } });
		expect(error).toBeUndefined();
		const calls = callsByOperation(double.requests());
		expect(calls.get_profiles).toBeLessThanOrEqual(10);
		expect(calls.bulk_import_profiles).toBe(1);
		expect(calls.create_or_update_profile).toBeUndefined();
		expect(output.filter((item) => item.json.status === 'created')).toHaveLength(700);
		expect(output.filter((item) => item.json.status === 'updated')).toHaveLength(300);
		expect(profileByEmail(double, 'p5@example.com')!.attributes).toMatchObject({ first_name: 'Old5', last_name: 'L5' });
	});
});

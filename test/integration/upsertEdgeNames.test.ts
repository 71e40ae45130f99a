import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { KlaviyoUpsertAffiliateProfile } from '../../nodes/KlaviyoUpsertAffiliateProfile/KlaviyoUpsertAffiliateProfile.node';
import type { KlaviyoDouble } from '../double/types';
import { connectOAuth } from '../harness/oauth';
import { runNode } from '../harness/runWorkflow';
import { runWithApiKey, useKlaviyoDouble } from './support';

/**
 * Issue 14, through the node in n8n-core against the Klaviyo double: names and values the domain core used to get
 * wrong — custom properties named like Object.prototype members, Set totals on a replayed referral, the counted-ids
 * property when it is not a list, NFD emails and +1 numbers.
 */

const getDouble = useKlaviyoDouble();

const upsert = (double: KlaviyoDouble, items: IDataObject[], parameters: INodeParameters, continueOnFail = false) =>
	runWithApiKey(double, new KlaviyoUpsertAffiliateProfile(), { email: '={{ $json.email }}', ...parameters }, items, continueOnFail);

/** The attributes of every profile-import the node sent, in order, exactly as they went over the wire. */
function importedAttributes(double: KlaviyoDouble): IDataObject[] {
	return double
		.requests()
		.filter((entry) => entry.operationId === 'create_or_update_profile')
		.map((entry) => (entry.body as { data: { attributes: IDataObject } }).data.attributes);
}

const ownKeys = (value: unknown) => Object.keys(value as object).sort();

describe('custom properties named like Object.prototype members are ordinary names', () => {
	const SHADOWING = ['__proto__', 'constructor', 'toString'];
	const customProperties = {
		property: [...SHADOWING, 'hasOwnProperty', 'Plan'].map((name) => ({ name, value: `v-${name}` })),
	};

	test.each(['perItem', 'bulk'])('a new profile gets every one of them (%s), and `changes` lists exactly what was sent', async (batchMode) => {
		const double = getDouble();
		const { output, error } = await upsert(double, [{ email: 'nia@example.com' }], {
			customProperties,
			options: { batchMode, bulkPollIntervalMs: 50 },
		});
		expect(error).toBeUndefined();
		const sent =
			batchMode === 'perItem'
				? importedAttributes(double)[0].properties
				: ((double.requests().find((entry) => entry.operationId === 'bulk_import_profiles')!.body as IDataObject).data as {
						attributes: { profiles: { data: Array<{ attributes: IDataObject }> } };
					}).attributes.profiles.data[0].attributes.properties;
		const expected = ['Plan', '__proto__', 'constructor', 'hasOwnProperty', 'toString'];
		expect(ownKeys(sent)).toEqual(expected);
		for (const name of expected) expect(Object.getOwnPropertyDescriptor(sent, name)?.value).toBe(`v-${name}`);
		const changes = output[0].json.changes as IDataObject;
		expect(Object.keys(changes).filter((path) => path.startsWith('properties.')).sort()).toEqual(expected.map((name) => `properties.${name}`));
		expect(changes['properties.constructor']).toEqual({ from: null, to: 'v-constructor' });
	});

	test('on an existing profile, an inherited name is not mistaken for a stored value, and an unchanged one is not sent', async () => {
		const double = getDouble();
		double.seed({ profiles: [{ id: 'ANN', attributes: { email: 'ann@example.com', properties: { toString: 'v-toString' } } }] });
		const { output, error } = await upsert(double, [{ email: 'ann@example.com', first: 'Ann' }], {
			firstName: '={{ $json.first }}',
			customProperties,
		});
		expect(error).toBeUndefined();
		const [attributes] = importedAttributes(double);
		expect(ownKeys(attributes.properties)).toEqual(['Plan', '__proto__', 'constructor', 'hasOwnProperty']);
		const json = output[0].json as { changes: IDataObject; kept: IDataObject };
		expect(json.changes['properties.__proto__']).toEqual({ from: null, to: 'v-__proto__' });
		expect(json.changes['properties.hasOwnProperty']).toEqual({ from: null, to: 'v-hasOwnProperty' });
		expect(json.kept['properties.toString']).toMatchObject({ existing: 'v-toString', reason: 'unchanged' });
	});
});

describe('referral totals', () => {
	const setTotals = {
		referralTotals: true,
		referralId: '={{ $json.conversion }}',
		referralCountMode: 'set',
		referralCountValue: '={{ $json.count }}',
		referralRevenueMode: 'none',
		referralDateMode: 'none',
	};

	test('Set applies the platform\'s newer totals even when the referral ID was already counted', async () => {
		const double = getDouble();
		double.seed({
			profiles: [
				{
					id: 'ANN',
					attributes: {
						email: 'ann@example.com',
						properties: { 'Affiliate Number of Successful Referrals': 5, 'Affiliate Counted Referral IDs': ['C-1'] },
					},
				},
			],
		});
		const { output, error } = await upsert(double, [{ email: 'ann@example.com', conversion: 'C-1', count: 9 }], setTotals);
		expect(error).toBeUndefined();
		const properties = double.state().profiles.find((profile) => profile.id === 'ANN')!.attributes.properties;
		expect(properties['Affiliate Number of Successful Referrals']).toBe(9);
		expect(properties['Affiliate Counted Referral IDs']).toEqual(['C-1']);
		expect(output[0].json.referralTotals).toMatchObject({ counted: false });

		// The same totals again: nothing changes, so nothing is written.
		const writesBefore = importedAttributes(double).length;
		const again = await upsert(double, [{ email: 'ann@example.com', conversion: 'C-1', count: 9 }], setTotals);
		expect(again.output[0].json.status).toBe('unchanged');
		expect(importedAttributes(double)).toHaveLength(writesBefore);
	});

	test('a counted-ids property holding an object fails the item, naming the property; nothing is overwritten', async () => {
		const double = getDouble();
		const foreign = { note: 'kept by another tool' };
		double.seed({
			profiles: [
				{ id: 'ANN', attributes: { email: 'ann@example.com', properties: { 'Affiliate Counted Referral IDs': foreign } } },
				{ id: 'BO', attributes: { email: 'bo@example.com' } },
			],
		});
		const items = [
			{ email: 'ann@example.com', conversion: 'C-1', count: 3 },
			{ email: 'bo@example.com', conversion: 'C-2', count: 4 },
		];
		const { output } = await upsert(double, items, setTotals, true);
		expect(output[0].json.error).toMatch(/"Affiliate Counted Referral IDs" holds an object, not a list of counted referral IDs/);
		expect(output[0].pairedItem).toEqual({ item: 0 });
		expect(output[1].json.status).toBe('updated');
		const profiles = double.state().profiles;
		expect(profiles.find((profile) => profile.id === 'ANN')!.attributes.properties).toEqual({ 'Affiliate Counted Referral IDs': foreign });
	});

	test('without Continue On Fail, that item stops the node before anything is written', async () => {
		const double = getDouble();
		double.seed({
			profiles: [
				{ id: 'ANN', attributes: { email: 'ann@example.com', properties: { 'Affiliate Counted Referral IDs': { note: 'x' } } } },
				{ id: 'BO', attributes: { email: 'bo@example.com' } },
			],
		});
		const items = [
			{ email: 'bo@example.com', conversion: 'C-2', count: 4 },
			{ email: 'ann@example.com', conversion: 'C-1', count: 3 },
		];
		const { error } = await upsert(double, items, setTotals);
		expect(error?.message).toMatch(/Referral totals: the profile property "Affiliate Counted Referral IDs" holds an object/);
		expect(importedAttributes(double)).toHaveLength(0);
	});

	test('a single counted id stored as text is kept, not replaced', async () => {
		const double = getDouble();
		double.seed({ profiles: [{ id: 'ANN', attributes: { email: 'ann@example.com', properties: { 'Affiliate Counted Referral IDs': 'C-0' } } }] });
		await upsert(double, [{ email: 'ann@example.com', conversion: 'C-1', count: 3 }], setTotals);
		const properties = double.state().profiles.find((profile) => profile.id === 'ANN')!.attributes.properties;
		expect(properties['Affiliate Counted Referral IDs']).toEqual(['C-0', 'C-1']);
	});
});

describe('identifiers', () => {
	test('an email typed in NFD finds the profile stored in NFC instead of creating a second one', async () => {
		const double = getDouble();
		double.seed({ profiles: [{ id: 'JOSE', attributes: { email: 'jos\u00e9@caf\u00e9.example', first_name: 'Jos\u00e9' } }] });
		const { output, error } = await upsert(double, [{ email: 'jose\u0301@cafe\u0301.example', last: 'Diaz' }], { lastName: '={{ $json.last }}' });
		expect(error).toBeUndefined();
		expect(output[0].json).toMatchObject({ status: 'updated', profileId: 'JOSE', email: 'jos\u00e9@caf\u00e9.example' });
		expect(double.state().profiles).toHaveLength(1);
	});

	test.each(['+1 555 1234', '+1 (055) 555-1234', '+1 555 155 1234'])('a +1 number that breaks NANP rules (%p) fails the item naming Phone Number', async (phone) => {
		const double = getDouble();
		const { output } = await upsert(double, [{ email: 'ann@example.com', phone }], { phoneNumber: '={{ $json.phone }}' }, true);
		expect(output[0].json.error).toMatch(/"Phone Number".*NANP/);
		expect(importedAttributes(double)).toHaveLength(0);
	});
});

describe('OAuth2: a write whose access token expired is re-sent whole after the refresh', () => {
	const clientId = 'n8n-client';
	const clientSecret = 'CLIENT_SECRET_FAKE_42';
	const getOAuthDouble = useKlaviyoDouble({ oauth: { clientId, clientSecret, accessTokenTtlSeconds: 3600 } });

	test('the JSON text body (a `__proto__` property included) reaches Klaviyo as JSON on the first and the repeated call', async () => {
		const double = getOAuthDouble();
		const oauthTokenData = await connectOAuth(double, clientId, clientSecret, 'profiles:read profiles:write');
		double.expireAccessTokens();
		const { output, error } = await runNode({
			nodeType: new KlaviyoUpsertAffiliateProfile(),
			parameters: {
				authentication: 'oAuth2',
				email: '={{ $json.email }}',
				customProperties: { property: [{ name: '__proto__', value: 'kept' }, { name: 'Plan', value: 'pro' }] },
				options: { batchMode: 'perItem' },
			},
			items: [{ email: 'ola@example.com' }],
			credentials: [
				{
					id: 'cred-oauth-edge',
					name: 'Klaviyo OAuth2',
					type: 'klaviyoOAuth2Api',
					data: { clientId, clientSecret, accessTokenUrl: `${double.url}/oauth/token`, authUrl: `${double.url}/oauth/authorize`, baseUrl: double.url, oauthTokenData },
				},
			],
		});
		expect(error).toBeUndefined();
		expect(output[0].json.error).toBeUndefined();
		const writes = double.requests().filter((entry) => entry.operationId === 'create_or_update_profile');
		// 401 with the expired token, then the call n8n repeats after refreshing it. The double answers 415 to a body
		// that is not JSON, so the 2xx says the content type survived the refresh too.
		expect(writes.map((entry) => entry.status)).toEqual([401, 401, 201]);
		for (const entry of writes) {
			const { properties } = (entry.body as { data: { attributes: { properties: IDataObject } } }).data.attributes;
			expect(Object.keys(properties).sort()).toEqual(['Plan', '__proto__']);
			expect(JSON.stringify(properties)).toContain('"__proto__":"kept"');
		}
	});
});

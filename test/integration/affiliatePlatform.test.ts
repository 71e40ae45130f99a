import type { IDataObject } from 'n8n-workflow';

import { AffiliatePlatform } from '../../nodes/AffiliatePlatform/AffiliatePlatform.node';
import { KlaviyoUpsertAffiliateProfile } from '../../nodes/KlaviyoUpsertAffiliateProfile/KlaviyoUpsertAffiliateProfile.node';
import { normalizedEventSchema } from '../../nodes/shared/webhooks/schema';
import { runNode } from '../harness/runWorkflow';
import { FIRSTPROMOTER_ACCOUNT, FIRSTPROMOTER_KEY, startFirstPromoterDouble, type FirstPromoterDouble } from '../platformDoubles/firstpromoter';
import { REWARDFUL_SECRET, startRewardfulDouble, type RewardfulDouble } from '../platformDoubles/rewardful';
import { seedPeople } from '../platformDoubles/seed';
import { runWithApiKey, useKlaviyoDouble } from './support';

const node = new AffiliatePlatform();

let rewardful: RewardfulDouble;
let firstPromoter: FirstPromoterDouble;

beforeAll(async () => {
	rewardful = await startRewardfulDouble({ seed: 250, referrals: 150 });
	firstPromoter = await startFirstPromoterDouble({ seed: 250, referrals: 150 });
});
afterAll(async () => {
	await rewardful.close();
	await firstPromoter.close();
});
beforeEach(() => {
	rewardful.clearRequests();
	firstPromoter.clearRequests();
});

const rewardfulCredential = (secret = REWARDFUL_SECRET) => ({
	id: 'rewardful-cred',
	name: 'Rewardful',
	type: 'rewardfulApi',
	data: { apiSecret: secret, baseUrl: rewardful.url },
});
const firstPromoterCredential = (key = FIRSTPROMOTER_KEY) => ({
	id: 'fp-cred',
	name: 'FirstPromoter',
	type: 'firstPromoterApi',
	data: { apiKey: key, accountId: FIRSTPROMOTER_ACCOUNT, baseUrl: firstPromoter.url },
});

async function pull(platform: 'rewardful' | 'firstpromoter', parameters: IDataObject, options: { secret?: string; items?: IDataObject[]; continueOnFail?: boolean } = {}) {
	return await runNode({
		nodeType: node,
		parameters: { platform, resource: 'affiliate', operation: 'getAll', ...parameters },
		items: options.items ?? [{}],
		credentials: [platform === 'rewardful' ? rewardfulCredential(options.secret) : firstPromoterCredential(options.secret)],
		continueOnFail: options.continueOnFail,
	});
}

describe.each(['rewardful', 'firstpromoter'] as const)('Affiliate Platform: Get Many Affiliates from %s', (platform) => {
	const double = () => (platform === 'rewardful' ? rewardful : firstPromoter);

	it('returns every approved affiliate (200 of 250) as trigger events, paging 100 at a time', async () => {
		const { output, error } = await pull(platform, { returnAll: true });
		expect(error).toBeUndefined();
		expect(output).toHaveLength(200);
		for (const item of output) expect(normalizedEventSchema.safeParse(item.json).success).toBe(true);
		expect(output.every((item) => (item.json as { affiliate: { status: string } }).affiliate.status.match(/^(active|accepted)$/))).toBe(true);
		expect(new Set(output.map((item) => (item.json as { id: string }).id)).size).toBe(200);
		expect(output.every((item) => item.pairedItem && (item.pairedItem as { item: number }).item === 0)).toBe(true);
		const pages = double().requests().map((request) => request.query.get(platform === 'rewardful' ? 'limit' : 'per_page'));
		expect(pages).toEqual(['100', '100', '100']);
	});

	it('maps the referral link, code, coupon and campaign so Upsert needs no mapping', async () => {
		const { output } = await pull(platform, { returnAll: false, limit: 1 });
		// The newest approved one (every fifth seeded affiliate, 249 among them, is not approved).
		const newest = seedPeople(250, Date.now(), platform === 'rewardful' ? 'aff' : 'fp')[248];
		const event = output[0].json as { platform: string; type: string; factId: string | null; affiliate: IDataObject };
		expect(event.platform).toBe(platform);
		// Version 2: an approved affiliate is the approval fact, with the id the trigger gives its approval webhook.
		expect(event.type).toBe('affiliate.approved');
		expect(event.factId).toBe(`${platform}:affiliate:${String(event.affiliate.id)}:approved`);
		expect(event.affiliate).toMatchObject({
			email: newest.email,
			firstName: newest.firstName,
			lastName: newest.lastName,
			code: newest.code,
			couponCode: newest.code.toUpperCase(),
			referralLink: expect.stringContaining(newest.code),
			offerName: platform === 'rewardful' ? 'Partners 20%' : 'Partner program',
		});
		expect(double().requests()).toHaveLength(1);
	});

	it('a node saved at version 1 reports approved affiliates as updates, with no fact id', async () => {
		const { output } = await runNode({
			nodeType: node,
			typeVersion: 1,
			parameters: { platform, resource: 'affiliate', operation: 'getAll', returnAll: false, limit: 3 },
			items: [{}],
			credentials: [platform === 'rewardful' ? rewardfulCredential() : firstPromoterCredential()],
		});
		expect(output.map((item) => [item.json.type, item.json.factId])).toEqual(Array(3).fill(['affiliate.updated', null]));
	});

	it('Any Status includes pending / disabled affiliates; a limit stops paging early', async () => {
		const { output } = await pull(platform, { returnAll: false, limit: 120, status: 'any' });
		expect(output).toHaveLength(120);
		// Rewardful's `disabled` is a deactivation; FirstPromoter's `pending` is not yet an approval.
		const unapproved = output.find((item) => (item.json as { affiliate: { email: string } }).affiliate.email.startsWith(platform === 'rewardful' ? 'aff249.' : 'fp249.'))!;
		expect((unapproved.json as { type: string }).type).toBe(platform === 'rewardful' ? 'affiliate.deactivated' : 'affiliate.updated');
		expect(output.some((item) => !/^(active|accepted)$/.test(String((item.json as { affiliate: { status: string } }).affiliate.status)))).toBe(true);
		expect(double().requests()).toHaveLength(2);
	});

	it('Updated Since keeps only affiliates changed since then', async () => {
		const target = seedPeople(250, Date.now(), platform === 'rewardful' ? 'aff' : 'fp')[4];
		const before = new Date(Date.now() - 1000).toISOString();
		double().approve(target.email);
		const { output } = await pull(platform, { returnAll: true, updatedSince: before });
		expect(output.map((item) => (item.json as { affiliate: { email: string } }).affiliate.email)).toEqual([target.email]);
	});

	it('a wrong key fails the item with the platform’s status and no secret in the message', async () => {
		const { error, output } = await pull(platform, { returnAll: true }, { secret: 'wrong-secret-value', items: [{}, {}], continueOnFail: true });
		expect(error).toBeUndefined();
		expect(output).toHaveLength(2);
		expect(String(output[0].json.error)).toMatch(platform === 'rewardful' ? /Rewardful 401: Invalid API Secret/ : /FirstPromoter 401/);
		expect(JSON.stringify(output)).not.toContain('wrong-secret-value');
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('a 429 waits the platform’s stated time and the page is fetched again', async () => {
		double().failNext({ count: 1, answer: { status: 429, headers: { 'RateLimit-Reset': '1', 'RateLimit-Remaining': '0' }, body: {} } });
		const started = Date.now();
		const { output, error } = await pull(platform, { returnAll: false, limit: 5 });
		expect(error).toBeUndefined();
		expect(output).toHaveLength(5);
		expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
		expect(double().requests().map((request) => request.status)).toEqual([429, 200]);
	});
});

describe.each(['rewardful', 'firstpromoter'] as const)('Affiliate Platform: Get Many Referrals from %s', (platform) => {
	const double = () => (platform === 'rewardful' ? rewardful : firstPromoter);
	const referrals = async (parameters: IDataObject) => await pull(platform, { resource: 'referral', operation: 'getAll', ...parameters });

	it('Conversions Only: the 100 converted referrals of 150 as conversion.created events on their affiliates', async () => {
		const { output, error } = await referrals({ returnAll: true });
		expect(error).toBeUndefined();
		expect(output).toHaveLength(100);
		for (const item of output) {
			expect(normalizedEventSchema.safeParse(item.json).success).toBe(true);
			expect(item.json).toMatchObject({ type: 'conversion.created', platform, referral: { actor: 'referrer' } });
			expect((item.json as { affiliate: { email: string } }).affiliate.email).toMatch(platform === 'rewardful' ? /^aff\d+\./ : /^fp\d+\./);
		}
		// The conversion filter is the server's (Rewardful conversion_state, FirstPromoter filters[type]=customer).
		expect(double().requests()).toHaveLength(platform === 'rewardful' ? 1 : 2);
	});

	it('Leads and Conversions: all 150, leads as referral.created', async () => {
		const { output } = await referrals({ returnAll: true, referralStatus: 'leadsAndConversions' });
		expect(output).toHaveLength(150);
		expect(output.filter((item) => item.json.type === 'referral.created')).toHaveLength(50);
	});

	it('Updated Since: a lead that converts after it is the one conversion returned', async () => {
		const lead = double().referrals().find((referral) => (platform === 'rewardful' ? referral.conversion_state === 'lead' : referral.customer_since === null))!;
		const email = platform === 'rewardful' ? (lead.customer as { email: string }).email : (lead.email as string);
		const before = new Date(Date.now() - 1000).toISOString();
		double().convert(email);
		const { output } = await referrals({ returnAll: true, updatedSince: before });
		expect(output.map((item) => (item.json as { conversion: { customerEmail: string } }).conversion.customerEmail)).toEqual([email]);
		if (platform === 'rewardful') expect(rewardful.requests()[0].query.get('updated_since')).toBe(new Date(Date.parse(before)).toISOString());
	});
});

describe('Affiliate Platform: options', () => {
	it('an Updated Since that is not a date fails naming the field and the item', async () => {
		const { error } = await pull('rewardful', { returnAll: true, updatedSince: 'yesterday' });
		expect(error?.message).toBe('Invalid "Updated Since" in item 1: "yesterday" is not an ISO 8601 date or date-time');
		expect(rewardful.requests()).toHaveLength(0);
	});

	it('Rewardful is asked for campaign and links expanded, with the secret as the Basic username', async () => {
		await pull('rewardful', { returnAll: false, limit: 1 });
		expect(rewardful.requests()[0].query.getAll('expand[]')).toEqual(['campaign', 'links']);
	});

	it('Rewardful referrals are asked with the affiliate expanded and the conversion state filtered on the server', async () => {
		await pull('rewardful', { resource: 'referral', operation: 'getAll', returnAll: false, limit: 1 });
		expect(rewardful.requests()[0].query.getAll('expand[]')).toEqual(['affiliate']);
		expect(rewardful.requests()[0].query.getAll('conversion_state[]')).toEqual(['conversion']);
	});

	it('FirstPromoter is asked to filter accepted promoters on the server', async () => {
		await pull('firstpromoter', { returnAll: false, limit: 1 });
		expect(firstPromoter.requests()[0].query.get('filters[state]')).toBe('accepted');
	});
});

describe('Affiliate Platform → Upsert Affiliate Profile, nothing mapped', () => {
	const klaviyo = useKlaviyoDouble();

	it('every pulled affiliate becomes a profile with its referral link, code and coupon', async () => {
		const { output } = await pull('firstpromoter', { returnAll: false, limit: 3 });
		const upsert = await runWithApiKey(
			klaviyo(),
			new KlaviyoUpsertAffiliateProfile(),
			{},
			output.map((item) => item.json),
		);
		expect(upsert.error).toBeUndefined();
		const profiles = klaviyo().state().profiles;
		expect(profiles).toHaveLength(3);
		for (const item of output) {
			const affiliate = (item.json as { affiliate: IDataObject }).affiliate;
			const profile = profiles.find((candidate) => candidate.attributes.email === affiliate.email)!;
			expect(profile.attributes.first_name).toBe(affiliate.firstName);
			expect(profile.attributes.properties).toMatchObject({
				'Affiliate Referral Link': affiliate.referralLink,
				'Affiliate Code': affiliate.code,
				'Affiliate Coupon Code': affiliate.couponCode,
				'Affiliate Platform': 'firstpromoter',
			});
		}
	});
});

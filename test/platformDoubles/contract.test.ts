import { z } from 'zod';

import { FIRSTPROMOTER_ACCOUNT, FIRSTPROMOTER_KEY, startFirstPromoterDouble, type FirstPromoterDouble } from './firstpromoter';
import { REWARDFUL_SECRET, startRewardfulDouble, type RewardfulDouble } from './rewardful';

/**
 * The doubles against the platforms' published shapes, restated here as schemas from the docs (see README.md):
 * a double that drifts from them would let the node pass tests it fails against the real API.
 */
const nullableText = z.string().nullable();

// https://developers.rewardful.com/rest-api/affiliates/object
const rewardfulAffiliate = z.object({
	id: z.string().uuid(),
	created_at: z.string().datetime(),
	updated_at: z.string().datetime(),
	first_name: z.string(),
	last_name: z.string(),
	email: z.string().email(),
	paypal_email: nullableText,
	state: z.enum(['active', 'disabled', 'suspicious']),
	stripe_customer_id: nullableText,
	stripe_account_id: nullableText,
	visitors: z.number().int(),
	leads: z.number().int(),
	conversions: z.number().int(),
	campaign: z.object({ id: z.string().uuid(), created_at: z.string(), updated_at: z.string(), name: z.string() }).strict().optional(),
	links: z.array(z.object({ id: z.string(), url: z.string().url(), token: z.string(), visitors: z.number(), leads: z.number(), conversions: z.number() }).strict()).optional(),
	coupon: z.object({ id: z.string(), external_id: z.string(), token: z.string(), leads: z.number(), conversions: z.number(), affiliate_id: z.string() }).strict().nullable(),
}).strict();

// https://developers.rewardful.com/rest-api/overview (pagination)
const rewardfulPage = z.object({
	pagination: z.object({
		previous_page: z.number().int().nullable(),
		current_page: z.number().int(),
		next_page: z.number().int().nullable(),
		count: z.number().int(),
		limit: z.number().int().max(100),
		total_pages: z.number().int(),
		total_count: z.number().int(),
	}).strict(),
	data: z.array(rewardfulAffiliate),
}).strict();

// FirstPromoter OpenAPI openapi-v2-promoters, getPromoters → { data: PromoterListItem[], meta: { pending_count } }
const promoterCampaign = z.object({
	id: z.number().int(),
	campaign_id: z.number().int(),
	promoter_id: z.number().int(),
	state: z.enum(['pending', 'accepted', 'rejected', 'blocked', 'inactive', 'not_set']),
	created_at: z.string().datetime(),
	campaign: z.object({ id: z.number().int(), name: z.string(), color: z.string() }).strict(),
	coupon: z.string(),
	ref_token: z.string(),
	ref_link: z.string().url(),
}).strict();
const promoterListItem = z.object({
	id: z.number().int(),
	email: z.string().email(),
	name: z.string(),
	cust_id: nullableText,
	note: nullableText,
	state: z.enum(['pending', 'accepted', 'rejected', 'blocked', 'inactive', 'not_set']),
	stats: z.object({ clicks_count: z.number(), referrals_count: z.number(), sales_count: z.number(), customers_count: z.number(), revenue_amount: z.number(), active_customers_count: z.number() }).strict(),
	is_customized: z.boolean(),
	fraud_suspicions: z.array(z.string()),
	is_confirmed: z.boolean(),
	invoice_details_status: z.enum(['pending', 'approved', 'denied']),
	profile: z.object({ id: z.number().int(), first_name: nullableText, last_name: nullableText, phone_number: nullableText, country: nullableText }).passthrough(),
	joined_at: z.string().datetime(),
	last_login_at: z.string().datetime().nullable(),
	archived_at: z.string().datetime().nullable(),
	custom_fields: z.record(z.unknown()).nullable(),
	password_setup_url: nullableText,
	first_event_at: z.string().datetime(),
	created_at: z.string().datetime(),
	updated_at: z.string().datetime(),
	promoter_campaigns: z.array(promoterCampaign),
}).strict();
const promoterPage = z.object({ data: z.array(promoterListItem), meta: z.object({ pending_count: z.number().int() }).strict() }).strict();

// https://developers.rewardful.com/rest-api/referrals/object
const rewardfulReferral = z.object({
	id: z.string().uuid(),
	created_at: z.string().datetime(),
	updated_at: z.string().datetime(),
	link: z.object({ id: z.string(), url: z.string().url(), token: z.string(), visitors: z.number(), leads: z.number(), conversions: z.number() }).strict(),
	visits: z.number().int(),
	customer: z.object({ id: z.string(), name: z.string(), email: z.string().email(), platform: z.string() }).strict(),
	affiliate: rewardfulAffiliate.extend({ campaign: z.unknown(), links: z.unknown() }).optional(),
	became_lead_at: z.string().datetime().nullable(),
	became_conversion_at: z.string().datetime().nullable(),
	expires_at: z.string().datetime().nullable(),
	deactivated_at: z.string().datetime().nullable(),
	conversion_state: z.enum(['visitor', 'lead', 'conversion']),
	stripe_account_id: nullableText,
	stripe_customer_id: nullableText,
}).strict();

// FirstPromoter OpenAPI firstpromoter-v2-referrals, GET /referrals → Referral[]
const firstPromoterReferral = z.object({
	id: z.number().int(),
	email: z.string().email(),
	uid: z.string(),
	state: z.enum(['subscribed', 'signup', 'active', 'cancelled', 'refunded', 'denied', 'pending', 'moved']),
	metadata: z.record(z.unknown()),
	entry_source: z.enum(['api', 'coupon', 'cookie', 'manual_admin', 'manual_affiliate']),
	created_at: z.string().datetime(),
	customer_since: z.string().datetime().nullable(),
	promoter_campaign: z.object({
		id: z.number().int(),
		campaign_id: z.number().int(),
		promoter_id: z.number().int(),
		created_at: z.string(),
		promoter: z.object({ id: z.number().int(), email: z.string().email(), name: z.string() }).strict(),
		campaign: z.object({ id: z.number().int(), name: z.string() }).passthrough(),
	}).strict(),
	fraud_check: z.enum(['no_suspicion', 'same_ip_suspicion', 'same_promoter_email', 'ad_source']),
	created_by_user_email: nullableText,
	username: nullableText,
	split_details: z.array(z.unknown()).nullable(),
	first_name: nullableText,
	last_name: nullableText,
	website: nullableText,
	comment: nullableText,
	is_expired: z.boolean(),
}).strict();

const basic = (secret: string) => `Basic ${Buffer.from(`${secret}:`).toString('base64')}`;

describe('Rewardful double, per the published REST API v1', () => {
	let double: RewardfulDouble;
	beforeAll(async () => (double = await startRewardfulDouble({ seed: 130, referrals: 30, rateLimit: { requests: 3, windowMs: 2000 } })));
	afterAll(async () => await double.close());
	const get = async (query: string, secret = REWARDFUL_SECRET) => await fetch(`${double.url}/affiliates${query}`, { headers: { authorization: basic(secret) } });

	it('pages of at most 100, newest first, with the pagination object; expansions only when asked', async () => {
		const first = await get('?limit=500&expand[]=campaign&expand[]=links');
		const page = rewardfulPage.parse(await first.json());
		expect(page.pagination).toEqual({ previous_page: null, current_page: 1, next_page: 2, count: 100, limit: 100, total_pages: 2, total_count: 130 });
		expect(page.data[0].created_at > page.data[1].created_at).toBe(true);
		expect(page.data[0].links).toBeDefined();
		const second = rewardfulPage.parse(await (await get('?page=2')).json());
		expect(second.pagination).toMatchObject({ current_page: 2, count: 25, limit: 25, next_page: 3, total_pages: 6 });
		expect(second.data[0].links).toBeUndefined();
	});

	it('referrals: the documented object, conversion_state[] and updated_since filters, the affiliate when expanded', async () => {
		await new Promise((resolve) => setTimeout(resolve, 2100));
		const answer = await fetch(`${double.url}/referrals?expand[]=affiliate&conversion_state[]=conversion&limit=100`, { headers: { authorization: basic(REWARDFUL_SECRET) } });
		const page = z.object({ pagination: z.unknown(), data: z.array(rewardfulReferral) }).strict().parse(await answer.json());
		expect(page.data).toHaveLength(20);
		expect(page.data.every((referral) => referral.conversion_state === 'conversion' && referral.affiliate?.state === 'active')).toBe(true);
		const future = await fetch(`${double.url}/referrals?updated_since=${new Date(Date.now() + 1000).toISOString()}`, { headers: { authorization: basic(REWARDFUL_SECRET) } });
		expect(((await future.json()) as { data: unknown[] }).data).toEqual([]);
	});

	it('a wrong secret is 401 { error: "Invalid API Secret." }', async () => {
		const answer = await get('', 'nope');
		expect(answer.status).toBe(401);
		expect(await answer.json()).toEqual({ error: 'Invalid API Secret.' });
	});

	it('over the window: 429 with RateLimit-Limit / -Remaining / -Reset', async () => {
		await new Promise((resolve) => setTimeout(resolve, 2100));
		for (let i = 0; i < 3; i++) expect((await get('?limit=1')).status).toBe(200);
		const throttled = await get('?limit=1');
		expect(throttled.status).toBe(429);
		expect(throttled.headers.get('ratelimit-limit')).toBe('3');
		expect(throttled.headers.get('ratelimit-remaining')).toBe('0');
		expect(Number(throttled.headers.get('ratelimit-reset'))).toBeGreaterThanOrEqual(1);
	});
});

describe('FirstPromoter double, per the published API v2', () => {
	let double: FirstPromoterDouble;
	beforeAll(async () => (double = await startFirstPromoterDouble({ seed: 130, referrals: 30, rateLimit: { requests: 3, windowMs: 2000 } })));
	afterAll(async () => await double.close());
	const get = async (query: string, key = FIRSTPROMOTER_KEY, account = FIRSTPROMOTER_ACCOUNT, path = `/promoters${query}`) =>
		await fetch(`${double.url}${path}`, { headers: { authorization: `Bearer ${key}`, 'account-id': account } });

	it('per_page at most 100 (default 20), filters[state], the documented item shape', async () => {
		const page = promoterPage.parse(await (await get('?per_page=500&filters[state]=accepted')).json());
		expect(page.data).toHaveLength(100);
		expect(page.data.every((promoter) => promoter.promoter_campaigns.some((entry) => entry.state === 'accepted'))).toBe(true);
		expect(page.meta.pending_count).toBe(26);
		const defaults = promoterPage.parse(await (await get('')).json());
		expect(defaults.data).toHaveLength(20);
	});

	it('referrals: a bare array of the documented Referral, filters[type]=customer', async () => {
		await new Promise((resolve) => setTimeout(resolve, 2100));
		const customers = z.array(firstPromoterReferral).parse(await (await get('', FIRSTPROMOTER_KEY, FIRSTPROMOTER_ACCOUNT, '/referrals?per_page=100&filters[type]=customer')).json());
		expect(customers).toHaveLength(20);
		expect(customers.every((referral) => referral.customer_since !== null)).toBe(true);
	});

	it('both headers are required: a wrong key or a missing account is 401 with no body', async () => {
		for (const answer of [await get('', 'wrong'), await get('', FIRSTPROMOTER_KEY, '')]) {
			expect(answer.status).toBe(401);
			expect(await answer.text()).toBe('');
		}
	});

	it('over the window: 429 with no rate-limit header (none is documented)', async () => {
		await new Promise((resolve) => setTimeout(resolve, 2100));
		for (let i = 0; i < 3; i++) expect((await get('?per_page=1')).status).toBe(200);
		const throttled = await get('?per_page=1');
		expect(throttled.status).toBe(429);
		expect([...throttled.headers.keys()].filter((name) => /ratelimit|retry-after/i.test(name))).toEqual([]);
	});
});

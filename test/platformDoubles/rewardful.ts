import { randomUUID } from 'node:crypto';

import { seedPeople, seedReferrals, type SeedPerson, type SeedReferral } from './seed';
import { startDoubleServer, type RunningDouble, type WindowRule } from './server';

/**
 * A local stand-in for Rewardful's REST API v1, the parts the Affiliate Platform node uses. Sources (see README.md):
 * - https://developers.rewardful.com/rest-api/overview — HTTP Basic, API secret as username, no password; 401 with
 *   `{ "error": "Invalid API Secret." }`; page-number paging with a `pagination` object beside `data`.
 * - https://developers.rewardful.com/rest-api/affiliates/list — `GET /affiliates`, newest first, filters `campaign_id`
 *   and `email`, `page`, `limit` (default 25, at most 100), `expand` of `campaign` and `links`.
 * - https://developers.rewardful.com/rest-api/affiliates/object — the affiliate's fields and the example's shapes.
 * - https://developers.rewardful.com/rest-api/referrals/list and /referrals/object — `GET /referrals`, newest first,
 *   filters `affiliate_id`, `conversion_state` (or `conversion_state[]`: visitor, lead, conversion), `email`,
 *   `updated_since` / `updated_until` (ISO 8601), `expand[]=affiliate`.
 * - Rate limit: 45 requests per 30-second window per account, 429 with draft RateLimit-* headers (the overview, as
 *   captured by api-evangelist/rewardful `rate-limits/rewardful-rate-limits.yml`).
 */
export const REWARDFUL_SECRET = 'rewardful_test_secret_0123456789';

export const REWARDFUL_LIMIT: WindowRule = { requests: 45, windowMs: 30_000 };

const CAMPAIGN = {
	id: 'a638ebe4-291d-47cd-a1dc-1519f9331bbd',
	created_at: '2024-04-27T18:13:13.123Z',
	updated_at: '2024-05-05T20:58:24.200Z',
	name: 'Partners 20%',
};

export type RewardfulAffiliate = Record<string, unknown> & { id: string; state: string; updated_at: string; created_at: string };

export type RewardfulReferral = Record<string, unknown> & { id: string; affiliate_id: string; conversion_state: string; updated_at: string };

export interface RewardfulDouble extends RunningDouble {
	affiliates(): RewardfulAffiliate[];
	referrals(): RewardfulReferral[];
	/** Referred customers, attributed in turn to the approved affiliates. */
	addReferrals(seeds: SeedReferral[]): RewardfulReferral[];
	/** A lead paying: `conversion`, `became_conversion_at` and `updated_at` now. */
	convert(customerEmail: string): RewardfulReferral;
	/** Adds affiliates (newest last); returns them. */
	add(people: SeedPerson[]): RewardfulAffiliate[];
	/** What an approval in Rewardful's dashboard does: state `active`, `updated_at` now. No webhook is sent. */
	approve(email: string): RewardfulAffiliate;
}

export interface RewardfulDoubleOptions {
	port?: number;
	seed?: number;
	/** Referrals to seed (attributed to the seeded approved affiliates). */
	referrals?: number;
	/** The published window unless a test asks for another (or `false` for none). */
	rateLimit?: WindowRule | false;
}

function affiliateOf(person: SeedPerson): RewardfulAffiliate {
	const id = randomUUID();
	return {
		id,
		created_at: person.createdAt,
		updated_at: person.createdAt,
		first_name: person.firstName,
		last_name: person.lastName,
		email: person.email,
		paypal_email: null,
		state: person.approved ? 'active' : 'disabled',
		stripe_customer_id: null,
		stripe_account_id: null,
		visitors: person.index % 40,
		leads: person.index % 12,
		conversions: person.index % 5,
		campaign: CAMPAIGN,
		links: [{ id: randomUUID(), url: `https://shop.example.com/?via=${person.code}`, token: person.code, visitors: 0, leads: 0, conversions: 0 }],
		coupon: { id: randomUUID(), external_id: `promo_${person.code}`, token: person.code.toUpperCase(), leads: 0, conversions: 0, affiliate_id: id },
	};
}

function expanded(query: URLSearchParams): Set<string> {
	return new Set([...query.getAll('expand'), ...query.getAll('expand[]')]);
}

/** The list's view of an affiliate: `campaign` and `links` only when expanded, as the list docs describe. */
function listed(affiliate: RewardfulAffiliate, expand: Set<string>): Record<string, unknown> {
	const { campaign, links, ...rest } = affiliate;
	return { ...rest, ...(expand.has('campaign') ? { campaign } : {}), ...(expand.has('links') ? { links } : {}) };
}

export async function startRewardfulDouble(options: RewardfulDoubleOptions = {}): Promise<RewardfulDouble> {
	const affiliates: RewardfulAffiliate[] = [];
	const add = (people: SeedPerson[]) => {
		const added = people.map(affiliateOf);
		affiliates.push(...added);
		return added;
	};
	if (options.seed) add(seedPeople(options.seed));
	const referrals: RewardfulReferral[] = [];
	const addReferrals = (seeds: SeedReferral[]) => {
		const approved = affiliates.filter((affiliate) => affiliate.state === 'active');
		const added = seeds.map((seed) => referralOf(seed, approved[seed.index % approved.length]));
		referrals.push(...added);
		return added;
	};
	if (options.referrals) addReferrals(seedReferrals(options.referrals));
	const server = await startDoubleServer({
		port: options.port,
		rateLimit: options.rateLimit === false ? undefined : (options.rateLimit ?? REWARDFUL_LIMIT),
		authenticate: (headers) => {
			const [scheme, encoded] = String(headers.authorization ?? '').split(' ');
			const username = scheme === 'Basic' ? Buffer.from(encoded ?? '', 'base64').toString('utf8').split(':')[0] : '';
			return username === REWARDFUL_SECRET ? undefined : { status: 401, body: { error: 'Invalid API Secret.' } };
		},
		throttled: (rule, resetMs) => ({
			status: 429,
			headers: {
				'RateLimit-Limit': String(rule.requests),
				'RateLimit-Remaining': '0',
				'RateLimit-Reset': String(Math.max(1, Math.ceil(resetMs / 1000))),
			},
			// The body of a 429 is not documented; Rewardful's other errors are `{ error }`.
			body: { error: 'Rate limit exceeded.' },
		}),
		route: (_method, path, query) => {
			if (path === '/referrals') return listReferrals(referrals, affiliates, query);
			if (path !== '/affiliates') return undefined;
			const email = query.get('email')?.toLowerCase();
			const campaign = query.get('campaign_id');
			const matching = [...affiliates]
				.reverse()
				.filter((affiliate) => (!email || String(affiliate.email).toLowerCase() === email) && (!campaign || CAMPAIGN.id === campaign));
			return paged(matching, query, (affiliate) => listed(affiliate, expanded(query)));
		},
	});
	return {
		...server,
		affiliates: () => affiliates,
		add,
		referrals: () => referrals,
		addReferrals,
		convert: (customerEmail) => {
			const referral = referrals.find((candidate) => (candidate.customer as { email: string }).email === customerEmail);
			if (!referral) throw new Error(`No Rewardful referral ${customerEmail}`);
			const now = new Date().toISOString();
			Object.assign(referral, { conversion_state: 'conversion', became_conversion_at: now, updated_at: now });
			return referral;
		},
		approve: (email) => {
			const affiliate = affiliates.find((candidate) => candidate.email === email);
			if (!affiliate) throw new Error(`No Rewardful affiliate ${email}`);
			affiliate.state = 'active';
			affiliate.updated_at = new Date().toISOString();
			return affiliate;
		},
	};
}

/** Rewardful's page envelope over a list that is already filtered and ordered. */
function paged<T>(matching: T[], query: URLSearchParams, view: (record: T) => unknown) {
	const limit = Math.min(100, Math.max(1, Number(query.get('limit') ?? 25) || 25));
	const page = Math.max(1, Number(query.get('page') ?? 1) || 1);
	const totalPages = Math.max(1, Math.ceil(matching.length / limit));
	const data = matching.slice((page - 1) * limit, page * limit).map(view);
	return {
		status: 200,
		body: {
			pagination: {
				previous_page: page > 1 ? page - 1 : null,
				current_page: page,
				next_page: page < totalPages ? page + 1 : null,
				count: data.length,
				limit,
				total_pages: totalPages,
				total_count: matching.length,
			},
			data,
		},
	};
}

function referralOf(seed: SeedReferral, affiliate: RewardfulAffiliate): RewardfulReferral {
	const link = (affiliate.links as Array<Record<string, unknown>>)[0];
	return {
		id: randomUUID(),
		affiliate_id: affiliate.id,
		created_at: seed.createdAt,
		updated_at: seed.convertedAt ?? seed.createdAt,
		link,
		visits: 1 + (seed.index % 4),
		customer: { id: `cus_${seed.index}`, name: `${seed.firstName} ${seed.lastName}`, email: seed.email, platform: 'stripe' },
		became_lead_at: seed.createdAt,
		became_conversion_at: seed.convertedAt,
		expires_at: new Date(Date.parse(seed.createdAt) + 60 * 86_400_000).toISOString(),
		deactivated_at: null,
		conversion_state: seed.converted ? 'conversion' : 'lead',
		stripe_account_id: null,
		stripe_customer_id: `cus_${seed.index}`,
	};
}

function listReferrals(referrals: RewardfulReferral[], affiliates: RewardfulAffiliate[], query: URLSearchParams) {
	const states = [...query.getAll('conversion_state'), ...query.getAll('conversion_state[]')];
	const since = query.get('updated_since');
	const until = query.get('updated_until');
	const affiliateId = query.get('affiliate_id');
	const matching = [...referrals]
		.reverse()
		.filter(
			(referral) =>
				(states.length === 0 || states.includes(referral.conversion_state)) &&
				(!affiliateId || referral.affiliate_id === affiliateId) &&
				(!since || Date.parse(referral.updated_at) > Date.parse(since)) &&
				(!until || Date.parse(referral.updated_at) < Date.parse(until)),
		);
	const expandAffiliate = expanded(query).has('affiliate');
	return paged(matching, query, ({ affiliate_id: affiliateIdOf, ...referral }) => ({
		...referral,
		...(expandAffiliate ? { affiliate: affiliates.find((affiliate) => affiliate.id === affiliateIdOf) } : {}),
	}));
}

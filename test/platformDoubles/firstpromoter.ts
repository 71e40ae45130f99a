import { seedPeople, seedReferrals, type SeedPerson, type SeedReferral } from './seed';
import { startDoubleServer, type RunningDouble, type WindowRule } from './server';

/**
 * A local stand-in for FirstPromoter's API v2 (company API), the parts the Affiliate Platform node uses. Sources
 * (see README.md):
 * - https://docs.firstpromoter.com/api-reference-v2/api-admin/introduction — `page` / `per_page` (default 20, at
 *   most 100); 400 requests per minute per account, `429 Too Many Requests` beyond (no header documented).
 * - https://docs.firstpromoter.com/api-reference-v2/api-admin/promoters/get-available-promoters (FirstPromoter's
 *   OpenAPI `openapi-v2-promoters`, `getPromoters`) — `Authorization: Bearer`, required `Account-ID` header,
 *   `filters[state]` (pending, accepted, rejected, blocked, inactive, not_set), `{ data: PromoterListItem[], meta:
 *   { pending_count } }`, 401 with no documented body.
 * - FirstPromoter's OpenAPI `firstpromoter-v2-referrals`, `GET /referrals` — a bare array of `Referral` (`state`:
 *   subscribed, signup, active, cancelled, refunded, denied, pending, moved; `customer_since`; `promoter_campaign{
 *   promoter{id,email,name}, campaign }`), filters `filters[type]` (lead, customer) and `filters[promoter_id]`.
 */
export const FIRSTPROMOTER_KEY = 'fp_test_api_key_0123456789abcdef';
export const FIRSTPROMOTER_ACCOUNT = 'acc_e2e_123';

export const FIRSTPROMOTER_LIMIT: WindowRule = { requests: 400, windowMs: 60_000 };

const CAMPAIGN = { id: 26127, name: 'Partner program', color: '#20c997' };

export type FirstPromoterPromoter = Record<string, unknown> & {
	id: number;
	email: string;
	updated_at: string;
	promoter_campaigns: Array<Record<string, unknown> & { state: string }>;
};

export type FirstPromoterReferral = Record<string, unknown> & { id: number; email: string; state: string; customer_since: string | null };

export interface FirstPromoterDouble extends RunningDouble {
	promoters(): FirstPromoterPromoter[];
	referrals(): FirstPromoterReferral[];
	addReferrals(seeds: SeedReferral[]): FirstPromoterReferral[];
	/** A lead becoming a paying customer: `active`, `customer_since` now. */
	convert(customerEmail: string): FirstPromoterReferral;
	add(people: SeedPerson[]): FirstPromoterPromoter[];
	/** Accepting a promoter into the campaign in FirstPromoter's dashboard: `accepted`, `updated_at` now. */
	approve(email: string): FirstPromoterPromoter;
}

export interface FirstPromoterDoubleOptions {
	port?: number;
	seed?: number;
	referrals?: number;
	rateLimit?: WindowRule | false;
}

export async function startFirstPromoterDouble(options: FirstPromoterDoubleOptions = {}): Promise<FirstPromoterDouble> {
	const promoters: FirstPromoterPromoter[] = [];
	let nextId = 8_815_216;
	const add = (people: SeedPerson[]) => {
		const added = people.map((person): FirstPromoterPromoter => {
			const id = nextId++;
			return {
				id,
				email: person.email,
				name: `${person.firstName} ${person.lastName}`,
				cust_id: null,
				note: null,
				state: person.approved ? 'accepted' : 'pending',
				stats: { clicks_count: person.index % 40, referrals_count: person.index % 12, sales_count: 0, customers_count: 0, revenue_amount: 0, active_customers_count: 0 },
				is_customized: false,
				fraud_suspicions: [],
				is_confirmed: true,
				invoice_details_status: 'pending',
				profile: { id: id + 50_000, first_name: person.firstName, last_name: person.lastName, phone_number: null, country: 'US' },
				joined_at: person.createdAt,
				last_login_at: null,
				archived_at: null,
				custom_fields: {},
				password_setup_url: null,
				first_event_at: person.createdAt,
				created_at: person.createdAt,
				updated_at: person.createdAt,
				promoter_campaigns: [
					{
						id: id + 90_000,
						campaign_id: CAMPAIGN.id,
						promoter_id: id,
						state: person.approved ? 'accepted' : 'pending',
						created_at: person.createdAt,
						campaign: CAMPAIGN,
						coupon: person.code.toUpperCase(),
						ref_token: person.code,
						ref_link: `https://shop.example.com/?fpr=${person.code}`,
					},
				],
			};
		});
		promoters.push(...added);
		return added;
	};
	if (options.seed) add(seedPeople(options.seed, Date.now(), 'fp'));
	const referrals: FirstPromoterReferral[] = [];
	const addReferrals = (seeds: SeedReferral[]) => {
		const accepted = promoters.filter((promoter) => promoter.promoter_campaigns[0].state === 'accepted');
		const added = seeds.map((seed) => referralOf(seed, accepted[seed.index % accepted.length], 4_000_000 + referrals.length + seed.index));
		referrals.push(...added);
		return added;
	};
	if (options.referrals) addReferrals(seedReferrals(options.referrals));
	const server = await startDoubleServer({
		port: options.port,
		rateLimit: options.rateLimit === false ? undefined : (options.rateLimit ?? FIRSTPROMOTER_LIMIT),
		authenticate: (headers) =>
			headers.authorization === `Bearer ${FIRSTPROMOTER_KEY}` && headers['account-id'] === FIRSTPROMOTER_ACCOUNT
				? undefined
				: { status: 401 },
		// No rate-limit header is documented, so none is sent; the body is not documented either.
		throttled: () => ({ status: 429, body: { message: 'Too Many Requests' } }),
		route: (_method, path, query) => {
			const perPage = Math.min(100, Math.max(1, Number(query.get('per_page') ?? 20) || 20));
			const page = Math.max(1, Number(query.get('page') ?? 1) || 1);
			if (path === '/referrals') {
				const type = query.get('filters[type]');
				const promoterId = query.get('filters[promoter_id]');
				const matching = [...referrals]
					.reverse()
					.filter(
						(referral) =>
							(!type || (type === 'customer') === (referral.customer_since !== null)) &&
							(!promoterId || String((referral.promoter_campaign as { promoter_id: number }).promoter_id) === promoterId),
					);
				return { status: 200, body: matching.slice((page - 1) * perPage, page * perPage) };
			}
			if (path !== '/promoters') return undefined;
			const state = query.get('filters[state]');
			const matching = [...promoters]
				.reverse()
				.filter((promoter) => !state || promoter.promoter_campaigns.some((entry) => entry.state === state));
			// The rendered docs example shows a top-level `state`, `created_at` and `updated_at` that the schema's
			// PromoterListItem lacks; the double sends them as the example does.
			const data = matching.slice((page - 1) * perPage, page * perPage);
			const pending = promoters.filter((promoter) => promoter.promoter_campaigns.some((entry) => entry.state === 'pending')).length;
			return { status: 200, body: { data, meta: { pending_count: pending } } };
		},
	});
	return {
		...server,
		promoters: () => promoters,
		add,
		referrals: () => referrals,
		addReferrals,
		convert: (customerEmail) => {
			const referral = referrals.find((candidate) => candidate.email === customerEmail);
			if (!referral) throw new Error(`No FirstPromoter referral ${customerEmail}`);
			Object.assign(referral, { state: 'active', customer_since: new Date().toISOString() });
			return referral;
		},
		approve: (email) => {
			const promoter = promoters.find((candidate) => candidate.email === email);
			if (!promoter) throw new Error(`No FirstPromoter promoter ${email}`);
			promoter.promoter_campaigns[0].state = 'accepted';
			promoter.state = 'accepted';
			promoter.updated_at = new Date().toISOString();
			return promoter;
		},
	};
}

function referralOf(seed: SeedReferral, promoter: FirstPromoterPromoter, id: number): FirstPromoterReferral {
	const promoterCampaign = promoter.promoter_campaigns[0];
	return {
		id,
		email: seed.email,
		uid: `cus_${seed.index}`,
		state: seed.converted ? 'active' : 'signup',
		metadata: {},
		entry_source: 'cookie',
		created_at: seed.createdAt,
		customer_since: seed.convertedAt,
		promoter_campaign: {
			id: promoterCampaign.id,
			campaign_id: CAMPAIGN.id,
			promoter_id: promoter.id,
			created_at: promoterCampaign.created_at,
			promoter: { id: promoter.id, email: promoter.email, name: promoter.name },
			campaign: CAMPAIGN,
		},
		fraud_check: 'no_suspicion',
		created_by_user_email: null,
		username: null,
		split_details: null,
		first_name: seed.firstName,
		last_name: seed.lastName,
		website: null,
		comment: null,
		is_expired: false,
	};
}

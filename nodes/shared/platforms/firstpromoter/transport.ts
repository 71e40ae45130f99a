import type { IDataObject } from 'n8n-workflow';

import { isObject, obj, str, type Json } from '../../webhooks/platforms/fields';
import { affiliateRecord } from '../affiliates';
import type { PlatformApiDefinition, PlatformClient } from '../client';
import type { PlatformSource } from '../index';
import { referralRecord } from '../referrals';
import { firstPromoterAffiliate } from './affiliate';
import { firstPromoterReferral } from './referral';

/**
 * FirstPromoter API v2 (https://docs.firstpromoter.com/api-reference-v2/api-admin/introduction): `Authorization:
 * Bearer <API key>` plus an `Account-ID` header, `page` / `per_page` (default 20, at most 100), 400 requests per
 * minute per account and a 429 beyond it (no rate-limit header is documented), errors as `{ message, code }`.
 */
export const FIRSTPROMOTER_API: PlatformApiDefinition = {
	label: 'FirstPromoter',
	credentialType: 'firstPromoterApi',
	defaultBaseUrl: 'https://api.firstpromoter.com/api/v2/company',
	limit: { requests: 400, windowMs: 60_000 },
	errorMessage: (body) => str(obj(body).message) ?? undefined,
	statusHints: {
		401: 'FirstPromoter did not accept the API key or the Account ID: both are under Settings → Integrations → Manage API Keys.',
		403: 'The API key cannot read this resource.',
		404: 'FirstPromoter has no such resource: check the Base URL of the credential (https://api.firstpromoter.com/api/v2/company).',
		429: 'FirstPromoter kept throttling after every allowed retry; another integration may be using the same account.',
	},
};

export const FIRSTPROMOTER_PAGE_SIZE = 100;

/**
 * A list endpoint's records a page at a time. Answers carry no page count (promoters come as `{ data, meta }`,
 * referrals as a bare array), so a page shorter than asked for is the last one.
 */
async function* pages(client: PlatformClient, path: string, qs: IDataObject, itemIndex: number): AsyncGenerator<Json[]> {
	for (let page = 1; ; page++) {
		const { body } = await client.get<unknown>(path, { ...qs, page, per_page: FIRSTPROMOTER_PAGE_SIZE }, itemIndex);
		const list: unknown = Array.isArray(body) ? body : obj(body).data;
		if (!Array.isArray(list)) throw client.unexpectedAnswer(path, 'a list of records', itemIndex);
		const records = list.filter(isObject);
		yield records;
		if (records.length < FIRSTPROMOTER_PAGE_SIZE) return;
	}
}

export const FIRSTPROMOTER_SOURCE: PlatformSource = {
	api: FIRSTPROMOTER_API,
	/** Approved only asks the server for `filters[state]=accepted` (accepted in a campaign); update times are filtered here. */
	async *affiliate(client, selection, itemIndex, now) {
		const qs = selection.status === 'approved' ? { 'filters[state]': 'accepted' } : {};
		for await (const records of pages(client, '/promoters', qs, itemIndex)) {
			yield records.map((record) => affiliateRecord('firstpromoter', firstPromoterAffiliate(record), now));
		}
	},
	/** Conversions only asks for `filters[type]=customer`; update times are filtered here. */
	async *referral(client, selection, itemIndex, now) {
		const qs = selection.status === 'conversions' ? { 'filters[type]': 'customer' } : {};
		for await (const records of pages(client, '/referrals', qs, itemIndex)) {
			yield records.map((record) => referralRecord('firstpromoter', firstPromoterReferral(record), now));
		}
	},
};

import type { IDataObject } from 'n8n-workflow';

import { isObject, obj, str, type Json } from '../../webhooks/platforms/fields';
import { affiliateRecord } from '../affiliates';
import type { PlatformApiDefinition, PlatformClient } from '../client';
import type { PlatformSource } from '../index';
import { referralRecord } from '../referrals';
import { rewardfulAffiliate } from './affiliate';
import { rewardfulReferral } from './referral';

/**
 * Rewardful REST API v1 (https://developers.rewardful.com/rest-api/overview): HTTP Basic with the API secret as the
 * username, pages of at most 100 (`page`, `limit`) in `{ pagination: { next_page, … }, data }`, errors as
 * `{ error }`, and — as its overview states — 45 requests per 30-second window per account, 429 beyond it with
 * draft RateLimit-* headers.
 */
export const REWARDFUL_API: PlatformApiDefinition = {
	label: 'Rewardful',
	credentialType: 'rewardfulApi',
	defaultBaseUrl: 'https://api.getrewardful.com/v1',
	limit: { requests: 45, windowMs: 30_000 },
	errorMessage: (body) => str(obj(body).error) ?? undefined,
	statusHints: {
		401: 'Rewardful did not accept the API secret: copy it again from Rewardful → Company Settings.',
		403: 'Rewardful refused this read for the API secret: copy the secret again from Rewardful → Company Settings.',
		404: 'Rewardful has no such resource: check the Base URL of the credential (https://api.getrewardful.com/v1).',
		429: 'Rewardful kept throttling after every allowed retry; another integration may be using the same account.',
	},
};

export const REWARDFUL_PAGE_SIZE = 100;

/** A list endpoint's records, a page at a time, following `pagination.next_page` until it is null (a page never goes back). */
async function* pages(client: PlatformClient, path: string, qs: IDataObject, itemIndex: number): AsyncGenerator<Json[]> {
	for (let page: number | null = 1; page !== null; ) {
		const { body } = await client.get<unknown>(path, { ...qs, page, limit: REWARDFUL_PAGE_SIZE }, itemIndex);
		const { data, pagination } = obj(body);
		if (!Array.isArray(data)) throw client.unexpectedAnswer(path, 'a `data` list', itemIndex);
		yield data.filter(isObject);
		// Without a pagination object (not documented to happen) a full page may have more behind it, as on FirstPromoter.
		const next: number = isObject(pagination) ? Number(pagination.next_page) : data.length >= REWARDFUL_PAGE_SIZE ? page + 1 : NaN;
		page = Number.isInteger(next) && next > page ? next : null;
	}
}

export const REWARDFUL_SOURCE: PlatformSource = {
	api: REWARDFUL_API,
	/** Newest first, Rewardful's only order. The list filters neither by state nor by update time: the caller does. */
	async *affiliate(client, _selection, itemIndex, now) {
		for await (const records of pages(client, '/affiliates', { expand: ['campaign', 'links'] }, itemIndex)) {
			yield records.map((record) => affiliateRecord('rewardful', rewardfulAffiliate(record), now));
		}
	},
	/** Leads and conversions (visitors have no one to write to), with the affiliate expanded; `updated_since` on the server. */
	async *referral(client, selection, itemIndex, now) {
		const qs: IDataObject = {
			expand: ['affiliate'],
			conversion_state: selection.status === 'conversions' ? ['conversion'] : ['lead', 'conversion'],
			...(selection.updatedSince !== undefined ? { updated_since: new Date(selection.updatedSince).toISOString() } : {}),
		};
		for await (const records of pages(client, '/referrals', qs, itemIndex)) {
			yield records.map((record) => referralRecord('rewardful', rewardfulReferral(record), now));
		}
	},
};

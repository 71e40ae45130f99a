import type { IDataObject } from 'n8n-workflow';

import type { KlaviyoOperation } from '../../nodes/shared/klaviyo/rateLimits';
import { AFFILIATE_LIST, METRIC } from './data';
import type { RateGate as RateGateClass } from '../../nodes/shared/klaviyo/rateGate';
import { BENCH_API_KEY } from './pipeline';

/**
 * What peer tools (Zapier, Make, Pipedream, other n8n Klaviyo nodes) do for each record of a backfill: one
 * profile-import, one subscription call carrying that one profile, one POST /api/events. To make the comparison
 * about calls and tiers rather than about pacing, the baseline gets the nodes' own rate gate and honours
 * Retry-After: the best a per-record tool could do. Records run `concurrency` at a time, each through its 3 steps.
 */
export interface BaselineRun {
	wallMs: number;
	failures: number;
	retries: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runBaseline(
	RateGate: typeof RateGateClass,
	baseUrl: string,
	rows: IDataObject[],
	concurrency = 10,
): Promise<BaselineRun> {
	const gate = new RateGate();
	let retries = 0;
	let failures = 0;
	const call = async (operation: KlaviyoOperation, path: string, body: IDataObject): Promise<void> => {
		for (let attempt = 1; attempt <= 8; attempt++) {
			await gate.acquire(operation);
			const response = await fetch(`${baseUrl}${path}`, {
				method: 'POST',
				headers: {
					authorization: `Klaviyo-API-Key ${BENCH_API_KEY}`,
					revision: '2026-07-15',
					accept: 'application/vnd.api+json',
					'content-type': 'application/vnd.api+json',
				},
				body: JSON.stringify(body),
			});
			await response.arrayBuffer();
			if (response.ok) return;
			if (response.status !== 429 && response.status < 500) break;
			retries += 1;
			const waitMs = Number(response.headers.get('retry-after') ?? '1') * 1000;
			if (response.status === 429) gate.blockFor(operation, waitMs);
			await sleep(waitMs);
		}
		failures += 1;
	};
	const perRecord = async (row: IDataObject) => {
		const email = String(row.email);
		await call('createOrUpdateProfile', '/api/profile-import', {
			data: {
				type: 'profile',
				attributes: {
					email,
					first_name: row.first_name,
					last_name: row.last_name,
					properties: { 'Affiliate Referral Link': row.referral_link, 'Affiliate Coupon Code': row.coupon_code },
				},
			},
		});
		await call('bulkSubscribeProfiles', '/api/profile-subscription-bulk-create-jobs', {
			data: {
				type: 'profile-subscription-bulk-create-job',
				attributes: {
					custom_source: 'Affiliate program',
					profiles: {
						data: [{ type: 'profile', attributes: { email, subscriptions: { email: { marketing: { consent: 'SUBSCRIBED' } } } } }],
					},
				},
				relationships: { list: { data: { type: 'list', id: AFFILIATE_LIST.id } } },
			},
		});
		await call('createEvent', '/api/events', {
			data: {
				type: 'event',
				attributes: {
					properties: { 'Referral Link': row.referral_link, 'Coupon Code': row.coupon_code },
					metric: { data: { type: 'metric', attributes: { name: METRIC } } },
					profile: { data: { type: 'profile', attributes: { email } } },
				},
			},
		});
	};
	const started = Date.now();
	let next = 0;
	const worker = async () => {
		while (next < rows.length) await perRecord(rows[next++]);
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
	return { wallMs: Date.now() - started, failures, retries };
}

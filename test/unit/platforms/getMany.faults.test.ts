import type { IDataObject } from 'n8n-workflow';

import { AffiliatePlatform } from '../../../nodes/AffiliatePlatform/AffiliatePlatform.node';
import { REWARDFUL_API } from '../../../nodes/shared/platforms/rewardful/transport';
import { windowGateFor } from '../../../nodes/shared/platforms/windowGate';
import type { StoredCredential } from '../../harness/credentialsHelper';
import { runNode } from '../../harness/runWorkflow';
import { FIRSTPROMOTER_ACCOUNT, FIRSTPROMOTER_KEY, startFirstPromoterDouble, type FirstPromoterDouble } from '../../platformDoubles/firstpromoter';
import { REWARDFUL_SECRET, startRewardfulDouble, type RewardfulDouble } from '../../platformDoubles/rewardful';
import { seedPeople } from '../../platformDoubles/seed';

/**
 * The Affiliate Platform node against the platform doubles when things go wrong: lists that shift mid-read, servers
 * that ignore paging or answer something else than the documented list, echoed secrets, absurd waits.
 */
let rewardful: RewardfulDouble;
let firstPromoter: FirstPromoterDouble;

beforeEach(async () => {
	rewardful = await startRewardfulDouble({ seed: 150 });
	firstPromoter = await startFirstPromoterDouble({ seed: 150 });
});
afterEach(async () => await Promise.all([rewardful.close(), firstPromoter.close()]));

const CREDENTIAL_NAMES = { rewardful: 'Rewardful (shop A)', firstpromoter: 'FirstPromoter (shop A)' };

async function pull(platform: 'rewardful' | 'firstpromoter', parameters: IDataObject = {}, options: { items?: IDataObject[]; continueOnFail?: boolean } = {}) {
	const credential: StoredCredential =
		platform === 'rewardful'
			? { id: 'rw-faults', name: CREDENTIAL_NAMES.rewardful, type: 'rewardfulApi', data: { apiSecret: REWARDFUL_SECRET, baseUrl: rewardful.url } }
			: { id: 'fp-faults', name: CREDENTIAL_NAMES.firstpromoter, type: 'firstPromoterApi', data: { apiKey: FIRSTPROMOTER_KEY, accountId: FIRSTPROMOTER_ACCOUNT, baseUrl: firstPromoter.url } };
	return await runNode({
		nodeType: new AffiliatePlatform(),
		parameters: { platform, resource: 'affiliate', operation: 'getAll', returnAll: true, ...parameters },
		items: options.items ?? [{}],
		credentials: [credential],
		continueOnFail: options.continueOnFail,
	});
}

const emails = (output: Array<{ json: IDataObject }>) => output.map((item) => (item.json.affiliate as { email: string }).email);

describe('paging that shifts or loops', () => {
	it('an affiliate created between two pages does not return the one pushed onto the next page twice', async () => {
		rewardful.onServed((request) => {
			if (request.query.get('page') === '1') rewardful.add(seedPeople(1, Date.now(), 'late'));
		});
		const { output, error } = await pull('rewardful');
		expect(error).toBeUndefined();
		expect(rewardful.requests()).toHaveLength(2);
		expect(new Set(emails(output)).size).toBe(output.length);
		expect(output).toHaveLength(120);
	});

	it('a server that ignores the page number fails the item instead of reading the same page forever', async () => {
		const firstPage = [...firstPromoter.promoters()].reverse().slice(0, 100);
		firstPromoter.failNext({ count: 30, answer: { status: 200, body: { data: firstPage, meta: { pending_count: 0 } } } });
		const { output, error } = await pull('firstpromoter', { status: 'any' }, { continueOnFail: true });
		expect(error).toBeUndefined();
		expect(firstPromoter.requests()).toHaveLength(2);
		expect(output).toHaveLength(1);
		expect(String(output[0].json.error)).toMatch(/^FirstPromoter: the platform sent a page of 100 records that this read had all seen already/);
	});
});

describe('answers that are not the documented list', () => {
	it.each([
		['rewardful', { error: 'maintenance' }, 'Rewardful answered GET /affiliates without a `data` list'],
		['firstpromoter', { message: 'ok' }, 'FirstPromoter answered GET /promoters without a list of records'],
	] as const)('%s: a 2xx JSON without the list fails the item (never read as an empty account)', async (platform, body, message) => {
		(platform === 'rewardful' ? rewardful : firstPromoter).failNext({ count: 1, answer: { status: 200, body } });
		const { output, error } = await pull(platform, {}, { items: [{}, {}], continueOnFail: true });
		expect(error).toBeUndefined();
		expect(output.map((item) => [item.json.error, item.pairedItem])).toEqual([
			[message, { item: 0 }],
			...output.slice(1).map((item) => [undefined, item.pairedItem]),
		]);
		expect(output.slice(1).every((item) => (item.pairedItem as { item: number }).item === 1)).toBe(true);
	});

	it('a web page with status 200 (a wrong Base URL) fails at once; JSON cut off on the way is read again', async () => {
		rewardful.failNext({ count: 1, answer: { status: 200, body: '<!doctype html><title>Sign in</title>' } });
		const started = Date.now();
		const { error } = await pull('rewardful');
		expect(error?.message).toBe('Could not reach Rewardful (GET /affiliates): Rewardful answered with a web page, not JSON');
		expect(Date.now() - started).toBeLessThan(5000);
		expect(rewardful.requests()).toHaveLength(1);

		rewardful.clearRequests();
		rewardful.failNext({ count: 1, answer: { status: 200, headers: { 'content-type': 'application/json' }, body: '{"pagination":{"next_page":2},"data":[{"id":' } });
		const retried = await pull('rewardful');
		expect(retried.error).toBeUndefined();
		expect(retried.output).toHaveLength(120);
	});
});

describe('errors never carry the secret, and name the credential', () => {
	it('a platform echoing the secret in its error text: redacted', async () => {
		rewardful.failNext({ count: 1, answer: { status: 401, body: { error: `Invalid API Secret ${REWARDFUL_SECRET}.` } } });
		const { error } = await pull('rewardful');
		expect(error?.message).toBe('Rewardful 401: Invalid API Secret [redacted].');
		expect(JSON.stringify(error)).not.toContain(REWARDFUL_SECRET);
	});

	it('a refused key names the credential used', async () => {
		firstPromoter.failNext({ count: 1, answer: { status: 401 } });
		const { error } = await pull('firstpromoter');
		expect(error?.message).toBe('FirstPromoter 401: request failed');
		expect(error?.description).toContain(`Credential used: “${CREDENTIAL_NAMES.firstpromoter}”`);
	});
});

describe('a 429 asking for a wait longer than the retry budget', () => {
	it('fails at once saying how long, and holds the shared gate one window at most', async () => {
		rewardful.failNext({ count: 1, answer: { status: 429, headers: { 'Retry-After': '86400' }, body: { error: 'Rate limit exceeded.' } } });
		const started = Date.now();
		const { error } = await pull('rewardful');
		expect(Date.now() - started).toBeLessThan(5000);
		expect(error?.message).toBe('Rewardful 429: asked to wait 86400 s (about 24 hours) before GET /affiliates is tried again');
		const gate = windowGateFor(`rewardfulApi:rw-faults:${rewardful.url}:`, REWARDFUL_API.limit);
		expect(gate.waitMs()).toBeGreaterThan(0);
		expect(gate.waitMs()).toBeLessThanOrEqual(REWARDFUL_API.limit.windowMs + 1000);
	});
});

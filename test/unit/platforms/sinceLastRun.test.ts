import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { getMany } from '../../../nodes/AffiliatePlatform/getMany';

/**
 * Since Last Run through the node's own code, with n8n's context faked: what time a read starts from, and when the
 * remembered time moves. (n8n saves the node's static data after every non-manual run, failed ones included.)
 */
const OLD = '2026-01-01T00:00:00.000Z';
const RECENT = new Date(Date.now() - 10 * 60_000).toISOString();

const rewardfulAffiliate = (id: string, state: string, updatedAt: string) => ({
	id,
	email: `${id}@example.com`,
	state,
	created_at: OLD,
	updated_at: updatedAt,
	links: [{ url: `https://shop.example.com/?via=${id}`, token: id }],
});
const rewardfulReferral = (id: string, updatedAt: string) => ({
	id,
	conversion_state: 'conversion',
	created_at: OLD,
	updated_at: updatedAt,
	became_conversion_at: updatedAt,
	customer: { email: `${id}@example.net`, name: 'Jo' },
	affiliate: rewardfulAffiliate('a1', 'active', OLD),
});
const page = (data: unknown[]) => ({ statusCode: 200, headers: {}, body: { pagination: { next_page: null }, data } });
const PAGE = page([rewardfulAffiliate('fresh', 'active', RECENT), rewardfulAffiliate('old', 'active', OLD), rewardfulAffiliate('off', 'disabled', OLD)]);

let credentialCount = 0;

/** One node run: `answers` are what the platform says to each call, in turn (a function may throw). */
async function run(parameters: IDataObject, staticData: IDataObject, answers: unknown[], continueOnFail = false): Promise<INodeExecutionData[]> {
	const credentialId = `since-${credentialCount++}`;
	const context = {
		getNodeParameter: (name: string, _item: number, fallback?: unknown) => (name in parameters ? parameters[name] : fallback),
		getWorkflowStaticData: () => staticData,
		getInputData: () => [{ json: {} }],
		continueOnFail: () => continueOnFail,
		getNode: () => ({ id: 'n', name: 'Affiliate Platform', type: 'affiliatePlatform', typeVersion: 1, position: [0, 0], parameters: {}, credentials: { rewardfulApi: { id: credentialId, name: 'R' } } }),
		getCredentials: async () => ({ apiSecret: 'secret-value-123', baseUrl: 'http://rewardful.test/v1' }),
		helpers: {
			httpRequestWithAuthentication: async () => {
				const answer = answers.shift();
				if (answer instanceof Error) throw answer;
				return answer;
			},
		},
	} as unknown as IExecuteFunctions;
	const [output] = await getMany.call(context);
	return output;
}

const ids = (output: INodeExecutionData[]) => output.map((item) => (item.json.affiliate as { id: string }).id);
const base = { platform: 'rewardful', resource: 'affiliate', returnAll: true, options: { sinceLastRun: true } };

describe('Since Last Run', () => {
	it('the time a read of approved affiliates remembered does not cut short a read of any status (or of another platform)', async () => {
		const staticData: IDataObject = {};
		await run(base, staticData, [PAGE]);
		expect(ids(await run({ ...base, status: 'any' }, staticData, [PAGE]))).toEqual(['fresh', 'old', 'off']);
	});

	it('a remembered time that is not a date reads everything instead of failing', async () => {
		const referrals = { ...base, resource: 'referral' };
		const staticData: IDataObject = {};
		await run(referrals, staticData, [page([])]);
		for (const key of Object.keys(staticData)) staticData[key] = 'garbage';
		const output = await run(referrals, staticData, [page([rewardfulReferral('r1', OLD)])]);
		expect(output.map((item) => item.json.error ?? item.json.type)).toEqual(['conversion.created']);
	});
});

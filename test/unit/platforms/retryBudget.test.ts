import type { IExecuteFunctions } from 'n8n-workflow';

import { PlatformClient } from '../../../nodes/shared/platforms/client';
import { REWARDFUL_API } from '../../../nodes/shared/platforms/rewardful/transport';
import { WindowGate } from '../../../nodes/shared/platforms/windowGate';

/**
 * The retry budget through the Affiliate Platform client (issue 20): a platform's Retry-After of exactly what the
 * call has left is honoured, however the jitter falls; one second more fails at once with a message that says so.
 * n8n's context is faked; the gate runs on a fake clock, so only the client's own retry wait (one second) takes real time.
 */
const BUDGET_MS = 1000;

const throttled = (retryAfter: string) => ({ statusCode: 429, headers: { 'retry-after': retryAfter }, body: { error: 'Too many requests' } });
const ok = { statusCode: 200, headers: {}, body: { data: [] } };

async function platform(answers: unknown[]) {
	const calls: unknown[] = [];
	const context = {
		getNode: () => ({ id: 'n', name: 'Affiliate Platform', type: 'affiliatePlatform', typeVersion: 1, position: [0, 0], parameters: {} }),
		getCredentials: async () => ({ apiSecret: 'secret-value-123', baseUrl: 'http://rewardful.test/v1' }),
		helpers: {
			httpRequestWithAuthentication: async (_type: string, options: unknown) => {
				calls.push(options);
				return answers.shift();
			},
		},
	} as unknown as IExecuteFunctions;
	let now = 0;
	const gate = new WindowGate(REWARDFUL_API.limit, () => now, async (ms) => void (now += ms));
	const client = await PlatformClient.open(context, REWARDFUL_API, { gate, retry: { maxTotalWaitMs: BUDGET_MS } });
	return { client, calls };
}

afterEach(() => jest.restoreAllMocks());

describe('a 429 against what is left of the retry budget', () => {
	it.each([0, 0.5, 0.999])('a Retry-After equal to the budget is retried once and the call succeeds (jitter draw %p)', async (draw) => {
		jest.spyOn(Math, 'random').mockReturnValue(draw);
		const timers = jest.spyOn(global, 'setTimeout');
		const { client, calls } = await platform([throttled(String(BUDGET_MS / 1000)), ok]);
		await expect(client.get('/affiliates', {}, 0)).resolves.toMatchObject({ status: 200 });
		expect(calls).toHaveLength(2);
		// The jitter is cut to the budget: the one wait is the Retry-After, never more.
		expect(timers.mock.calls.map(([, ms]) => ms)).toEqual([BUDGET_MS]);
	});

	it('a Retry-After one second past the budget fails at once, saying the wait is longer than what is left', async () => {
		const { client, calls } = await platform([throttled(String(BUDGET_MS / 1000 + 1)), ok]);
		const failure = client.get('/affiliates', {}, 0);
		await expect(failure).rejects.toThrow('Rewardful 429: asked to wait 2 s before GET /affiliates is tried again');
		await expect(failure).rejects.toMatchObject({ description: expect.stringMatching(/^That is longer than this call could still wait \(1 s left/) });
		expect(calls).toHaveLength(1);
	});
});

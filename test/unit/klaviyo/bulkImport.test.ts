import type { KlaviyoRequest } from '../../../nodes/shared/klaviyo/transport';
import { runBulkImports, type BulkImportOptions } from '../../../nodes/shared/klaviyo/bulkImport';
import type { KlaviyoClient } from '../../../nodes/shared/klaviyo/transport';

/** A Klaviyo whose bulk import job never finishes: every poll says "processing". Counts the polls. */
function neverFinishingKlaviyo() {
	const polls: number[] = [];
	const client = {
		request: async (request: KlaviyoRequest) => {
			if (request.method === 'POST') return { status: 202, headers: {}, body: { data: { id: 'job-1' } } };
			polls.push(Date.now());
			return { status: 200, headers: {}, body: { data: { attributes: { status: 'processing' } } } };
		},
	} as unknown as KlaviyoClient;
	return { client, polls };
}

/** The outcome, or 'still waiting' after `ms`: a poll asleep for days must show up as a failure, not a hung run. */
async function within(ms: number, options: BulkImportOptions) {
	const { client, polls } = neverFinishingKlaviyo();
	const started = Date.now();
	let timer: NodeJS.Timeout | undefined;
	const late = new Promise<'still waiting'>((resolve) => (timer = setTimeout(() => resolve('still waiting'), ms)));
	try {
		const outcome = await Promise.race([runBulkImports(client, [{ attributes: { email: 'a@example.com' } }], options), late]);
		return { outcome, polls, started };
	} finally {
		clearTimeout(timer);
	}
}

describe('polling a bulk import job (issue 14: bounded waits)', () => {
	test('a poll interval far past the deadline still gives up at the deadline, not days later', async () => {
		const { outcome, polls } = await within(3000, { pollIntervalMs: 2 ** 40, maxWaitMs: 200 });
		expect(outcome).not.toBe('still waiting');
		expect(polls.length).toBeGreaterThanOrEqual(1);
		const [failed] = (outcome as Exclude<typeof outcome, 'still waiting'>).failedJobs;
		expect(failed.error.message).toMatch(/did not finish in time \(last status "processing"\)/);
	});

	test.each([0, -5, Number.NaN])('a poll interval of %p is not a busy loop: the default interval applies', async (pollIntervalMs) => {
		const { outcome, polls, started } = await within(3000, { pollIntervalMs, maxWaitMs: 1500 });
		expect(outcome).not.toBe('still waiting');
		// The default first wait is a second: a poll then, one at the deadline, perhaps one more as the timer rounds;
		// a busy loop makes hundreds.
		expect(polls.length).toBeGreaterThanOrEqual(1);
		expect(polls.length).toBeLessThanOrEqual(3);
		expect(polls[0] - started).toBeGreaterThanOrEqual(900);
	});
});

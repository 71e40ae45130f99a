import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { StoredCredential } from '../harness/credentialsHelper';
import { runNode } from '../harness/runWorkflow';
import { transportProbeNode } from '../harness/transportProbeNode';
import { FAKE_API_KEY } from './support';

/**
 * Issue 14: a Retry-After longer than a call may wait fails that call at once, and never wedges the rate gate that
 * every execution on the same credential shares. Through the transport in n8n-core, with the probe node.
 */

const lists = { operation: 'getLists', method: 'GET', path: '/api/lists' };

/**
 * A Klaviyo stand-in for Retry-After values the double does not send (HTTP-dates, garbage): each call to
 * /api/lists answers 429 with the next queued Retry-After, then 200 once the queue is empty.
 */
async function startThrottlingServer(): Promise<{ url: string; queue: string[]; calls: number[]; close: () => Promise<void> }> {
	const queue: string[] = [];
	const calls: number[] = [];
	const server: Server = createServer((request, response) => {
		calls.push(Date.now());
		request.resume();
		const retryAfter = queue.shift();
		const status = retryAfter === undefined ? 200 : 429;
		const body =
			status === 200
				? { data: [] }
				: { errors: [{ id: 'e1', status: 429, code: 'throttled', title: 'Request was throttled.', detail: 'Request was throttled.' }] };
		response.writeHead(status, { 'content-type': 'application/vnd.api+json', ...(retryAfter === undefined ? {} : { 'retry-after': retryAfter }) });
		response.end(JSON.stringify(body));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		queue,
		calls,
		close: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

describe('a Retry-After longer than the call can wait (issue 14)', () => {
	let server: Awaited<ReturnType<typeof startThrottlingServer>>;
	beforeAll(async () => (server = await startThrottlingServer()));
	afterAll(async () => await server.close());
	beforeEach(() => {
		server.queue.length = 0;
		server.calls.length = 0;
	});

	let credentialCount = 0;
	/** Every run of one test uses the same credential, so they share the process-wide rate gate as executions do. */
	const sharedCredential = (): StoredCredential => ({
		id: `cred-retry-after-${++credentialCount}`,
		name: 'Klaviyo key',
		type: 'klaviyoApi',
		data: { apiKey: FAKE_API_KEY, baseUrl: server.url },
	});
	const execution = (credential: StoredCredential, clientOptions: Parameters<typeof transportProbeNode>[0] = {}) =>
		runNode({ nodeType: transportProbeNode(clientOptions), parameters: { authentication: 'apiKey' }, items: [lists] as never, credentials: [credential], continueOnFail: true });

	/** The run, or 'still waiting' when it has not finished within `ms` (a wedged gate would hold it for days). */
	async function within(ms: number, run: Promise<Awaited<ReturnType<typeof execution>>>) {
		let timer: NodeJS.Timeout | undefined;
		const late = new Promise<'still waiting'>((resolve) => (timer = setTimeout(() => resolve('still waiting'), ms)));
		try {
			return await Promise.race([run, late]);
		} finally {
			clearTimeout(timer);
		}
	}

	// An HTTP-date drops the milliseconds, so the stated wait is 3,455,999 or 3,456,000 s depending on the clock.
	const fortyDaysAhead = () => new Date(Date.now() + 40 * 86_400_000).toUTCString();

	test.each([
		['86400 seconds', () => '86400', /asked to wait 86400 s \(about 24 hours\)/],
		['an HTTP-date 40 days ahead (past what a timer holds)', fortyDaysAhead, /asked to wait 345(59\d\d|60\d\d) s \(about 40 days\)/],
	])('%s: the call fails at once without a retry, and the next execution is not held up', async (_name, retryAfter, message) => {
		const credential = sharedCredential();
		server.queue.push(retryAfter());
		const started = Date.now();
		const first = await within(5000, execution(credential));
		expect(first).not.toBe('still waiting');
		const { output } = first as Awaited<ReturnType<typeof execution>>;
		expect(output[0].json.error).toMatch(/^Klaviyo 429: /);
		expect(output[0].json.error).toMatch(message);
		expect(output[0].json.description).toMatch(/Retry-After: .+".*failed at once and was not retried/);
		expect(server.calls).toHaveLength(1);
		expect(Date.now() - started).toBeLessThan(2000);

		// Same credential, same process: the next execution shares the rate gate the 429 was reported to.
		const nextStarted = Date.now();
		const next = await within(5000, execution(credential));
		expect(next).not.toBe('still waiting');
		expect((next as Awaited<ReturnType<typeof execution>>).output[0].json.status).toBe(200);
		// Held no longer than after a bare 429 (one second), not for the stated day or weeks.
		expect(Date.now() - nextStarted).toBeLessThan(2500);
	});

	// Values the old reading took for huge waits (1e9 s, 0x7fffffff s, a date far ahead) or kept as a block.
	test.each(['1e9', '0x7fffffff', '-5', 'Dec 2099'])(
		'garbage (%p) counts as no Retry-After: retried after a second, and the next execution is not held up',
		async (garbage) => {
			const credential = sharedCredential();
			server.queue.push(garbage);
			const first = await within(5000, execution(credential));
			expect(first).not.toBe('still waiting');
			expect((first as Awaited<ReturnType<typeof execution>>).output[0].json.status).toBe(200);
			expect(server.calls).toHaveLength(2);
			expect(server.calls[1] - server.calls[0]).toBeGreaterThanOrEqual(1000);
			const nextStarted = Date.now();
			const next = await within(5000, execution(credential));
			expect((next as Awaited<ReturnType<typeof execution>>).output[0].json.status).toBe(200);
			// The old reading held the gate for the garbage's "wait" (days); a loaded CI machine may take a second.
			expect(Date.now() - nextStarted).toBeLessThan(2500);
		},
	);

	test('a Retry-After of exactly the retry budget is retried every time: the jitter is cut, it does not decide', async () => {
		const credential = sharedCredential();
		const attempts = 5;
		const results = [];
		for (let run = 0; run < attempts; run++) {
			server.calls.length = 0;
			server.queue.push('1');
			const result = await within(5000, execution(credential, { retry: { maxTotalWaitMs: 1000 } }));
			expect(result).not.toBe('still waiting');
			results.push((result as Awaited<ReturnType<typeof execution>>).output[0].json.status);
			expect(server.calls).toHaveLength(2);
			expect(server.calls[1] - server.calls[0]).toBeGreaterThanOrEqual(1000);
		}
		expect(results).toEqual(Array(attempts).fill(200));
	});

	test('an HTTP-date a few seconds ahead is waited for, then retried', async () => {
		const credential = sharedCredential();
		server.queue.push(new Date(Date.now() + 3000).toUTCString());
		const result = await within(8000, execution(credential));
		expect((result as Awaited<ReturnType<typeof execution>>).output[0].json.status).toBe(200);
		expect(server.calls).toHaveLength(2);
		expect(server.calls[1] - server.calls[0]).toBeGreaterThanOrEqual(1000);
	});
});

import { KlaviyoClient, type KlaviyoClientOptions } from '../../../nodes/shared/klaviyo/transport';
import type { RetryPolicy } from '../../../nodes/shared/klaviyo/retryPolicy';

/**
 * The transport settings of the suite: a short timeout and a small retry budget, so a slow answer or a fault that
 * never ends costs about a second instead of the production 30 s timeout and 180 s retry budget. The nodes open
 * their client with `KlaviyoClient.open(context, authentication)`; the suite wraps that factory and adds these
 * options — no node parameter and no production code path exists only for tests.
 */
export const SUITE_TRANSPORT: { timeoutMs: number; retry: RetryPolicy } = {
	timeoutMs: 400,
	retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 40, maxTotalWaitMs: 2_500 },
};

export function useSuiteTransport(): { opened(): number } {
	let spy: jest.SpyInstance | undefined;
	beforeAll(() => {
		const open = KlaviyoClient.open.bind(KlaviyoClient);
		spy = jest
			.spyOn(KlaviyoClient, 'open')
			.mockImplementation(async (context, authentication, options: KlaviyoClientOptions = {}) =>
				await open(context, authentication, {
					...options,
					timeoutMs: options.timeoutMs ?? SUITE_TRANSPORT.timeoutMs,
					retry: { ...SUITE_TRANSPORT.retry, ...options.retry },
				}),
			);
	});
	afterAll(() => spy?.mockRestore());
	return { opened: () => spy?.mock.calls.length ?? 0 };
}

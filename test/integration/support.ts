import type { IDataObject, INodeParameters, INodeType } from 'n8n-workflow';

import { startKlaviyoDouble } from '../double';
import type { KlaviyoDouble, KlaviyoDoubleOptions, RequestLogEntry } from '../double/types';
import type { StoredCredential } from '../harness/credentialsHelper';
import { runNode, type RunNodeResult } from '../harness/runWorkflow';

export const FAKE_API_KEY = 'pk_test_FAKE_SECRET_0123456789abcdef';

/** Starts one Klaviyo double for the file (fast rate limits unless a test asks otherwise) and resets it per test. */
export function useKlaviyoDouble(options: KlaviyoDoubleOptions = {}): () => KlaviyoDouble {
	let double: KlaviyoDouble;
	beforeAll(async () => {
		double = await startKlaviyoDouble({
			quiet: true,
			jobDurationMs: 50,
			rateLimits: { enabled: true, multiplier: 100 },
			...options,
		});
	});
	afterAll(async () => await double?.close());
	beforeEach(() => double.reset());
	return () => double;
}

export function apiKeyCredential(double: KlaviyoDouble): StoredCredential {
	return { id: 'cred-key', name: 'Klaviyo key', type: 'klaviyoApi', data: { apiKey: FAKE_API_KEY, baseUrl: double.url } };
}

export async function runWithApiKey(
	double: KlaviyoDouble,
	nodeType: INodeType,
	parameters: INodeParameters,
	items: IDataObject[],
	continueOnFail = false,
): Promise<RunNodeResult> {
	return await runNode({
		nodeType,
		parameters: { authentication: 'apiKey', ...parameters },
		items,
		credentials: [apiKeyCredential(double)],
		continueOnFail,
	});
}

/** How many calls each Klaviyo operation received (faulted and retried calls included). */
export function callsByOperation(requests: RequestLogEntry[]): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const entry of requests) {
		if (!entry.path.startsWith('/api/')) continue;
		const key = entry.operationId ?? `${entry.method} ${entry.path}`;
		counts[key] = (counts[key] ?? 0) + 1;
	}
	return counts;
}

/** The double's answers must never break Klaviyo's response schemas, whatever a test did. */
export function expectNoResponseViolations(double: KlaviyoDouble): void {
	const violations = double.requests().flatMap((entry) => entry.responseViolations ?? []);
	expect(violations).toEqual([]);
}

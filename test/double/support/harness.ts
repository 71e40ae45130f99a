import axios from 'axios';
import { appendFileSync } from 'node:fs';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { FILE_ENV, NEEDS_SPEC_TAG } = require('../../harness/specSkips') as { FILE_ENV: string; NEEDS_SPEC_TAG: string };
import { startKlaviyoDouble } from '../server';
import { loadSpec, OperationObject } from '../specLoader';
import { SpecValidator } from '../specValidator';
import { KlaviyoDouble, KlaviyoDoubleOptions } from '../types';

export const API_KEY = 'pk_double_test_0123456789abcdef';
export const REVISION = '2026-07-15';

const spec = loadSpec();

export const specPresent = spec !== null;

/**
 * Tests that only Klaviyo's spec can decide (its examples, its parameter lists, its scopes, its rate-limit
 * extension). Without the spec they skip, and the run's last lines count them (test/harness/specSkips.js); every
 * other test of the double runs against the facts in ownContract.ts.
 */
export function describeNeedsSpec(name: string, body: () => void): void {
	(spec ? describe : describe.skip)(`${name} ${NEEDS_SPEC_TAG}`, body);
}

/** Notes one assertion that needed the spec and could not be made (counted in the run's summary line). */
export function recordSkippedSpecAssertion(what: string): void {
	const file = process.env[FILE_ENV];
	if (file) appendFileSync(file, `${what}\n`);
}

/** One double per test file, reset before each test; every answer it gave must match the spec's response schemas. */
export function useDouble(options: KlaviyoDoubleOptions = {}): () => KlaviyoDouble {
	let double: KlaviyoDouble | undefined;
	beforeAll(async () => {
		double = await startKlaviyoDouble({ quiet: true, jobDurationMs: 0, rateLimits: { enabled: true, multiplier: 100 }, ...options });
	});
	afterAll(async () => await double?.close());
	beforeEach(() => double?.reset());
	afterEach(() => {
		const violations = (double?.requests() ?? []).flatMap((entry) => (entry.responseViolations ?? []).map((v) => `${entry.operationId}: ${v}`));
		expect(violations).toEqual([]);
	});
	return () => {
		if (!double) throw new Error('double not started');
		return double;
	};
}

export interface CallOptions {
	body?: unknown;
	/** Raw body text (sent as is). */
	raw?: string;
	query?: Record<string, string>;
	/** Authorization header; null leaves it out. Default: the test private key. */
	auth?: string | null;
	/** revision header; null leaves it out. */
	revision?: string | null;
	contentType?: string | null;
	headers?: Record<string, string>;
}

export interface CallResult {
	status: number;
	headers: Record<string, string>;
	text: string;
	// Answers are JSON of many shapes; tests read them loosely.
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	body: any;
}

/** Calls the double the way a client would (axios), never throwing on a status. */
export async function call(double: KlaviyoDouble, method: string, path: string, options: CallOptions = {}): Promise<CallResult> {
	const headers: Record<string, string> = { accept: 'application/vnd.api+json', ...options.headers };
	if (options.auth !== null) headers.authorization = options.auth ?? `Klaviyo-API-Key ${API_KEY}`;
	if (options.revision !== null) headers.revision = options.revision ?? REVISION;
	const data = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
	if (data !== undefined && options.contentType !== null) headers['content-type'] = options.contentType ?? 'application/vnd.api+json';
	const response = await axios.request({
		method,
		url: double.url + path,
		params: options.query,
		data,
		headers,
		validateStatus: () => true,
		transformResponse: (text: string) => text,
		responseType: 'text',
	});
	const text = String(response.data ?? '');
	let body: unknown = undefined;
	try {
		body = text === '' ? undefined : JSON.parse(text);
	} catch {
		body = undefined;
	}
	return { status: response.status, headers: response.headers as Record<string, string>, text, body };
}

let validator: SpecValidator | undefined;

function operation(operationId: string): OperationObject {
	for (const item of Object.values(spec?.paths ?? {})) {
		for (const op of Object.values(item)) if (op?.operationId === operationId) return op;
	}
	throw new Error(`Unknown operation ${operationId}`);
}

/** Checks an answer against the spec's response schema for that operation and status (independently of the double's log). */
export function specViolations(operationId: string, result: CallResult, sparse = false): string[] {
	if (!spec) {
		recordSkippedSpecAssertion(`${operationId} ${result.status}`);
		return [];
	}
	validator ??= new SpecValidator(spec);
	return validator.validateResponse(operation(operationId), result.status, result.body, sparse);
}

/** The ids the spec's examples use, so example bodies work unchanged. */
export const EXAMPLE_PROFILE_ID = '01GDDKASAP8TKDDA2GRZDSVP4H';
export const EXAMPLE_LIST_IDS = ['Y6nRLr', 'VRgFBd'];

export function seedExampleIds(double: KlaviyoDouble): void {
	double.seed({
		lists: [
			{ id: 'Y6nRLr', name: 'Example list (single)', opt_in_process: 'single_opt_in' },
			{ id: 'VRgFBd', name: 'Example list (import)', opt_in_process: 'single_opt_in' },
		],
		profiles: [{ id: EXAMPLE_PROFILE_ID, attributes: { external_id: 'example-profile' } }],
	});
}

/** Waits (real time) until every job of the double is complete. */
export async function settleJobs(double: KlaviyoDouble): Promise<void> {
	for (let i = 0; i < 200 && double.state().jobs.some((job) => job.status !== 'complete'); i++) {
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

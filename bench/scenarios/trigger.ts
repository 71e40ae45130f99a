import type { WebhookModule } from '../lib/dist';
import { percentile, round } from '../lib/stats';
import { refersionDelivery, standardWebhooksDelivery, type SignedDelivery } from '../lib/webhookBodies';

export interface Timing {
	p50_us: number;
	p99_us: number;
}

export interface DeliveryTiming {
	body: string;
	bytes: number;
	/** verifyWebhookSignature on the raw bytes + normalizeAffiliateWebhook of the parsed body (parsed untimed, fresh each time). */
	verify_normalize: Timing;
	/** Everything a delivery costs before a workflow runs: verify, JSON.parse of the Buffer, normalize. */
	verify_parse_normalize: Timing;
	verify: Timing;
	normalize: Timing;
	/** Inside normalize: the zod check every normalized event goes through (normalizedEventSchema.parse). */
	schema_check: Timing;
	/** The yardstick: JSON.parse of the same body (from the same Buffer), which any webhook receiver pays. */
	json_parse: Timing;
	over_json_parse_p50: number;
}

export interface TriggerResult {
	iterations: number;
	warmup: number;
	deliveries: DeliveryTiming[];
	/** The slower body's verify + normalize p50 (JSON.parse not included: it is the yardstick beside it). */
	verify_normalize_us_p50: number;
	verify_normalize_us_p99: number;
	/** The slower body's verify + JSON.parse + normalize p50: the whole per-delivery cost. */
	verify_parse_normalize_us_p50: number;
}

interface Case {
	name: keyof Omit<DeliveryTiming, 'body' | 'bytes' | 'over_json_parse_p50'>;
	fn: (input: unknown) => unknown;
	/** Untimed, before each call: its input (a freshly parsed body, as each delivery has its own). */
	prepare: () => unknown;
}

/**
 * Times every case once per round, round after round (after `warmup` untimed rounds for the JIT), with the
 * monotonic clock. Interleaving gives each case the same share of whatever else the machine is doing, so their
 * ratios hold even when the p50s move with the load.
 */
function timeCases(cases: Case[], iterations: number, warmup: number): Record<Case['name'], Timing> {
	const samples = cases.map(() => new Float64Array(iterations));
	let sink = 0;
	for (let round = -warmup; round < iterations; round++) {
		cases.forEach((testCase, index) => {
			const input = testCase.prepare();
			const start = process.hrtime.bigint();
			const result = testCase.fn(input);
			const elapsed = Number(process.hrtime.bigint() - start) / 1000;
			if (round >= 0) samples[index][round] = elapsed;
			// Uses every result, so the engine cannot drop the work as dead code.
			sink += result ? 1 : 0;
		});
	}
	if (sink < 0) throw new Error('unreachable');
	const timings = {} as Record<Case['name'], Timing>;
	cases.forEach((testCase, index) => {
		const sorted = Array.from(samples[index]).sort((a, b) => a - b);
		timings[testCase.name] = { p50_us: round(percentile(sorted, 50), 2), p99_us: round(percentile(sorted, 99), 2) };
	});
	return timings;
}

function timeDelivery(webhooks: WebhookModule, delivery: SignedDelivery, iterations: number, warmup: number): DeliveryTiming {
	const { rawBody, headers, secret, scheme, platform } = delivery;
	const verify = () => webhooks.verifyWebhookSignature({ scheme, secret, headers, rawBody });
	const parse = () => JSON.parse(rawBody.toString('utf8')) as unknown;
	const normalize = (body: unknown, deliveryId?: string) =>
		webhooks.normalizeAffiliateWebhook({ platform, headers, body, options: { deliveryId } });
	const first = verify();
	const events = normalize(parse(), first.deliveryId);
	if (!first.valid || events.length === 0 || events[0].type === 'unknown') {
		throw new Error(`${delivery.label} body does not verify and normalize: ${first.reason ?? ''} ${events[0]?.type ?? 'no event'}`);
	}
	const none = () => undefined;
	const timings = timeCases(
		[
			{
				name: 'verify_normalize',
				fn: (body) => {
					const verdict = verify();
					return verdict.valid ? normalize(body, verdict.deliveryId) : undefined;
				},
				prepare: parse,
			},
			{
				name: 'verify_parse_normalize',
				fn: () => {
					const verdict = verify();
					return verdict.valid ? normalize(parse(), verdict.deliveryId) : undefined;
				},
				prepare: none,
			},
			{ name: 'verify', fn: verify, prepare: none },
			{ name: 'normalize', fn: (body) => normalize(body, first.deliveryId), prepare: parse },
			{ name: 'schema_check', fn: () => webhooks.normalizedEventSchema.parse(events[0]), prepare: none },
			{ name: 'json_parse', fn: parse, prepare: none },
		],
		iterations,
		warmup,
	);
	return {
		body: delivery.label,
		bytes: rawBody.length,
		...timings,
		over_json_parse_p50: round(timings.verify_normalize.p50_us / timings.json_parse.p50_us, 1),
	};
}

export function runTrigger(webhooks: WebhookModule, iterations = 20_000, warmup = 3_000): TriggerResult {
	const deliveries = [refersionDelivery(), standardWebhooksDelivery()].map((delivery) =>
		timeDelivery(webhooks, delivery, iterations, warmup),
	);
	return {
		iterations,
		warmup,
		deliveries,
		verify_normalize_us_p50: Math.max(...deliveries.map((d) => d.verify_normalize.p50_us)),
		verify_normalize_us_p99: Math.max(...deliveries.map((d) => d.verify_normalize.p99_us)),
		verify_parse_normalize_us_p50: Math.max(...deliveries.map((d) => d.verify_parse_normalize.p50_us)),
	};
}

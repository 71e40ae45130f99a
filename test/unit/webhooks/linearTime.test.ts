import { parseVerifiedBody } from '../../../nodes/AffiliateWebhookTrigger/parseBody';
import { normalizeWebhookDelivery, verifyWebhookSignature } from '../../../nodes/shared/webhooks';
import { claimDeliveries, rememberDeliveries, settleDeliveries } from '../../../nodes/shared/webhooks/replayStore';
import { receiveWorstBody, signedWorstBody, WORST_SHAPES, type WorstShape } from '../../../bench/lib/worstBodies';
import { describeGrowth, grewLinearly, growthAttempts } from './growth';

/**
 * Issue 20: what the trigger does with a signed body before any workflow runs — verify, parse, normalize, remember the
 * event ids — takes time in proportion to the body, whatever its shape. Each worst shape we know how to build (long
 * digit runs where amounts and times are read, deep nesting, wide lists and objects, thousands of affiliates and
 * payments, huge names and statuses) is timed at n and at 2n bytes; twice the body may take at most 2.5 times as
 * long. The absolute figures at the trigger's 1 MB cap are the `bodies` bench (npm run bench -- --only bodies).
 *
 * n is the smallest of 64, 128 and 256 KB at which one run takes 20 ms (a lighter shape is timed in repeated runs at
 * 256 KB), so every time is well above the timer's noise and the file stays short. LINEAR_TIME_KB caps n (a small cap
 * lets the old quadratic code fail in seconds, not hours).
 */
const MAX_SMALL_BYTES = Number(process.env.LINEAR_TIME_KB ?? 256) * 1024;
const STEPS = { verifyWebhookSignature, parseVerifiedBody, normalizeWebhookDelivery };
const NOW_SECONDS = 1_767_607_200;
const LONG_ENOUGH_MS = 20;

function elapsedMs(work: () => unknown): number {
	const started = performance.now();
	work();
	return performance.now() - started;
}

/** The work at the smallest size that takes LONG_ENOUGH_MS once (see above), and the same work at twice that size. */
function sized(
	workAt: (bytes: number) => () => unknown,
	fromBytes = Math.min(64 * 1024, MAX_SMALL_BYTES),
	toBytes = MAX_SMALL_BYTES,
): [small: () => unknown, large: () => unknown] {
	let bytes = fromBytes;
	let small = workAt(bytes);
	while (bytes * 2 <= toBytes && elapsedMs(small) < LONG_ENOUGH_MS) {
		bytes *= 2;
		small = workAt(bytes);
	}
	return [small, workAt(2 * bytes)];
}

/**
 * Measured up to three times: the machine's other work (jest's other workers, a collection at the wrong moment) can
 * push one measurement past the limit, while work that grows with the square of its input fails every time (×4).
 */
function expectLinear(label: string, small: () => unknown, large: () => unknown): void {
	const attempts = growthAttempts(small, large);
	const growth = attempts[attempts.length - 1];
	// LINEAR_TIME_REPORT=1 prints every case's figures (for the README and the issue).
	if (process.env.LINEAR_TIME_REPORT) process.stdout.write(`${label}: ${describeGrowth(growth)} (attempt ${attempts.length})\n`);
	if (!grewLinearly(growth)) throw new Error(`${label}: twice the input took ${attempts.map(describeGrowth).join('; then ')}`);
}

/**
 * Nested objects are timed from 1 MiB (175,000 levels): walking tens of thousands of nested containers falls off the
 * processor's caches somewhere between 10,000 and 80,000 levels (a bare walk of 10,000 → 20,000 levels took 11 times
 * as long), a step in time that says nothing about the code; past it, twice the depth takes twice the time again.
 * (From 512 KB the ratio was ×2.1–2.3 on a quiet machine but ×2.6–2.9 on a loaded 2-core CI run; from 1 MiB, ×2.1.)
 * Nested lists (2 bytes a level, not 6) are past it from 64 KB.
 */
const DEEP_FROM_BYTES: Record<string, number> = { 'deep nesting: objects (hashed for the id)': 1024 * 1024 };

/**
 * Bodies of hundreds of thousands of small containers fall off the caches the same way below about 400 KB (JSON.parse
 * and JSON.stringify themselves took 2.7 times as long for twice 100 KB of nested lists, twice as long past 400 KB): they
 * are timed from 512 KB to the 1 MiB cap.
 */
const WALK_FROM_BYTES: Record<string, number> = { 'nesting at the limit (100 deep), side by side': 512 * 1024 };

describe('the trigger reads any signed body in time linear in its size', () => {
	test.each(WORST_SHAPES.map((shape): [string, WorstShape] => [shape.name, shape]))('%s', (name, shape) => {
		// Read as the shape means it (a small copy: refused only when too deep), or its time would prove nothing.
		expect(receiveWorstBody(STEPS, signedWorstBody(shape, 16 * 1024)).status).toBe(shape.deepValue ? 400 : 200);
		const from = WALK_FROM_BYTES[name] ?? Math.min(64 * 1024, MAX_SMALL_BYTES);
		const [small, large] = sized(
			(bytes) => {
				const signed = signedWorstBody(shape, bytes);
				return () => receiveWorstBody(STEPS, signed);
			},
			from,
			Math.max(from, MAX_SMALL_BYTES),
		);
		expectLinear(name, small, large);
	});

	test.each(WORST_SHAPES.filter((shape) => shape.deepValue).map((shape): [string, WorstShape] => [shape.name, shape]))(
		'%s, handed to the normalizer directly (as a library caller could)',
		(name, shape) => {
			const normalize = (body: unknown) => () =>
				normalizeWebhookDelivery({ platform: shape.platform, headers: {}, body, options: { now: new Date(NOW_SECONDS * 1000) } });
			expect(normalize(shape.deepValue?.(16 * 1024))().events[0].id).toMatch(/^uppromote:[0-9a-f]{32}$/);
			const from = DEEP_FROM_BYTES[name] ?? Math.min(64 * 1024, MAX_SMALL_BYTES);
			const [small, large] = sized((bytes) => normalize(shape.deepValue?.(bytes)), from, Math.max(from, MAX_SMALL_BYTES));
			expectLinear(name, small, large);
		},
	);
});

describe('the replay store records the events of a delivery in time linear in their number', () => {
	// The event ids of a Refersion payment to thousands of affiliates, as the trigger records them in one call.
	const payment = WORST_SHAPES.find((shape) => shape.name.startsWith('Refersion payment: many affiliates'));
	const idsAt = (bytes: number) => receiveWorstBody(STEPS, signedWorstBody(payment as WorstShape, bytes)).events;
	const small = idsAt(MAX_SMALL_BYTES);
	const large = idsAt(2 * MAX_SMALL_BYTES);

	test('remembered', () => {
		expect(small.length).toBeGreaterThan(1000);
		expectLinear('rememberDeliveries', () => rememberDeliveries({}, small, NOW_SECONDS), () => rememberDeliveries({}, large, NOW_SECONDS));
	});

	test('claimed, then settled', () => {
		const claimAndSettle = (ids: string[]) => () => {
			const store = {};
			claimDeliveries(store, ids, NOW_SECONDS);
			settleDeliveries(store, ids, NOW_SECONDS + 1, true);
		};
		expectLinear('claimDeliveries + settleDeliveries', claimAndSettle(small), claimAndSettle(large));
	});
});

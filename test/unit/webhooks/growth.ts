import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * How a piece of work grows with its input: the time of the same work on an input of n and of 2n bytes. Linear work
 * takes about twice as long on twice the input; quadratic work four times. Each time is the minimum over several
 * samples (the least disturbed by the machine's other work), taken alternately at n and 2n after a warm-up, and each
 * sample repeats the work until it lasts long enough to be read without timer noise.
 */
export interface Growth {
	smallMs: number;
	largeMs: number;
	ratio: number;
}

/** At most this ratio for twice the input: linear is 2, quadratic 4. */
export const MAX_GROWTH = 2.5;
/** Absolute slack (ms) on top of MAX_GROWTH × the small time, so sub-millisecond jitter cannot decide. */
export const GROWTH_FLOOR_MS = 2;

const SAMPLE_MS = 10;

/**
 * A full collection before the samples and a young-generation one before each pair of them, so no sample pays for
 * garbage an earlier one left (the collector's cost for the work's own garbage still counts). A full collection takes
 * about 40 ms under jest, too long to repeat. Without --expose-gc the flag is set at run time, as V8 allows.
 */
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as (options?: { type: 'minor' | 'major' }) => void;

function timed(work: () => unknown, repeats: number): number {
	const started = process.hrtime.bigint();
	for (let index = 0; index < repeats; index++) work();
	return Number(process.hrtime.bigint() - started) / 1e6 / repeats;
}

export function measureGrowth(small: () => unknown, large: () => unknown, budgetMs = 600): Growth {
	const once = timed(small, 1);
	timed(large, 1);
	const repeats = Math.max(1, Math.ceil(SAMPLE_MS / Math.max(once, 0.01)));
	const samples = Math.min(4, Math.max(3, Math.floor(budgetMs / (3 * Math.max(once, SAMPLE_MS)))));
	let smallMs = Infinity;
	let largeMs = Infinity;
	collectGarbage();
	for (let sample = 0; sample < samples; sample++) {
		collectGarbage({ type: 'minor' });
		smallMs = Math.min(smallMs, timed(small, repeats));
		largeMs = Math.min(largeMs, timed(large, repeats));
	}
	return { smallMs, largeMs, ratio: largeMs / smallMs };
}

export const grewLinearly = (growth: Growth): boolean => growth.largeMs <= MAX_GROWTH * growth.smallMs + GROWTH_FLOOR_MS;

/** A readable line for a failing assertion and for the report. */
export const describeGrowth = (growth: Growth): string =>
	`${growth.smallMs.toFixed(2)} ms → ${growth.largeMs.toFixed(2)} ms (×${growth.ratio.toFixed(2)}; allowed ×${MAX_GROWTH} + ${GROWTH_FLOOR_MS} ms)`;

/**
 * Up to three measurements, stopping at the first that grows linearly: on a busy 2-core machine another process can
 * disturb one. Work that really grows faster fails all three.
 */
export function growthAttempts(small: () => unknown, large: () => unknown): Growth[] {
	const attempts = [measureGrowth(small, large)];
	while (!grewLinearly(attempts[attempts.length - 1]) && attempts.length < 3) attempts.push(measureGrowth(small, large));
	return attempts;
}

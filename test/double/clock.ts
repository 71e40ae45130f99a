/**
 * The double's only source of time. Tests that need exact window boundaries (rate limits, token expiry, job
 * progress) freeze or advance it through `useFakeClock`; nothing outside test/double should touch this seam.
 */
let frozenAt: number | null = null;

export const clock: { now(): number; iso(ms?: number): string } = {
	now() {
		return frozenAt ?? Date.now();
	},
	iso(ms?: number) {
		return new Date(ms ?? clock.now()).toISOString();
	},
};

export interface FakeClock {
	set(ms: number): void;
	advance(ms: number): void;
	restore(): void;
}

/** Freezes the double's clock at `startMs` (default: now). Internal test seam. */
export function useFakeClock(startMs = Date.now()): FakeClock {
	frozenAt = startMs;
	return {
		set(ms) {
			frozenAt = ms;
		},
		advance(ms) {
			frozenAt = (frozenAt ?? Date.now()) + ms;
		},
		restore() {
			frozenAt = null;
		},
	};
}

export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

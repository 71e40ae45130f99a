import { windowHeaders } from '../../../nodes/shared/platforms/client';
import { WindowGate } from '../../../nodes/shared/platforms/windowGate';

/** A gate on a fake clock: waiting advances the clock, so pacing is measured without real time passing. */
function fakeGate(requests: number, windowMs: number) {
	let now = 0;
	const gate = new WindowGate(
		{ requests, windowMs },
		() => now,
		async (ms) => {
			now += ms;
		},
	);
	return { gate, now: () => now, advance: (ms: number) => (now += ms) };
}

describe('WindowGate (one published window per platform account)', () => {
	it('lets the window’s worth of calls through at once, then waits for the oldest to leave it (plus the margin)', async () => {
		const { gate, now } = fakeGate(45, 30_000);
		for (let i = 0; i < 45; i++) await gate.acquire();
		expect(now()).toBe(0);
		await gate.acquire();
		expect(now()).toBe(31_000);
	});

	it('paces 100 calls at 45 per 30 s into three windows', async () => {
		const { gate, now } = fakeGate(45, 30_000);
		for (let i = 0; i < 100; i++) await gate.acquire();
		expect(now()).toBe(62_000);
	});

	it('a platform saying nothing remains holds every call until its reset', async () => {
		const { gate, now } = fakeGate(400, 60_000);
		gate.observe({ remaining: 0, resetSeconds: 7 });
		await gate.acquire();
		expect(now()).toBe(7_000);
	});

	it('remaining calls left do not slow anything down', async () => {
		const { gate, now } = fakeGate(400, 60_000);
		gate.observe({ remaining: 3, resetSeconds: 7 });
		await gate.acquire();
		expect(now()).toBe(0);
	});

	it('a 429 naming no wait holds until the oldest known call leaves the window, or a whole window', () => {
		const { gate, advance } = fakeGate(400, 60_000);
		expect(gate.fullWindowWaitMs()).toBe(60_000);
		void gate.acquire();
		advance(20_000);
		expect(gate.fullWindowWaitMs()).toBe(41_000);
	});

	it('a wild wait (a day’s Retry-After or reset, a proxy’s or garbage) holds the shared gate one window at most', async () => {
		const { gate, now } = fakeGate(45, 30_000);
		gate.blockFor(86_400_000);
		gate.observe({ remaining: 0, resetSeconds: 86_400 });
		await gate.acquire();
		expect(now()).toBe(31_000);
	});

	it('a negative or not-a-number wait blocks nothing', async () => {
		const { gate, now } = fakeGate(45, 30_000);
		gate.blockFor(Number.NaN);
		gate.blockFor(-5_000);
		await gate.acquire();
		expect(now()).toBe(0);
	});

	it('RateLimit-* headers: whole non-negative numbers only', () => {
		expect(windowHeaders({ 'ratelimit-remaining': '0', 'ratelimit-reset': '7' })).toEqual({ remaining: 0, resetSeconds: 7 });
		expect(windowHeaders({ 'ratelimit-remaining': '-1', 'ratelimit-reset': '-5' })).toEqual({ remaining: undefined, resetSeconds: undefined });
		expect(windowHeaders({ 'ratelimit-reset': '12abc' })).toEqual({ remaining: undefined, resetSeconds: undefined });
	});
});

import { RateGate } from '../../../nodes/shared/klaviyo/rateGate';

/** The gate on a fake clock: every wait it asks for advances the clock instead of sleeping. */
function gateOnFakeClock() {
	let now = 1_000_000;
	const gate = new RateGate(
		() => now,
		async (ms) => {
			now += ms;
		},
	);
	const times: number[] = [];
	const acquire = async (operation: Parameters<RateGate['acquire']>[0]) => {
		await gate.acquire(operation);
		times.push(now);
	};
	return { gate, times, acquire };
}

test('an XS endpoint (1/s) spaces calls one second apart', async () => {
	const { times, acquire } = gateOnFakeClock();
	for (let i = 0; i < 3; i++) await acquire('getAccounts');
	expect(times[1] - times[0]).toBeGreaterThanOrEqual(1000);
	expect(times[2] - times[1]).toBeGreaterThanOrEqual(1000);
	expect(times[2] - times[0]).toBeLessThan(2300);
});

test('an M endpoint allows a burst of 10 and then waits for the next second', async () => {
	const { times, acquire } = gateOnFakeClock();
	for (let i = 0; i < 11; i++) await acquire('bulkCreateEvents');
	expect(times[9] - times[0]).toBe(0);
	expect(times[10] - times[0]).toBeGreaterThanOrEqual(1000);
});

test('the steady window (XS: 15 per minute) holds the 16th call until a minute after the first', async () => {
	const { times, acquire } = gateOnFakeClock();
	for (let i = 0; i < 16; i++) await acquire('getAccounts');
	expect(times[15] - times[0]).toBeGreaterThanOrEqual(60_000);
});

test('buckets are independent', async () => {
	const { times, acquire } = gateOnFakeClock();
	await acquire('getAccounts');
	await acquire('getProfiles');
	expect(times[1] - times[0]).toBe(0);
});

test('after a 429 nobody in the bucket calls before Retry-After has passed', async () => {
	const { gate, times, acquire } = gateOnFakeClock();
	await acquire('getProfiles');
	gate.blockFor('getProfiles', 2000);
	await acquire('getProfiles');
	expect(times[1] - times[0]).toBeGreaterThanOrEqual(2000);
});

test('an exhausted steady window reported by Klaviyo pauses the bucket until it resets', async () => {
	const { gate, times, acquire } = gateOnFakeClock();
	await acquire('getProfiles');
	gate.observe('getProfiles', { limit: 750, remaining: 0, resetSeconds: 5 });
	await acquire('getProfiles');
	expect(times[1] - times[0]).toBeGreaterThanOrEqual(5000);
});

test('calls another integration spends from the same key shrink our room until the window resets', async () => {
	const { gate, times, acquire } = gateOnFakeClock();
	await acquire('bulkCreateEvents');
	// M tier: 150 per minute. Klaviyo says 3 are left after our one call: others spent 146.
	gate.observe('bulkCreateEvents', { limit: 150, remaining: 3, resetSeconds: 40 });
	for (let i = 0; i < 4; i++) await acquire('bulkCreateEvents');
	expect(times[3] - times[0]).toBeLessThan(1000);
	expect(times[4] - times[0]).toBeGreaterThanOrEqual(40_000);
});

test('headers that match our own log change nothing', async () => {
	const { gate, times, acquire } = gateOnFakeClock();
	for (let i = 0; i < 5; i++) {
		await acquire('bulkCreateEvents');
		gate.observe('bulkCreateEvents', { limit: 150, remaining: 150 - (i + 1), resetSeconds: 60 });
	}
	for (let i = 0; i < 5; i++) await acquire('bulkCreateEvents');
	expect(times[9] - times[0]).toBe(0);
});

test('a different steady limit announced by Klaviyo rescales the burst window too', async () => {
	const { gate, times, acquire } = gateOnFakeClock();
	gate.observe('bulkCreateEvents', { limit: 300, remaining: 299, resetSeconds: 60 });
	for (let i = 0; i < 21; i++) await acquire('bulkCreateEvents');
	expect(times[19] - times[0]).toBe(0);
	expect(times[20] - times[0]).toBeGreaterThanOrEqual(1000);
});

describe('bounded blocks (issue 14): the gate is shared by every execution on the credential', () => {
	/** A gate on a fake clock that records every wait it asks a timer for. */
	function recordingGate() {
		let now = 1_000_000;
		const waits: number[] = [];
		const gate = new RateGate(
			() => now,
			async (ms) => {
				waits.push(ms);
				now += ms;
			},
		);
		return { gate, waits, now: () => now };
	}

	test('a 429 never blocks the bucket past Klaviyo\'s steady window, whatever was asked', async () => {
		const { gate, waits } = recordingGate();
		gate.blockFor('getProfiles', 86_400_000);
		await gate.acquire('getProfiles');
		expect(waits.reduce((sum, ms) => sum + ms, 0)).toBeLessThanOrEqual(61_000);
	});

	test('a wild RateLimit-Reset pauses the bucket no longer than the steady window either', async () => {
		const { gate, waits } = recordingGate();
		gate.observe('getProfiles', { limit: 750, remaining: 0, resetSeconds: 40 * 86_400 });
		await gate.acquire('getProfiles');
		expect(waits.reduce((sum, ms) => sum + ms, 0)).toBeLessThanOrEqual(61_000);
	});
});

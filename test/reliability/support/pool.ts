import { startKlaviyoDouble } from '../../double';
import type { KlaviyoDouble } from '../../double/types';
import { SECRETS } from './secrets';

/**
 * Several Klaviyo doubles, so cases that mostly wait (Retry-After, timeouts) run side by side. A case holds one
 * double for itself — fresh state, its own faults — and gives it back.
 */
export class DoublePool {
	private readonly idle: KlaviyoDouble[] = [];

	private readonly waiting: Array<(double: KlaviyoDouble) => void> = [];

	private constructor(private readonly all: KlaviyoDouble[]) {
		this.idle.push(...all);
	}

	static async start(size: number): Promise<DoublePool> {
		const doubles = await Promise.all(
			Array.from({ length: size }, () =>
				startKlaviyoDouble({
					quiet: true,
					jobDurationMs: 30,
					rateLimits: { enabled: true, multiplier: 100 },
					oauth: { clientId: SECRETS.oauthClientId, clientSecret: SECRETS.oauthClientSecret },
				}),
			),
		);
		return new DoublePool(doubles);
	}

	async use<T>(task: (double: KlaviyoDouble) => Promise<T>): Promise<T> {
		const double = this.idle.pop() ?? (await new Promise<KlaviyoDouble>((resolve) => this.waiting.push(resolve)));
		double.reset();
		try {
			return await task(double);
		} finally {
			double.setFaults([]);
			const next = this.waiting.shift();
			if (next) next(double);
			else this.idle.push(double);
		}
	}

	async close(): Promise<void> {
		await Promise.all(this.all.map(async (double) => await double.close()));
	}
}

/**
 * Everything a run starts, stopped in reverse order exactly once — at the end, pass or fail, or on Ctrl-C / SIGTERM.
 * Reverse order matters: the n8n processes must go before the Redis and PostgreSQL they are connected to, or their
 * graceful shutdown hangs on reconnect attempts.
 */
export class Teardown {
	private readonly steps: Array<{ what: string; run: () => Promise<void> | void }> = [];

	private running?: Promise<void>;

	constructor(private readonly log: (line: string) => void) {}

	add(what: string, run: () => Promise<void> | void): void {
		this.steps.push({ what, run });
	}

	async run(): Promise<void> {
		this.running ??= (async () => {
			for (const step of [...this.steps].reverse()) {
				try {
					await step.run();
				} catch (error) {
					this.log(`could not stop ${step.what}: ${error instanceof Error ? error.message : String(error)}`);
				}
			}
		})();
		await this.running;
	}

	/** Node exits at once on SIGINT by default, which would leave Redis, PostgreSQL and the workers running. */
	stopOnSignals(): void {
		for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
			process.once(signal, () => {
				this.log(`${signal}: stopping every process started …`);
				void this.run().finally(() => process.exit(130));
			});
		}
	}
}

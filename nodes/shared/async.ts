/**
 * Runs `task` over `items` with at most `concurrency` in flight, keeping results in input order. The Klaviyo rate
 * gate does the pacing; this only bounds how many requests are open at once.
 */
export async function mapWithConcurrency<T, R>(
	items: readonly T[],
	concurrency: number,
	task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
	const results = new Array<R>(items.length);
	let next = 0;
	const worker = async () => {
		while (next < items.length) {
			const index = next++;
			results[index] = await task(items[index], index);
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
	return results;
}

/** Runs the tasks given to it one after another, each after the previous one settled. */
export class SerialQueue {
	private tail: Promise<unknown> = Promise.resolve();

	async run<T>(task: () => Promise<T>): Promise<T> {
		const result = this.tail.then(task, task);
		this.tail = result.catch(() => undefined);
		return await result;
	}
}

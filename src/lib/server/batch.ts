/**
 * Groups calls by key: calls that arrive while a batch of their key is in flight wait for the
 * next batch, so a storm costs one round trip per round trip time instead of one per call, and
 * every batch starts after each of its callers arrived.
 */
export function batchInFlight<K, I, O>(
	work: (key: K, inputs: I[]) => Promise<O[]>
): (key: K, input: I) => Promise<O> {
	interface Waiter {
		input: I;
		resolve(output: O): void;
		reject(error: unknown): void;
	}
	const queues = new Map<K, { running: boolean; waiting: Waiter[] }>();
	const run = (key: K) => {
		const queue = queues.get(key)!;
		if (queue.running) return;
		if (queue.waiting.length === 0) return void queues.delete(key);
		const batch = queue.waiting;
		queue.waiting = [];
		queue.running = true;
		work(
			key,
			batch.map((w) => w.input)
		)
			.then(
				(outputs) => batch.forEach((w, i) => w.resolve(outputs[i]!)),
				(error: unknown) => batch.forEach((w) => w.reject(error))
			)
			.finally(() => {
				queue.running = false;
				run(key);
			});
	};
	return (key, input) =>
		new Promise<O>((resolve, reject) => {
			let queue = queues.get(key);
			if (!queue) queues.set(key, (queue = { running: false, waiting: [] }));
			queue.waiting.push({ input, resolve, reject });
			run(key);
		});
}

import WebSocket from 'ws';
import type { TestServer } from './server.ts';

/**
 * The V8 inspector of a test server started with NODE_OPTIONS=--inspect=127.0.0.1:0: collects
 * garbage and reads the heap from outside, so the server carries no test hooks.
 */
export async function inspect(server: TestServer) {
	const url = /Debugger listening on (ws:\/\/\S+)/.exec(server.output())?.[1];
	if (!url) throw new Error('the server was not started with --inspect');
	const ws = new WebSocket(url);
	await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
	let next = 0;
	const pending = new Map<number, (result: unknown) => void>();
	ws.on('message', (raw: Buffer) => {
		const message = JSON.parse(raw.toString()) as { id?: number; result?: unknown };
		if (message.id !== undefined) pending.get(message.id)?.(message.result);
	});
	const call = (method: string, params: object = {}) =>
		new Promise<unknown>((resolve) => {
			const id = ++next;
			pending.set(id, resolve);
			ws.send(JSON.stringify({ id, method, params }));
		});
	return {
		/** Heap in use after a full collection, in bytes. */
		async heapAfterGc(): Promise<number> {
			await call('HeapProfiler.collectGarbage');
			await call('HeapProfiler.collectGarbage');
			const result = (await call('Runtime.evaluate', {
				expression: 'process.memoryUsage().heapUsed',
				returnByValue: true
			})) as { result: { value: number } };
			return result.result.value;
		},
		close: () => ws.close()
	};
}

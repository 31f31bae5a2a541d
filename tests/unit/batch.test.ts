import { describe, it, expect } from 'vitest';
import { batchInFlight } from '../../src/lib/server/batch.ts';

describe('batchInFlight', () => {
	it('groups calls that arrive while a batch of the same key is in flight', async () => {
		const batches: number[][] = [];
		let release!: () => void;
		const gate = new Promise<void>((r) => (release = r));
		const call = batchInFlight(async (_key: string, inputs: number[]) => {
			batches.push(inputs);
			if (batches.length === 1) await gate;
			return inputs.map((n) => n * 10);
		});
		const first = call('s', 1);
		const rest = [call('s', 2), call('s', 3), call('t', 4)];
		release();
		expect(await Promise.all([first, ...rest])).toEqual([10, 20, 30, 40]);
		expect(batches).toEqual([[1], [4], [2, 3]]);
	});

	it('rejects every caller of a failed batch and runs the next one', async () => {
		let fail = true;
		const call = batchInFlight(async (_key: string, inputs: number[]) => {
			if (fail) {
				fail = false;
				throw new Error('down');
			}
			return inputs;
		});
		await expect(call('s', 1)).rejects.toThrow('down');
		expect(await call('s', 2)).toBe(2);
	});
});

import { describe, it, expect } from 'vitest';
import { SharedReads } from '../../src/lib/server/shared-reads.ts';

function clock(start = 0) {
	const c = { now: start, read: () => c.now };
	return c;
}

describe('SharedReads', () => {
	it('shares one read between callers within the TTL and reads again after it', async () => {
		const time = clock();
		const reads = new SharedReads<string, number>(1_000, 100, time.read);
		let started = 0;
		const start = async () => ++started;
		expect(await reads.get('s', start)).toBe(1);
		time.now = 999;
		expect(await reads.get('s', start)).toBe(1);
		time.now = 1_000;
		expect(await reads.get('s', start)).toBe(2);
	});

	it('holds only the reads of the last TTL however many keys it has seen', async () => {
		const time = clock();
		const reads = new SharedReads<string, string>(1_000, 100_000, time.read);
		for (let i = 0; i < 5_000; i++) {
			time.now = i * 10;
			await reads.get(`session-${i}`, async () => 'row');
		}
		// Keys read in the last second: 100 of them (one every 10 ms).
		expect(reads.size).toBe(100);
	});

	it('keeps at most maxEntries, dropping the oldest first', async () => {
		const time = clock();
		const reads = new SharedReads<string, string>(1_000, 3, time.read);
		let started = 0;
		for (const key of ['a', 'b', 'c', 'd']) await reads.get(key, async () => `${key}${++started}`);
		expect(reads.size).toBe(3);
		expect(await reads.get('a', async () => `a${++started}`)).toBe('a5');
		expect(await reads.get('d', async () => 'never')).toBe('d4');
	});

	it('does not keep a failed read', async () => {
		const reads = new SharedReads<string, string>(1_000, 10, clock().read);
		await expect(reads.get('s', async () => Promise.reject(new Error('down')))).rejects.toThrow();
		expect(await reads.get('s', async () => 'row')).toBe('row');
	});

	it('forgets the settled reads whose value matches', async () => {
		const reads = new SharedReads<string, { challengeId: string }>(1_000, 10, clock().read);
		await reads.get('s1', async () => ({ challengeId: 'c1' }));
		await reads.get('s2', async () => ({ challengeId: 'c2' }));
		reads.forget((v) => v.challengeId === 'c1');
		await Promise.resolve();
		await Promise.resolve();
		expect(await reads.get('s1', async () => ({ challengeId: 'fresh' }))).toEqual({
			challengeId: 'fresh'
		});
		expect(await reads.get('s2', async () => ({ challengeId: 'fresh' }))).toEqual({
			challengeId: 'c2'
		});
	});

	it('reads afresh after a delete, even while the deleted read is still in flight', async () => {
		const reads = new SharedReads<string, string>(1_000, 10, clock().read);
		let finish: (value: string) => void = () => {};
		const stale = reads.get('s', () => new Promise<string>((resolve) => (finish = resolve)));
		reads.delete('s');
		expect(await reads.get('s', async () => 'fresh')).toBe('fresh');
		finish('stale');
		expect(await stale).toBe('stale');
		expect(await reads.get('s', async () => 'never')).toBe('fresh');
	});
});

import { afterEach, describe, it, expect, vi } from 'vitest';
import { createLoginLimiter, type LoginLimiter } from '../../src/lib/server/auth/login-limit.ts';

const limits = { perAccount: 3, perIp: 5 };

async function fail(limiter: LoginLimiter, email: string, ip: string, times: number) {
	for (let i = 0; i < times; i++) await limiter.recordFailure(email, ip);
}

describe('login limiter (memory backend)', () => {
	afterEach(() => {
		vi.useRealTimers();
	});

	it('lets a first attempt through', async () => {
		const limiter = createLoginLimiter(null, 'test:', limits);
		expect(await limiter.retryAfter('ada@example.com', '10.0.0.1')).toBeNull();
	});

	it('still lets an account through one failure short of its limit', async () => {
		const limiter = createLoginLimiter(null, 'test:', limits);
		await fail(limiter, 'ada@example.com', '10.0.0.1', limits.perAccount - 1);
		expect(await limiter.retryAfter('ada@example.com', '10.0.0.1')).toBeNull();
	});

	it('locks an account after its limit of failures, for at most the 15-minute window', async () => {
		const limiter = createLoginLimiter(null, 'test:', limits);
		await fail(limiter, 'ada@example.com', '10.0.0.1', limits.perAccount);
		const wait = await limiter.retryAfter('ada@example.com', '10.0.0.1');
		expect(wait).not.toBeNull();
		expect(wait).toBeGreaterThan(0);
		expect(wait).toBeLessThanOrEqual(900);
		expect(Number.isInteger(wait)).toBe(true);
	});

	it('keeps a locked account locked from another IP', async () => {
		const limiter = createLoginLimiter(null, 'test:', limits);
		await fail(limiter, 'ada@example.com', '10.0.0.1', limits.perAccount);
		expect(await limiter.retryAfter('ada@example.com', '10.9.9.9')).toBeGreaterThan(0);
	});

	it('counts an account’s failures from different IPs together', async () => {
		const limiter = createLoginLimiter(null, 'test:', limits);
		await limiter.recordFailure('ada@example.com', '10.0.0.1');
		await limiter.recordFailure('ada@example.com', '10.0.0.2');
		await limiter.recordFailure('ada@example.com', '10.0.0.3');
		expect(await limiter.retryAfter('ada@example.com', '10.0.0.4')).toBeGreaterThan(0);
	});

	it('leaves other accounts on the same IP alone until the IP limit', async () => {
		const limiter = createLoginLimiter(null, 'test:', limits);
		await fail(limiter, 'ada@example.com', '10.0.0.1', limits.perAccount);
		expect(await limiter.retryAfter('grace@example.com', '10.0.0.1')).toBeNull();
	});

	it('locks every account from an IP once the IP reaches its limit', async () => {
		const limiter = createLoginLimiter(null, 'test:', limits);
		// Five different accounts, one failure each: no account is near its own limit.
		for (let i = 0; i < limits.perIp; i++) {
			await limiter.recordFailure(`user${i}@example.com`, '10.0.0.1');
		}
		for (const email of ['user0@example.com', 'never-tried@example.com']) {
			const wait = await limiter.retryAfter(email, '10.0.0.1');
			expect(wait).toBeGreaterThan(0);
			expect(wait).toBeLessThanOrEqual(900);
		}
	});

	it('does not lock the same accounts from another IP when only the IP limit is reached', async () => {
		const limiter = createLoginLimiter(null, 'test:', limits);
		for (let i = 0; i < limits.perIp; i++) {
			await limiter.recordFailure(`user${i}@example.com`, '10.0.0.1');
		}
		expect(await limiter.retryAfter('user0@example.com', '10.0.0.2')).toBeNull();
	});

	it('keeps separate limiters apart', async () => {
		const first = createLoginLimiter(null, 'test:', limits);
		const second = createLoginLimiter(null, 'test:', limits);
		await fail(first, 'ada@example.com', '10.0.0.1', limits.perAccount);
		expect(await second.retryAfter('ada@example.com', '10.0.0.1')).toBeNull();
	});

	it('lifts the lock once the 15-minute window has passed', async () => {
		vi.useFakeTimers();
		vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
		const limiter = createLoginLimiter(null, 'test:', limits);
		await fail(limiter, 'ada@example.com', '10.0.0.1', limits.perIp);
		expect(await limiter.retryAfter('ada@example.com', '10.0.0.1')).toBe(900);

		await vi.advanceTimersByTimeAsync(10 * 60 * 1000);
		expect(await limiter.retryAfter('ada@example.com', '10.0.0.1')).toBe(300);

		await vi.advanceTimersByTimeAsync(5 * 60 * 1000 + 1);
		expect(await limiter.retryAfter('ada@example.com', '10.0.0.1')).toBeNull();
	});

	it('uses the documented defaults of 10 per account and 100 per IP', async () => {
		const limiter = createLoginLimiter(null, 'test:');
		await fail(limiter, 'ada@example.com', '10.0.0.1', 9);
		expect(await limiter.retryAfter('ada@example.com', '10.0.0.1')).toBeNull();
		await limiter.recordFailure('ada@example.com', '10.0.0.1');
		expect(await limiter.retryAfter('ada@example.com', '10.0.0.1')).toBeGreaterThan(0);
	});
});

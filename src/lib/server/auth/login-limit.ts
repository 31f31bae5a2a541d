import type { Redis } from 'ioredis';
import {
	RateLimiterMemory,
	RateLimiterRedis,
	RateLimiterRes,
	type RateLimiterAbstract
} from 'rate-limiter-flexible';

const WINDOW_SECONDS = 15 * 60;

/** Counts failed logins per account and per client IP; successes are never counted. */
export interface LoginLimiter {
	/** Seconds until the next attempt is allowed, or null when it may proceed. */
	retryAfter(email: string, ip: string): Promise<number | null>;
	recordFailure(email: string, ip: string): Promise<void>;
}

export interface LoginLimits {
	perAccount: number;
	perIp: number;
}

export const defaultLoginLimits: LoginLimits = { perAccount: 10, perIp: 100 };

export function createLoginLimiter(
	redis: Redis | null,
	prefix: string,
	limits: LoginLimits = defaultLoginLimits
): LoginLimiter {
	const make = (name: string, points: number): RateLimiterAbstract => {
		const opts = { keyPrefix: `${prefix}login-${name}`, points, duration: WINDOW_SECONDS };
		return redis
			? new RateLimiterRedis({ ...opts, storeClient: redis, useRedisPackage: false })
			: new RateLimiterMemory(opts);
	};
	const byAccount = make('account', limits.perAccount);
	const byIp = make('ip', limits.perIp);

	const waitFor = async (limiter: RateLimiterAbstract, key: string): Promise<number> => {
		const res = await limiter.get(key);
		return res && res.consumedPoints >= limiter.points ? Math.ceil(res.msBeforeNext / 1000) : 0;
	};

	return {
		async retryAfter(email, ip) {
			const wait = Math.max(await waitFor(byAccount, email), await waitFor(byIp, ip));
			return wait > 0 ? wait : null;
		},
		async recordFailure(email, ip) {
			await Promise.all([consume(byAccount, email), consume(byIp, ip)]);
		}
	};
}

async function consume(limiter: RateLimiterAbstract, key: string): Promise<void> {
	try {
		await limiter.consume(key);
	} catch (error) {
		// Over the limit is the expected outcome here; anything else is a store failure.
		if (!(error instanceof RateLimiterRes)) throw error;
	}
}

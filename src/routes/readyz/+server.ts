import { json } from '@sveltejs/kit';
import { appContext } from '$lib/server/context';

/** Readiness: every backend this node depends on answers. */
export const GET = async () => {
	const ctx = appContext();
	const checks = {
		database: () => ctx.database.ping(),
		redis: async () => void (ctx.redis ? await ctx.redis.ping() : undefined)
	};
	const failures: Record<string, string> = {};
	await Promise.all(
		Object.entries(checks).map(([name, check]) =>
			withTimeout(check(), 2000).catch((error: Error) => (failures[name] = error.message))
		)
	);
	const ready = Object.keys(failures).length === 0;
	return json(
		ready
			? { status: 'ready', database: ctx.database.mode, redis: ctx.redis ? 'redis' : 'memory' }
			: { status: 'unavailable', reasons: failures },
		{ status: ready ? 200 : 503 }
	);
};

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
	return Promise.race([
		promise,
		new Promise<T>((_, reject) =>
			setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms).unref()
		)
	]);
}

import path from 'node:path';
import { z } from 'zod';

const MiB = 1024 * 1024;

const schema = z.object({
	PORT: z.coerce.number().int().min(0).max(65535).default(3000),
	HOST: z.string().default('0.0.0.0'),
	ORIGIN: z.url().optional(),
	DATA_DIR: z.string().default('./data'),
	DATABASE_URL: z.string().optional(),
	REDIS_URL: z.string().optional(),
	REDIS_PREFIX: z.string().default('ws:'),
	LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
	MAX_MESSAGE_BYTES: z.coerce.number().int().positive().default(MiB),
	/** A board connection that misses one ping interval's pong is reaped. */
	BOARD_PING_MS: z.coerce.number().int().positive().default(30_000),
	/** Unsent data a board connection may pile up before it is dropped as too slow. */
	BOARD_MAX_BUFFERED_BYTES: z.coerce
		.number()
		.int()
		.positive()
		.default(8 * MiB),
	/** A board nobody has open is written out and dropped from memory after this long. */
	BOARD_UNLOAD_IDLE_MS: z.coerce.number().int().positive().default(5_000),
	/** A board load that takes longer fails: its connections are closed, never served a blank. */
	BOARD_LOAD_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000)
});

export type Config = z.infer<typeof schema> & { dataDir: string };

/** Reads the environment once; an invalid value stops start-up with the variable's name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
	const parsed = schema.safeParse(stripEmpty(env));
	if (!parsed.success) {
		const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
		throw new Error(`Invalid environment: ${problems.join('; ')}`);
	}
	return { ...parsed.data, dataDir: path.resolve(parsed.data.DATA_DIR) };
}

function stripEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [key, value] of Object.entries(env)) if (value) out[key] = value;
	return out;
}

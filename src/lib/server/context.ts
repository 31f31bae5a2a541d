import { Redis } from 'ioredis';
import type { Config } from './config.ts';
import { openDatabase, type Database, type Db } from './db/client.ts';
import { createLogger, type Logger } from './logger.ts';
import { createLoginLimiter, type LoginLimiter } from './auth/login-limit.ts';
import { createMemoryBus, createRedisBus, type Bus } from './pubsub/bus.ts';
import { createMemoryPresence, createRedisPresence, type PresenceStore } from './presence/store.ts';
import { redisVersionProblem } from './redis-version.ts';
import { newId } from './ids.ts';
import type { NoteAuthor } from './board/store.ts';
import { VoteDesk } from './votes/desk.ts';
import type { ServerToClientEvents, SessionState } from '../shared/realtime.ts';

/** Everything with state or I/O that a request or socket handler needs, built once per process. */
export interface AppContext {
	config: Config;
	log: Logger;
	nodeId: string;
	database: Database;
	db: Db;
	redis: Redis | null;
	bus: Bus;
	presence: PresenceStore;
	loginLimiter: LoginLimiter;
	/** Set by the realtime layer once it is attached; a no-op before. */
	sockets: SocketControl;
	/** Set by the Yjs endpoint: boards open on this node. */
	boards: LiveBoards;
	/** Casts batched per session, progress pushed coalesced (votes/desk.ts). */
	votes: VoteDesk;
}

export interface LiveBoards {
	/** A board open on this node, with authorship not stored yet; null when it is not open. */
	live(boardId: string): LiveDoc | null;
	/** The board's private documents open on this node, by owner. */
	livePrivate(boardId: string): (LiveDoc & { owner: string })[];
	/** Merges revealed private notes into the shared document, on this node and every other. */
	reveal(
		boardId: string,
		update: Uint8Array,
		authors: [string, NoteAuthor][],
		options?: { stored: boolean }
	): void;
}

export interface LiveDoc {
	state: Uint8Array;
	authors: ReadonlyMap<string, NoteAuthor>;
}

export interface SocketControl {
	/** Disconnects every socket opened with this login session, on every node. */
	endAuthSession(sessionId: string): void;
	/** Emits to a socket.io room on every node. */
	emit<E extends keyof ServerToClientEvents>(
		room: string,
		event: E,
		...args: Parameters<ServerToClientEvents[E]>
	): void;
	/** Emits to a socket.io room's members on this node only. */
	emitLocal<E extends keyof ServerToClientEvents>(
		room: string,
		event: E,
		...args: Parameters<ServerToClientEvents[E]>
	): void;
	/**
	 * A session's stage, timer or notice changed: every node drops its cached read of the session
	 * (joins answer from it), then tells its members. Both travel the socket.io adapter, so this
	 * keeps its order with the session's other events.
	 */
	publishState(state: SessionState): void;
	/** Re-checks who may stay in the challenge's live sessions and removes the rest. */
	revalidateChallenge(challengeId: string): void;
	/**
	 * Someone's role or team changed: their sockets carry the old identity, so they are closed
	 * and reconnect with the new one, which is authorised afresh.
	 */
	refreshUser(userId: string): void;
}

export interface ContextOptions {
	migrationsFolder?: string;
	/** Keep PGlite in memory (unit tests). */
	inMemory?: boolean;
	log?: Logger;
}

export async function createContext(
	config: Config,
	options: ContextOptions = {}
): Promise<AppContext> {
	const log = options.log ?? createLogger(config.LOG_LEVEL);
	const database = await openDatabase({
		databaseUrl: config.DATABASE_URL,
		dataDir: options.inMemory ? null : config.dataDir,
		migrationsFolder: options.migrationsFolder
	});
	let redis: Redis | null = null;
	try {
		redis = config.REDIS_URL ? await connectRedis(config.REDIS_URL, config.REDIS_PREFIX) : null;
	} catch (error) {
		await database.close();
		throw error;
	}
	const prefix = config.REDIS_PREFIX;
	const ctx: AppContext = {
		config,
		log,
		nodeId: newId(),
		database,
		db: database.db,
		redis,
		bus: redis ? createRedisBus(redis, prefix) : createMemoryBus(),
		presence: redis ? createRedisPresence(redis, prefix) : createMemoryPresence(),
		loginLimiter: createLoginLimiter(redis, prefix),
		sockets: {
			endAuthSession: () => {},
			emit: () => {},
			emitLocal: () => {},
			publishState: () => {},
			revalidateChallenge: () => {},
			refreshUser: () => {}
		},
		boards: { live: () => null, livePrivate: () => [], reveal: () => {} },
		votes: new VoteDesk(() => ctx)
	};
	await ctx.votes.start();
	log.info(
		{
			database: `${database.mode} (${database.location})`,
			presence: ctx.presence.mode,
			pubsub: ctx.bus.mode,
			socketAdapter: redis ? 'redis-streams' : 'in-memory'
		},
		'backends ready'
	);
	return ctx;
}

async function connectRedis(url: string, prefix: string): Promise<Redis> {
	// Named after the key prefix, so an operator (or a test) can tell whose connections are whose.
	const redis = new Redis(url, {
		lazyConnect: true,
		maxRetriesPerRequest: 3,
		connectionName: `whitespace:${prefix}`
	});
	try {
		await redis.connect();
		await redis.ping();
	} catch (error) {
		redis.disconnect();
		throw new Error(`Cannot reach Redis at REDIS_URL: ${(error as Error).message}`, {
			cause: error
		});
	}
	const problem = redisVersionProblem(await redis.info('server'));
	if (problem) {
		redis.disconnect();
		throw new Error(problem);
	}
	return redis;
}

export async function closeContext(ctx: AppContext): Promise<void> {
	await ctx.votes.close();
	await ctx.presence.close();
	await ctx.bus.close();
	if (ctx.redis) await ctx.redis.quit().catch(() => ctx.redis?.disconnect());
	await ctx.database.close();
}

/**
 * The server entry and SvelteKit's bundle are two copies of this module in one process; the
 * context lives on a global symbol so both see the same database and Redis connections.
 */
const KEY = Symbol.for('whitespace.context');
type Holder = { [KEY]?: AppContext };

export function publishContext(ctx: AppContext): void {
	(globalThis as Holder)[KEY] = ctx;
}

export function appContext(): AppContext {
	const ctx = (globalThis as Holder)[KEY];
	if (!ctx) {
		throw new Error(
			'Whitespace context is missing: start the app with `npm start` or `npm run dev`.'
		);
	}
	return ctx;
}

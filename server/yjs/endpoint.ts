import * as Y from 'yjs';
import { WebSocketServer, type WebSocket } from 'ws';
import type { AppContext } from '../../src/lib/server/context.ts';
import { authorizeBoard, type BoardAccess } from '../../src/lib/server/board/access.ts';
import { DomainError, ErrorCode } from '../../src/lib/shared/errors.ts';
import type { Identity } from '../auth.ts';
import { rejectUpgrade, type UpgradeRoute } from '../upgrade.ts';
import { ProtocolError, type RoomSocket } from './room.ts';
import { BoardHost, type HostLinks } from './board-host.ts';
import {
	BOARD_REVEAL_CHANNEL,
	BOARD_STAGE_CHANNEL,
	type BoardStageMessage
} from '../../src/lib/server/board/settings.ts';
import { appendBoard, countWritten, type NoteAuthor } from '../../src/lib/server/board/store.ts';
import { privateDocKey } from '../../src/lib/shared/private-writing.ts';
import { rooms } from '../../src/lib/shared/realtime.ts';
import { relayPublish } from './relay.ts';

// `/yjs/<boardId>` is the shared document; `/yjs/<boardId>/private` the caller's own private
// document of it (whose is decided by the connection's identity, so nobody opens another's).
const PATH = /^\/yjs\/([A-Za-z0-9_-]{1,64})(\/private)?$/;
/** "Notes written so far" is re-counted at most this often per board and node. */
const WRITTEN_EVERY_MS = 2_000;
const CLOSE_GOING_AWAY = 1001;
const CLOSE_INVALID_DATA = 1007;

/** One open board socket, with what it was authorised as. */
export interface BoardConnection {
	identity: Identity;
	access: BoardAccess;
	close(code: number, reason: string): void;
}

export interface YjsEndpoint {
	route: UpgradeRoute;
	boards: ReadonlyMap<string, BoardHost>;
	connections(): Iterable<BoardConnection>;
	/** Stops serving and writes every open board out. */
	close(): Promise<void>;
}

/**
 * Board documents over the y-websocket protocol. A board is loaded once per node while someone
 * has it open (board-host.ts), stored in Postgres as it changes, and relayed between nodes.
 */
export function createYjsEndpoint(ctx: AppContext): YjsEndpoint {
	// maxPayload makes ws close an oversized frame with 1009 before buffering it.
	const wss = new WebSocketServer({
		noServer: true,
		maxPayload: ctx.config.MAX_MESSAGE_BYTES,
		perMessageDeflate: false
	});
	const open = new Set<BoardConnection>();
	const alive = new WeakSet<WebSocket>();

	// Keyed by host.key: a board's shared document and its people's private ones.
	const boards = new Map<string, BoardHost>();
	const hostsOf = (boardId: string) => [...boards.values()].filter((h) => h.boardId === boardId);
	const writtenTimers = new Map<string, NodeJS.Timeout>();

	/** Revealed notes reach the shared document once: through this node's host, or storage + relay. */
	const reveal = (
		boardId: string,
		update: Uint8Array,
		authors: [string, NoteAuthor][],
		{ stored } = { stored: false }
	) => {
		const shared = boards.get(boardId);
		if (shared?.ready) return shared.merge(update, authors);
		(stored ? Promise.resolve() : appendBoard(ctx.db, boardId, [update], authors))
			.then(async () => {
				if (authors.length)
					await relayPublish(
						ctx,
						boardId,
						'authors',
						new TextEncoder().encode(JSON.stringify(authors))
					);
				await relayPublish(ctx, boardId, 'update', update);
			})
			.catch((error: unknown) =>
				ctx.log.error({ err: error, boardId }, 'revealed notes not stored; the next reveal retries')
			);
	};

	const announceWritten = (host: BoardHost) => {
		const { boardId, sessionId } = host;
		if (!sessionId || writtenTimers.has(boardId)) return;
		const timer = setTimeout(() => {
			writtenTimers.delete(boardId);
			countWritten(ctx.db, boardId)
				.then((stored) => {
					const unsaved = hostsOf(boardId).reduce((n, h) => n + h.unsavedAuthors, 0);
					ctx.sockets.emit(rooms.session(sessionId), 'board:written', {
						sessionId,
						written: stored + unsaved
					});
				})
				.catch((error: unknown) => ctx.log.warn({ err: error, boardId }, 'note count failed'));
		}, WRITTEN_EVERY_MS);
		timer.unref();
		writtenTimers.set(boardId, timer);
	};

	const links: HostLinks = {
		onGone: (gone) => {
			if (boards.get(gone.key) === gone) boards.delete(gone.key);
		},
		notesElsewhere: (host) =>
			hostsOf(host.boardId).reduce((n, h) => n + (h === host ? 0 : h.noteCount), 0),
		reveal,
		wrote: announceWritten
	};

	const hostFor = (boardId: string, owner: string | null): BoardHost => {
		const key = owner ? privateDocKey(boardId, owner) : boardId;
		let host = boards.get(key);
		if (!host) {
			host = new BoardHost(ctx, boardId, links, owner);
			boards.set(key, host);
		}
		return host;
	};
	const stateOf = (host: BoardHost) => ({
		state: Y.encodeStateAsUpdate(host.room.doc),
		authors: host.authors
	});
	ctx.boards = {
		live: (boardId) => {
			const host = boards.get(boardId);
			return host?.ready ? stateOf(host) : null;
		},
		livePrivate: (boardId) =>
			hostsOf(boardId)
				.filter((h) => h.owner && h.ready)
				.map((h) => ({ owner: h.owner!, ...stateOf(h) })),
		reveal
	};
	const stageSubscription = ctx.bus.subscribe(BOARD_STAGE_CHANNEL, (raw) => {
		const { boardId, stage } = JSON.parse(raw) as BoardStageMessage;
		for (const host of hostsOf(boardId)) host.setStage(stage);
	});
	const revealSubscription = ctx.bus.subscribe(BOARD_REVEAL_CHANNEL, (raw) => {
		const { boardId } = JSON.parse(raw) as { boardId: string };
		for (const host of hostsOf(boardId)) host.setRevealed();
	});

	const reaper = setInterval(() => {
		for (const ws of wss.clients) {
			if (!alive.has(ws)) {
				ws.terminate();
				continue;
			}
			alive.delete(ws);
			ws.ping();
		}
	}, ctx.config.BOARD_PING_MS);
	reaper.unref();

	const serve = (
		ws: WebSocket,
		identity: Identity,
		access: BoardAccess,
		isPrivate: boolean
	): void => {
		const { boardId } = access;
		ws.binaryType = 'arraybuffer';
		alive.add(ws);
		ws.on('pong', () => alive.add(ws));
		const host = hostFor(boardId, isPrivate ? identity.user.id : null);
		const peer: RoomSocket = {
			send: (data) => {
				if (ws.readyState !== ws.OPEN) return;
				// A client reading slower than the board changes would make us buffer without bound;
				// dropped, it reconnects and catches up from its state vector.
				// Checked after queueing too: with one merged frame per turn, the frame that crosses the
				// limit may be the last one for a while.
				ws.send(data);
				if (ws.bufferedAmount > ctx.config.BOARD_MAX_BUFFERED_BYTES) {
					ctx.log.warn({ boardId, user: identity.user.id }, 'slow board client dropped');
					ws.terminate();
				}
			},
			close: (code, reason) => ws.close(code, reason)
		};
		const connection: BoardConnection = { identity, access, close: peer.close };
		open.add(connection);
		ws.on('message', (data: ArrayBuffer, isBinary: boolean) => {
			if (!isBinary) return ws.close(CLOSE_INVALID_DATA, 'binary frames only');
			try {
				host.receive(peer, new Uint8Array(data));
			} catch (error) {
				if (!(error instanceof ProtocolError)) throw error;
				ctx.log.warn({ boardId, user: identity.user.id, err: error.message }, 'bad yjs message');
				ws.close(CLOSE_INVALID_DATA, 'malformed message');
			}
		});
		ws.on('close', () => {
			open.delete(connection);
			host.disconnect(peer);
		});
		// ws has already started the closing handshake with the fitting code (1009 for an oversized
		// frame); terminating here would destroy the socket before that close frame leaves (1006).
		ws.on('error', (error) => ctx.log.debug({ boardId, err: error.message }, 'board socket error'));
		host.connect(peer, identity);
	};

	return {
		boards,
		connections: () => open,
		route: {
			matches: (pathname) => PATH.test(pathname),
			async handle(req, socket, head, identity) {
				const [, boardId, isPrivate] = PATH.exec(new URL(req.url ?? '/', 'http://x').pathname)!;
				let access: BoardAccess;
				try {
					access = await authorizeBoard(ctx, identity.user, boardId!);
				} catch (error) {
					if (!(error instanceof DomainError)) throw error;
					return rejectUpgrade(socket, ErrorCode[error.code], error.code, error.message);
				}
				wss.handleUpgrade(req, socket, head, (ws) => serve(ws, identity, access, !!isPrivate));
			}
		},
		async close() {
			clearInterval(reaper);
			void stageSubscription.then((unsubscribe) => unsubscribe());
			void revealSubscription.then((unsubscribe) => unsubscribe());
			for (const timer of writtenTimers.values()) clearTimeout(timer);
			for (const host of boards.values())
				host.room.closeAll(CLOSE_GOING_AWAY, 'server shutting down');
			wss.close();
			await Promise.all(
				[...boards.values()].map((host) =>
					host
						.flush()
						.catch((error: unknown) =>
							ctx.log.error({ err: error, boardId: host.boardId }, 'final board save failed')
						)
				)
			);
		}
	};
}

import { WebSocketServer, type WebSocket } from 'ws';
import type { AppContext } from '../../src/lib/server/context.ts';
import type { UpgradeRoute } from '../upgrade.ts';
import { BoardRoom, ProtocolError, type RoomSocket } from './room.ts';

const PATH = /^\/yjs\/([A-Za-z0-9_-]{1,64})$/;
const CLOSE_GOING_AWAY = 1001;
const CLOSE_INVALID_DATA = 1007;

export interface YjsEndpoint {
	route: UpgradeRoute;
	rooms: ReadonlyMap<string, BoardRoom>;
	close(): void;
}

/**
 * Board documents over the y-websocket protocol. Rooms live in memory while someone is
 * connected; persistence and cross-node fan-out arrive with the board.
 */
export function createYjsEndpoint(ctx: AppContext): YjsEndpoint {
	// maxPayload makes ws close an oversized frame with 1009 before buffering it.
	const wss = new WebSocketServer({
		noServer: true,
		maxPayload: ctx.config.MAX_MESSAGE_BYTES,
		perMessageDeflate: false
	});
	const rooms = new Map<string, BoardRoom>();

	const roomFor = (boardId: string): BoardRoom => {
		let room = rooms.get(boardId);
		if (!room) rooms.set(boardId, (room = new BoardRoom(boardId)));
		return room;
	};

	return {
		rooms,
		route: {
			matches: (pathname) => PATH.test(pathname),
			handle(req, socket, head, identity) {
				const boardId = PATH.exec(new URL(req.url ?? '/', 'http://x').pathname)![1]!;
				wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
					ws.binaryType = 'arraybuffer';
					const room = roomFor(boardId);
					const peer: RoomSocket = {
						send: (data) => {
							if (ws.readyState === ws.OPEN) ws.send(data);
						},
						close: (code, reason) => ws.close(code, reason)
					};
					ws.on('message', (data: ArrayBuffer, isBinary: boolean) => {
						if (!isBinary) return ws.close(CLOSE_INVALID_DATA, 'binary frames only');
						try {
							room.receive(peer, new Uint8Array(data));
						} catch (error) {
							if (!(error instanceof ProtocolError)) throw error;
							ctx.log.warn(
								{ boardId, user: identity.user.id, err: error.message },
								'bad yjs message'
							);
							ws.close(CLOSE_INVALID_DATA, 'malformed message');
						}
					});
					ws.on('close', () => {
						room.leave(peer);
						if (room.size === 0 && rooms.get(boardId) === room) {
							rooms.delete(boardId);
							room.destroy();
						}
					});
					ws.on('error', () => ws.terminate());
					room.join(peer, identity);
				});
			}
		},
		close() {
			for (const room of rooms.values()) room.closeAll(CLOSE_GOING_AWAY, 'server shutting down');
			wss.close();
		}
	};
}

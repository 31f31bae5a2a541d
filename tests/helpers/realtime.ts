import WebSocket from 'ws';
import { io, type Socket } from 'socket.io-client';
import { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';

/** A `ws` client class that sends the given cookie, for y-websocket's WebSocketPolyfill. */
export function cookieWebSocket(cookie: string) {
	return class extends WebSocket {
		constructor(url: string | URL, protocols?: string | string[]) {
			super(url, protocols, { headers: { cookie } });
		}
	};
}

export function yjsProvider(
	baseUrl: string,
	boardId: string,
	doc: Y.Doc,
	cookie: string
): WebsocketProvider {
	return new WebsocketProvider(baseUrl.replace(/^http/, 'ws') + '/yjs', boardId, doc, {
		WebSocketPolyfill: cookieWebSocket(cookie) as unknown as typeof globalThis.WebSocket,
		disableBc: true
	});
}

export function socketClient(baseUrl: string, cookie?: string): Socket {
	return io(baseUrl, {
		transports: ['websocket'],
		reconnection: false,
		extraHeaders: cookie ? { cookie } : {}
	});
}

/** Sends one message on a fresh connection with `cookie` and resolves with the close code it earns. */
export function closeCodeFor(url: string, cookie: string, message: Uint8Array): Promise<number> {
	return new Promise((resolve, reject) => {
		const ws = new WebSocket(url, { headers: { cookie } });
		ws.once('open', () => ws.send(message));
		ws.once('close', (code) => resolve(code));
		ws.once('error', reject);
	});
}

/** Resolves with the HTTP status of a refused upgrade, or 101 when it opened. */
export function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
	return new Promise((resolve, reject) => {
		const ws = new WebSocket(url, { headers });
		ws.once('unexpected-response', (_req, res) => {
			resolve(res.statusCode ?? 0);
			ws.terminate();
		});
		ws.once('open', () => {
			resolve(101);
			ws.close();
		});
		ws.once('error', (error) => {
			if (!/Unexpected server response/.test(error.message)) reject(error);
		});
	});
}

/** Like `until`, for a check that has to ask the server. */
export async function untilAsync(
	check: () => Promise<boolean>,
	timeoutMs = 5000,
	label = 'condition'
): Promise<void> {
	const started = Date.now();
	while (!(await check())) {
		if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${label}`);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

export function until(check: () => boolean, timeoutMs = 5000, label = 'condition'): Promise<void> {
	return new Promise((resolve, reject) => {
		const started = Date.now();
		const tick = () => {
			if (check()) return resolve();
			if (Date.now() - started > timeoutMs)
				return reject(new Error(`timed out waiting for ${label}`));
			setTimeout(tick, 20);
		};
		tick();
	});
}

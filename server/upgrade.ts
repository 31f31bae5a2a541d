import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AppContext } from '../src/lib/server/context.ts';
import { identify, upgradeOriginAllowed, type Identity } from './auth.ts';

export type UpgradeHandler = (
	req: IncomingMessage,
	socket: Duplex,
	head: Buffer,
	identity: Identity
) => void | Promise<void>;

export interface UpgradeRoute {
	matches(pathname: string): boolean;
	handle: UpgradeHandler;
}

/**
 * Authenticates every WebSocket upgrade (401, then 403 for a foreign Origin) and hands it to the
 * route that owns its path. Paths nobody owns are left alone when `passThrough` (Vite's HMR
 * socket in dev) and refused otherwise.
 */
export function createUpgradeListener(
	ctx: AppContext,
	routes: UpgradeRoute[],
	options: { passThrough: boolean }
) {
	return async (req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> => {
		const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
		const route = routes.find((r) => r.matches(pathname));
		if (!route) {
			if (!options.passThrough)
				rejectUpgrade(socket, 404, 'not_found', 'No WebSocket endpoint here.');
			return;
		}
		socket.on('error', () => socket.destroy());
		try {
			const identity = await identify(ctx, req);
			if (!identity) return rejectUpgrade(socket, 401, 'unauthenticated', 'Log in to connect.');
			if (!upgradeOriginAllowed(ctx, req)) {
				return rejectUpgrade(
					socket,
					403,
					'forbidden',
					'Cross-site WebSocket connections are not allowed.'
				);
			}
			await route.handle(req, socket, head, identity);
		} catch (error) {
			ctx.log.error({ err: error, path: pathname }, 'upgrade failed');
			rejectUpgrade(socket, 500, 'internal', 'The connection could not be set up.');
		}
	};
}

const REASONS: Record<number, string> = {
	401: 'Unauthorized',
	403: 'Forbidden',
	404: 'Not Found',
	500: 'Internal Server Error'
};

/** Answers an upgrade with a plain HTTP status and JSON body, before any WebSocket frame. */
export function rejectUpgrade(socket: Duplex, status: number, code: string, message: string): void {
	if (!socket.writable) return void socket.destroy();
	const body = JSON.stringify({ error: { code, message } });
	socket.end(
		`HTTP/1.1 ${status} ${REASONS[status] ?? 'Error'}\r\n` +
			'Connection: close\r\n' +
			'Content-Type: application/json\r\n' +
			`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
	);
}

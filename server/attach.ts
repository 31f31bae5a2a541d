import type { Server as HttpServer } from 'node:http';
import type { AppContext } from '../src/lib/server/context.ts';
import { createRealtime, type Realtime } from './realtime/index.ts';
import { createUpgradeListener } from './upgrade.ts';
import { createYjsEndpoint, type YjsEndpoint } from './yjs/endpoint.ts';
import { withBoardRevocation } from './yjs/revocation.ts';

export interface Attached {
	realtime: Realtime;
	yjs: YjsEndpoint;
	/** Closes every WebSocket (socket.io and Yjs) gracefully. */
	close(): Promise<void>;
}

/** Puts socket.io and the Yjs endpoint on an HTTP server: production's and Vite's alike. */
export function attachRealtime(
	server: HttpServer,
	ctx: AppContext,
	options: { passThroughUpgrades: boolean }
): Attached {
	const realtime = createRealtime(ctx);
	const yjs = createYjsEndpoint(ctx);
	ctx.sockets = withBoardRevocation(ctx, realtime.io, yjs, realtime.control);
	const listener = createUpgradeListener(ctx, [realtime.route, yjs.route], {
		passThrough: options.passThroughUpgrades
	});
	server.on('upgrade', listener);
	return {
		realtime,
		yjs,
		async close() {
			server.off('upgrade', listener);
			await yjs.close();
			await realtime.close();
		}
	};
}

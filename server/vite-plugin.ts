import path from 'node:path';
import type { Plugin } from 'vite';
import { loadConfig } from '../src/lib/server/config.ts';
import { closeContext, createContext, publishContext } from '../src/lib/server/context.ts';
import { attachRealtime } from './attach.ts';

/** `npm run dev`: the same socket.io and Yjs handlers as production, on Vite's server. */
export function whitespaceDevServer(): Plugin {
	return {
		name: 'whitespace-dev-server',
		apply: 'serve',
		async configureServer(vite) {
			const httpServer = vite.httpServer;
			if (process.env.VITEST || !httpServer) return;
			const ctx = await createContext(loadConfig(), {
				migrationsFolder: path.resolve(vite.config.root, 'src/lib/server/db/migrations')
			});
			publishContext(ctx);
			const attached = attachRealtime(httpServer as import('node:http').Server, ctx, {
				passThroughUpgrades: true
			});
			httpServer.once('close', () => {
				void attached.close().then(() => closeContext(ctx));
			});
		}
	};
}

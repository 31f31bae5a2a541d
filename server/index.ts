import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadConfig } from '../src/lib/server/config.ts';
import { createLogger } from '../src/lib/server/logger.ts';
import { closeContext, createContext, publishContext } from '../src/lib/server/context.ts';
import { attachRealtime } from './attach.ts';
import { answerClientError } from './client-error.ts';
import { guardRequestSize } from './request-size.ts';
import { useConnectionProtocol } from './protocol.ts';

type NodeHandler = (req: http.IncomingMessage, res: http.ServerResponse, next?: () => void) => void;

const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
	const config = loadConfig();
	// adapter-node reads this when its handler loads; the contract is 413 above 1 MiB.
	process.env.BODY_SIZE_LIMIT ??= String(config.MAX_MESSAGE_BYTES);
	const stampProtocol = useConnectionProtocol();
	const log = createLogger(config.LOG_LEVEL);
	const ctx = await createContext(config, { log });
	publishContext(ctx);

	const buildDir = path.resolve(process.env.BUILD_DIR ?? 'build');
	const { handler } = (await import(pathToFileURL(path.join(buildDir, 'handler.js')).href)) as {
		handler: NodeHandler;
	};
	const server = http.createServer((req, res) => {
		stampProtocol(req);
		if (guardRequestSize(req, res, config.MAX_MESSAGE_BYTES)) handler(req, res);
	});
	// Upgrades too, so their Origin is checked against the scheme they really arrived on.
	server.on('upgrade', stampProtocol);
	server.on('clientError', answerClientError);
	const attached = attachRealtime(server, ctx, { passThroughUpgrades: false });

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(config.PORT, config.HOST, () => resolve());
	});
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : config.PORT;
	log.info({ port, url: config.ORIGIN ?? `http://localhost:${port}` }, 'listening');

	let stopping = false;
	const shutdown = async (signal: string) => {
		if (stopping) return;
		stopping = true;
		log.info({ signal }, 'shutting down');
		const force = setTimeout(() => {
			log.error('graceful shutdown timed out');
			process.exit(1);
		}, SHUTDOWN_GRACE_MS);
		force.unref();
		server.close();
		await attached.close();
		server.closeIdleConnections();
		await closeContext(ctx);
		log.info('stopped');
		process.exit(0);
	};
	process.on('SIGTERM', () => void shutdown('SIGTERM'));
	process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
	const message = error instanceof Error ? error.message : String(error);
	console.error(`Whitespace could not start: ${message}`);
	process.exit(1);
});

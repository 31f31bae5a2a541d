import type { WebsocketProvider } from 'y-websocket';
import { afterAll, beforeAll } from 'vitest';
import type { Backend } from './backends.ts';
import type { TestServer } from './server.ts';
import { serveWorkshop, type Workshop } from './workshop.ts';

export interface BoardSuite {
	server: TestServer;
	w: Workshop;
	/** Providers the tests opened: destroyed after the suite. */
	providers: WebsocketProvider[];
}

/**
 * Declares the hooks of a suite of board tests on a fresh store of `backend`: a server with a
 * workshop, set on the returned object before the tests run, and the end of every provider the
 * tests put in its `providers` after them.
 */
export function boardSuite(backend: Backend): BoardSuite {
	const suite = { providers: [] } as unknown as BoardSuite;
	beforeAll(async () => {
		Object.assign(suite, await serveWorkshop(backend));
	});
	afterAll(() => suite.providers.forEach((p) => p.destroy()));
	return suite;
}

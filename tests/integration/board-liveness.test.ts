import WebSocket from 'ws';
import * as Y from 'yjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../helpers/backends.ts';
import { serveFresh, type TestServer } from '../helpers/server.ts';
import { until, yjsProvider } from '../helpers/realtime.ts';
import { setUpWorkshop, type Person } from '../helpers/workshop.ts';

const BUFFER_LIMIT = 256 * 1024;

describe.each(backends())('board connection liveness on $name', (backend) => {
	let server: TestServer;
	let slowServer: TestServer;
	let boardUrl: string;
	let boardId: string;
	let writer: Person;
	let reader: Person;

	beforeAll(async () => {
		// Each limit on its own server: a short ping interval could reap a client that is
		// merely busy during the buffering test.
		server = await serveFresh(backend, { BOARD_PING_MS: '300' });
		slowServer = await serveFresh(backend, { BOARD_MAX_BUFFERED_BYTES: String(BUFFER_LIMIT) });
	});

	/** An organisation with a board on `on`, and a writer and reader signed up there. */
	const setUp = async (on: TestServer) => {
		const w = await setUpWorkshop(on.url);
		const session = await w.startSession((await w.createChallenge()).id);
		await w.facilitator.client.post(`/api/v1/sessions/${session.id}/stage`, { to: 'diverge' });
		boardId = session.boardId;
		boardUrl = `${on.url.replace(/^http/, 'ws')}/yjs/${boardId}`;
		writer = await w.person('Wren', 0);
		reader = await w.person('Rudi', 1);
	};

	const rawClient = (options: { autoPong: boolean }) => {
		const ws = new WebSocket(boardUrl, {
			headers: { cookie: reader.client.cookieHeader },
			...options
		});
		let closed = false;
		ws.on('close', () => (closed = true));
		ws.on('error', () => {});
		return { ws, isClosed: () => closed, opened: new Promise((r) => ws.once('open', r)) };
	};

	it('reaps a connection that stops answering pings and keeps one that answers', async () => {
		await setUp(server);
		const live = yjsProvider(server.url, boardId, new Y.Doc(), writer.client.cookieHeader);
		try {
			const silent = rawClient({ autoPong: false });
			await silent.opened;
			await until(silent.isClosed, 5000, 'silent connection reaped');
			expect(live.wsconnected).toBe(true);
		} finally {
			live.destroy();
		}
	});

	it('drops a client that does not read instead of buffering for it without bound', async () => {
		await setUp(slowServer);
		const doc = new Y.Doc();
		const live = yjsProvider(slowServer.url, boardId, doc, writer.client.cookieHeader);
		try {
			await until(() => live.synced, 5000, 'writer synced');
			const slow = rawClient({ autoPong: true });
			await slow.opened;
			slow.ws.pause();
			const text = doc.getText('load');
			// 12 MB: more than loopback's socket buffers can absorb for a paused reader.
			for (let i = 0; i < 60; i++) {
				text.insert(0, 'x'.repeat(200 * 1024));
				await new Promise((r) => setTimeout(r, 10));
			}
			slow.ws.resume();
			await until(slow.isClosed, 10_000, 'slow client dropped');
			expect(live.wsconnected).toBe(true);
		} finally {
			live.destroy();
		}
	});
});

import { expect, type APIRequestContext } from '@playwright/test';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';

export interface SeedNote {
	id: string;
	text: string;
	clusterId?: string;
}

/**
 * Writes notes (and clusters) as the person signed in on `request`, through the real Yjs
 * endpoint the canvas uses, and waits until the server's board has them. For suites about what
 * comes after the board; the board's own UI has `board.e2e.ts` and `workshop.e2e.ts`.
 */
export async function writeNotes(
	baseURL: string,
	request: APIRequestContext,
	session: { id: string; boardId: string },
	notes: SeedNote[],
	clusters: { id: string; title: string }[] = []
): Promise<void> {
	const { cookies } = await request.storageState();
	const cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
	class CookieSocket extends WebSocket {
		constructor(url: string | URL) {
			super(url, { headers: { cookie, origin: baseURL } });
		}
	}
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(
		baseURL.replace('http', 'ws') + '/yjs',
		session.boardId,
		doc,
		{ WebSocketPolyfill: CookieSocket as unknown as typeof globalThis.WebSocket, disableBc: true }
	);
	try {
		await expect.poll(() => provider.synced).toBe(true);
		doc.transact(() => {
			for (const c of clusters) {
				const cluster = new Y.Map<unknown>();
				cluster.set('title', new Y.Text(c.title));
				cluster.set('x', 0);
				cluster.set('y', 0);
				doc.getMap('clusters').set(c.id, cluster);
			}
			notes.forEach((n, i) => {
				const note = new Y.Map<unknown>();
				note.set('text', new Y.Text(n.text));
				note.set('x', 40 + i * 200);
				note.set('y', 300);
				note.set('color', 'yellow');
				note.set('clusterId', n.clusterId ?? null);
				note.set('createdAt', Date.now() + i);
				doc.getMap('notes').set(n.id, note);
			});
		});
		await expect
			.poll(async () => {
				const res = await request.get(`/api/v1/sessions/${session.id}/board`);
				const board = (await res.json()) as { notes: { id: string }[] };
				return notes.every((n) => board.notes.some((b) => b.id === n.id));
			})
			.toBe(true);
	} finally {
		provider.destroy();
	}
}

import { expect, type APIRequestContext } from '@playwright/test';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { clusterMap, noteMap } from '../helpers/board-maps.ts';

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
/**
 * A y-websocket client of the board that carries the cookies of the person signed in on
 * `request`, resolved once it synced. Destroy its provider when done.
 */
export async function boardClient(
	baseURL: string,
	request: APIRequestContext,
	boardId: string
): Promise<{ doc: Y.Doc; provider: WebsocketProvider }> {
	const { cookies } = await request.storageState();
	const cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
	class CookieSocket extends WebSocket {
		constructor(url: string | URL) {
			super(url, { headers: { cookie, origin: baseURL } });
		}
	}
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(baseURL.replace('http', 'ws') + '/yjs', boardId, doc, {
		WebSocketPolyfill: CookieSocket as unknown as typeof globalThis.WebSocket,
		disableBc: true
	});
	try {
		await expect.poll(() => provider.synced).toBe(true);
	} catch (error) {
		provider.destroy();
		throw error;
	}
	return { doc, provider };
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
	const { doc, provider } = await boardClient(baseURL, request, session.boardId);
	try {
		doc.transact(() => {
			for (const c of clusters)
				doc.getMap('clusters').set(c.id, clusterMap(c.title, { x: 0, y: 0 }));
			notes.forEach((n, i) => {
				const note = noteMap(n.text, {
					x: 40 + i * 200,
					y: 300,
					color: 'yellow',
					clusterId: n.clusterId ?? null,
					createdAt: Date.now() + i
				});
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

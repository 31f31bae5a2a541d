import WebSocket from 'ws';
import * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { backends } from '../helpers/backends.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { until, yjsProvider } from '../helpers/realtime.ts';
import { setUpWorkshop, type Person, type Workshop } from '../helpers/workshop.ts';

interface Opened {
	doc: Y.Doc;
	provider: WebsocketProvider;
}

const providers: WebsocketProvider[] = [];
afterEach(() => providers.splice(0).forEach((p) => p.destroy()));

async function open(url: string, boardId: string, person: Person): Promise<Opened> {
	const doc = new Y.Doc();
	const provider = yjsProvider(url, boardId, doc, person.client.cookieHeader);
	providers.push(provider);
	await until(() => provider.synced, 10_000, 'board synced');
	return { doc, provider };
}

/** Writes a note the way the canvas does, claiming whatever author the caller passes. */
function writeNote(doc: Y.Doc, id: string, text: string, authorId: string | null) {
	doc.transact(() => {
		const note = new Y.Map<unknown>();
		note.set('text', new Y.Text(text));
		note.set('x', 10);
		note.set('y', 20);
		note.set('color', 'yellow');
		note.set('authorId', authorId);
		note.set('teamId', 'forged-team');
		note.set('clusterId', null);
		note.set('createdAt', Date.now());
		doc.getMap('notes').set(id, note);
	});
}

const noteText = (doc: Y.Doc, id: string) =>
	(doc.getMap('notes').get(id) as Y.Map<unknown> | undefined)?.get('text')?.toString();

async function toStage(w: Workshop, sessionId: string, to: string) {
	const res = await w.facilitator.client.post(`/api/v1/sessions/${sessionId}/stage`, { to });
	expect(res.status).toBe(200);
}

describe.each(backends())('the board on $name', (backend) => {
	let env: Record<string, string>;
	let cleanup: () => Promise<void>;
	let server: TestServer;
	let w: Workshop;

	afterAll(async () => {
		await server?.stop();
		await cleanup?.();
	});

	it('stamps notes with their writer, keeps them across a restart, and reads them back over HTTP', async () => {
		({ env, cleanup } = await backend.prepare());
		server = await startServer(env);
		w = await setUpWorkshop(server.url);
		const s = await w.startSession((await w.createChallenge()).id);
		await toStage(w, s.id, 'diverge');
		const ana = await w.person('Ana', 0);
		const ben = await w.person('Ben', 1);
		const a = await open(server.url, s.boardId, ana);
		const b = await open(server.url, s.boardId, ben);

		writeNote(a.doc, 'n1', 'Pair new hires across teams', ben.user.id);
		await until(() => noteText(b.doc, 'n1') === 'Pair new hires across teams', 5000, 'note seen');
		const seen = b.doc.getMap('notes').get('n1') as Y.Map<unknown>;
		await until(() => seen.get('authorId') === ana.user.id, 5000, 'author rewritten');
		expect(seen.get('teamId')).toBe(w.teams[0]!.id);

		// Someone else cannot take the note over afterwards.
		(b.doc.getMap('notes').get('n1') as Y.Map<unknown>).set('authorId', ben.user.id);
		await until(() => seen.get('authorId') === ana.user.id, 5000, 'author restored');

		const res = await ben.client.get(`/api/v1/sessions/${s.id}/board`);
		expect(res.status).toBe(200);
		const board = (await res.json()) as { notes: { id: string; authorId: string; text: string }[] };
		expect(board.notes).toEqual([
			expect.objectContaining({
				id: 'n1',
				text: 'Pair new hires across teams',
				authorId: ana.user.id
			})
		]);

		providers.splice(0).forEach((p) => p.destroy());
		expect(await server.stop()).toBe(0);
		// The same port, so the suite's signed-in clients keep talking to it.
		server = await startServer({ ...env, PORT: String(server.port) });
		const again = await open(server.url, s.boardId, ben);
		expect(noteText(again.doc, 'n1')).toBe('Pair new hires across teams');
	});

	it('neither applies nor relays updates while the stage is read-only', async () => {
		const s = await w.startSession((await w.createChallenge()).id);
		const cai = await w.person('Cai', 0);
		const dee = await w.person('Dee', 1);
		const c = await open(server.url, s.boardId, cai);
		const d = await open(server.url, s.boardId, dee);
		writeNote(c.doc, 'lobby-note', 'too early', cai.user.id);
		await toStage(w, s.id, 'diverge');
		// A refused update leaves a gap in its client's clock, so later edits come from a fresh
		// client, as after the page reload an honest canvas (read-only in the lobby) never needs.
		const later = await open(server.url, s.boardId, cai);
		writeNote(later.doc, 'diverge-note', 'on time', cai.user.id);
		await until(() => noteText(d.doc, 'diverge-note') === 'on time', 5000, 'diverge note seen');
		expect(noteText(d.doc, 'lobby-note')).toBeUndefined();
		const res = await dee.client.get(`/api/v1/sessions/${s.id}/board`);
		const board = (await res.json()) as { notes: { id: string }[] };
		expect(board.notes.map((n) => n.id)).toEqual(['diverge-note']);
	});

	it('closes a connection that sends a malformed update with 1007 while the board is read-only too', async () => {
		const s = await w.startSession((await w.createChallenge()).id);
		const hal = await w.person('Hal', 0);
		const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}/yjs/${s.boardId}`, {
			headers: { cookie: hal.client.cookieHeader }
		});
		await new Promise((resolve) => ws.once('open', resolve));
		const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
		// A sync update (0, 2) whose payload is not a Yjs update, sent in the lobby.
		ws.send(new Uint8Array([0, 2, 3, 200, 200, 200]));
		expect(await closed).toBe(1007);
	});

	it('shows nobody the author of an anonymous note, while the author still sees it is theirs', async () => {
		const s = await w.startSession((await w.createChallenge({ anonymousNotes: true })).id);
		await toStage(w, s.id, 'diverge');
		const eli = await w.person('Eli', 0);
		const fay = await w.person('Fay', 1);
		const e = await open(server.url, s.boardId, eli);
		const f = await open(server.url, s.boardId, fay);
		writeNote(e.doc, 'anon', 'A quiet idea', eli.user.id);
		await until(() => noteText(f.doc, 'anon') === 'A quiet idea', 5000, 'anonymous note seen');
		const seen = f.doc.getMap('notes').get('anon') as Y.Map<unknown>;
		await until(() => seen.get('authorId') === null, 5000, 'author removed');
		expect(seen.get('teamId')).toBeNull();
		const theirs = (await (await fay.client.get(`/api/v1/sessions/${s.id}/board`)).json()) as {
			notes: { authorId: string | null }[];
		};
		expect(theirs.notes[0]!.authorId).toBeNull();
		const own = (await (await eli.client.get(`/api/v1/sessions/${s.id}/board`)).json()) as {
			notes: { authorId: string | null }[];
		};
		expect(own.notes[0]!.authorId).toBe(eli.user.id);
	});

	it('refuses the board of a session to someone who may not see it', async () => {
		const s = await w.startSession(
			(await w.createChallenge({ audience: 'invited', invitedTeamIds: [w.teams[1]!.id] })).id
		);
		const out = await w.person('Gus', 0);
		const res = await out.client.get(`/api/v1/sessions/${s.id}/board`);
		expect(res.status).toBe(403);
		expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_invited');
	});
});

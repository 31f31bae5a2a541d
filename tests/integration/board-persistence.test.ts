import type * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { backends } from '../helpers/backends.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { closeCodeFor, until } from '../helpers/realtime.ts';
import { setUpWorkshop, type Person, type Workshop } from '../helpers/workshop.ts';
import { addNote, openBoard } from '../helpers/board.ts';

const providers: WebsocketProvider[] = [];
afterEach(() => providers.splice(0).forEach((p) => p.destroy()));

async function open(url: string, boardId: string, person: Person) {
	const board = await openBoard(url, boardId, person);
	providers.push(board.provider);
	return board;
}

/** Writes a note the way the canvas does, claiming whatever author the caller passes. */
const writeNote = (doc: Y.Doc, id: string, text: string, authorId: string | null) =>
	addNote(doc, id, text, { authorId, teamId: 'forged-team' });

const noteText = (doc: Y.Doc, id: string) =>
	(doc.getMap('notes').get(id) as Y.Map<unknown> | undefined)?.get('text')?.toString();

describe.each(backends())('the board on $name', (backend) => {
	let env: Record<string, string>;
	let cleanup: () => Promise<void>;
	let server: TestServer;
	let w: Workshop;

	afterAll(async () => {
		await server?.stop();
		await cleanup?.();
	});

	/** A session of a new challenge (`body`) in Diverge, with one person of each team on its board. */
	async function twoOnTheBoard(body: Record<string, unknown>, names: [string, string]) {
		const s = await w.startSession((await w.createChallenge(body)).id);
		await w.toStage(s.id, 'diverge');
		const people = [await w.person(names[0], 0), await w.person(names[1], 1)] as const;
		const boards = [
			await open(server.url, s.boardId, people[0]),
			await open(server.url, s.boardId, people[1])
		] as const;
		return { s, people, boards };
	}

	it('stamps notes with their writer, keeps them across a restart, and reads them back over HTTP', async () => {
		({ env, cleanup } = await backend.prepare());
		server = await startServer(env);
		w = await setUpWorkshop(server.url);
		const {
			s,
			people: [ana, ben],
			boards: [a, b]
		} = await twoOnTheBoard({}, ['Ana', 'Ben']);

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
		await w.toStage(s.id, 'diverge');
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
		const url = `${server.url.replace(/^http/, 'ws')}/yjs/${s.boardId}`;
		// A sync update (0, 2) whose payload is not a Yjs update, sent in the lobby.
		const malformed = new Uint8Array([0, 2, 3, 200, 200, 200]);
		expect(await closeCodeFor(url, hal.client.cookieHeader, malformed)).toBe(1007);
	});

	it('shows nobody the author of an anonymous note, while the author still sees it is theirs', async () => {
		const {
			s,
			people: [eli, fay],
			boards: [e, f]
		} = await twoOnTheBoard({ anonymousNotes: true }, ['Eli', 'Fay']);
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
		const s = await w.invitedSession(1);
		const out = await w.person('Gus', 0);
		const res = await out.client.get(`/api/v1/sessions/${s.id}/board`);
		expect(res.status).toBe(403);
		expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_invited');
	});
});

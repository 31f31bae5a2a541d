import type * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import type { Socket } from 'socket.io-client';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { backends, servicesBackend } from '../helpers/backends.ts';
import type { TestServer } from '../helpers/server.ts';
import { until, upgradeStatus } from '../helpers/realtime.ts';
import {
	command,
	joinLive,
	serveWorkshop,
	workshopOnNodes,
	type Person,
	type Workshop
} from '../helpers/workshop.ts';
import { addNote, openBoard } from '../helpers/board.ts';
import { privateRoomName } from '../../src/lib/shared/private-writing.ts';

interface BoardAnswer {
	notes: { id: string; text: string; authorId: string | null; teamId: string | null }[];
	hiddenCount: number;
}

const providers: WebsocketProvider[] = [];
const sockets: Socket[] = [];
afterEach(() => {
	providers.splice(0).forEach((p) => p.destroy());
	sockets.splice(0).forEach((s) => s.disconnect());
});

/** A real y-websocket provider on the shared board, or on the caller's own private document. */
async function open(url: string, boardId: string, person: Person, own = false) {
	const board = await openBoard(url, own ? privateRoomName(boardId) : boardId, person);
	providers.push(board.provider);
	return board;
}

const noteOf = (doc: Y.Doc, id: string) =>
	doc.getMap('notes').get(id) as Y.Map<unknown> | undefined;
const textOf = (doc: Y.Doc, id: string) => noteOf(doc, id)?.get('text')?.toString();

async function board(person: Person, sessionId: string): Promise<BoardAnswer> {
	const res = await person.client.get(`/api/v1/sessions/${sessionId}/board`);
	expect(res.status).toBe(200);
	return (await res.json()) as BoardAnswer;
}

/** Waits until the server holds the note, as its author's own HTTP answer shows. */
async function serverHolds(person: Person, sessionId: string, id: string, text: string) {
	for (;;) {
		const { notes } = await board(person, sessionId);
		if (notes.some((n) => n.id === id && n.text === text)) return;
		await new Promise((resolve) => setTimeout(resolve, 25));
	}
}

async function privateSession(w: Workshop) {
	const s = await w.startSession((await w.createChallenge({ privateWriting: true })).id);
	await w.toStage(s.id, 'diverge');
	return s;
}

describe.each(backends())('private writing on $name', (backend) => {
	let server: TestServer;
	let w: Workshop;

	beforeAll(async () => {
		({ server, w } = await serveWorkshop(backend));
	});

	it('keeps each person’s notes out of everyone else’s documents, awareness and answers until the reveal', async () => {
		const s = await privateSession(w);
		const [ada, bo] = await w.oneFromEachTeam('Ada', 'Bo');
		const adaShared = await open(server.url, s.boardId, ada);
		const adaOwn = await open(server.url, s.boardId, ada, true);
		const boShared = await open(server.url, s.boardId, bo);
		const boOwn = await open(server.url, s.boardId, bo, true);

		addNote(adaOwn.doc, 'ada-1', 'Shadow a support call');
		addNote(boOwn.doc, 'bo-1', 'Kill the setup wizard');
		await serverHolds(ada, s.id, 'ada-1', 'Shadow a support call');
		await serverHolds(bo, s.id, 'bo-1', 'Kill the setup wizard');
		// Ada says she is editing her hidden note; the cursor in the same state is the barrier.
		adaShared.provider.awareness.setLocalState({ cursor: { x: 7, y: 7 }, editing: 'ada-1' });

		const boView = await board(bo, s.id);
		expect(boView.notes.map((n) => n.id)).toEqual(['bo-1']);
		expect(boView.notes[0]).toMatchObject({ authorId: bo.user.id, teamId: w.teams[1]!.id });
		expect(boView.hiddenCount).toBe(1);
		const facilitatorView = await board(w.facilitator, s.id);
		expect(facilitatorView).toMatchObject({ notes: [], hiddenCount: 2 });

		// A fresh full sync of the shared board carries everything the server holds there.
		const late = await open(server.url, s.boardId, w.facilitator);
		expect(late.doc.getMap('notes').size).toBe(0);
		expect(boShared.doc.getMap('notes').size).toBe(0);
		expect(textOf(boOwn.doc, 'ada-1')).toBeUndefined();
		const adaState = () =>
			[...boShared.provider.awareness.getStates().values()].find(
				(state) => (state.user as { id?: string } | undefined)?.id === ada.user.id
			);
		await until(() => adaState()?.cursor?.x === 7, 5000, 'ada’s cursor seen');
		expect(adaState()?.editing).toBeNull();

		// Ada's second private connection (another tab) is her own document again.
		const adaTab = await open(server.url, s.boardId, ada, true);
		expect(textOf(adaTab.doc, 'ada-1')).toBe('Shadow a support call');
		expect(textOf(adaTab.doc, 'bo-1')).toBeUndefined();

		// The last edit before the reveal is the text everyone gets.
		const adaText = noteOf(adaOwn.doc, 'ada-1')!.get('text') as Y.Text;
		adaText.insert(adaText.length, ' each week');
		await serverHolds(ada, s.id, 'ada-1', 'Shadow a support call each week');

		const facilitator = await joinLive(server.url, w.facilitator, s.id);
		sockets.push(facilitator.socket);
		const revealedEvents: unknown[] = [];
		const boLive = await joinLive(server.url, bo, s.id);
		sockets.push(boLive.socket);
		boLive.socket.on('board:revealed', (payload: unknown) => revealedEvents.push(payload));
		const refused = await command(boLive.socket, 'board:reveal', { sessionId: s.id });
		expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
		const ack = await command<{ revealed: number }>(facilitator.socket, 'board:reveal', {
			sessionId: s.id
		});
		expect(ack).toEqual({ ok: true, revealed: 2 });

		for (const doc of [adaShared.doc, boShared.doc, late.doc]) {
			await until(
				() =>
					textOf(doc, 'ada-1') === 'Shadow a support call each week' &&
					textOf(doc, 'bo-1') === 'Kill the setup wizard',
				5000,
				'revealed notes seen'
			);
			expect(noteOf(doc, 'ada-1')!.get('authorId')).toBe(ada.user.id);
			expect(noteOf(doc, 'bo-1')!.get('authorId')).toBe(bo.user.id);
		}
		await until(() => revealedEvents.length === 1, 5000, 'board:revealed heard');
		expect(revealedEvents[0]).toEqual({ sessionId: s.id, revealed: 2 });
		const after = await board(bo, s.id);
		expect(after.hiddenCount).toBe(0);
		expect(after.notes.map((n) => [n.id, n.authorId])).toEqual(
			expect.arrayContaining([
				['ada-1', ada.user.id],
				['bo-1', bo.user.id]
			])
		);
		expect(after.notes).toHaveLength(2);

		// Idempotent, and a private document written to late passes the note on to everyone.
		expect(await command(facilitator.socket, 'board:reveal', { sessionId: s.id })).toEqual({
			ok: true,
			revealed: 0
		});
		addNote(boOwn.doc, 'bo-late', 'Written before the tab heard');
		await until(() => textOf(adaShared.doc, 'bo-late') !== undefined, 5000, 'late note seen');
		expect(late.doc.getMap('notes').size).toBe(3);
		const session = await (await bo.client.get(`/api/v1/sessions/${s.id}`)).json();
		expect(session).toMatchObject({ session: { privateRevealed: true } });
	});

	it('opens only the caller’s own private document', async () => {
		const s = await privateSession(w);
		const cy = await w.person('Cy', 0);
		const wsUrl = server.url.replace(/^http/, 'ws');
		expect(
			await upgradeStatus(`${wsUrl}/yjs/${s.boardId}/private/${w.facilitator.user.id}`, {
				cookie: cy.client.cookieHeader
			})
		).toBe(404);
		const outsiderChallenge = await w.createChallenge({
			audience: 'invited',
			invitedTeamIds: [w.teams[1]!.id],
			privateWriting: true
		});
		const closed = await w.startSession(outsiderChallenge.id);
		expect(
			await upgradeStatus(`${wsUrl}/yjs/${closed.boardId}/private`, {
				cookie: cy.client.cookieHeader
			})
		).toBe(403);
		expect(await upgradeStatus(`${wsUrl}/yjs/${s.boardId}/private`, {})).toBe(401);
	});

	it('reveals over HTTP for the facilitator only, and only in diverge', async () => {
		const s = await w.startSession((await w.createChallenge({ privateWriting: true })).id);
		const dee = await w.person('Dee', 0);
		const lobby = await w.facilitator.client.post(`/api/v1/sessions/${s.id}/reveal`);
		expect(lobby.status).toBe(409);
		expect(await lobby.json()).toMatchObject({ error: { code: 'conflict' } });
		await w.toStage(s.id, 'diverge');
		const own = await open(server.url, s.boardId, dee, true);
		addNote(own.doc, 'dee-1', 'Onboarding buddy');
		await serverHolds(dee, s.id, 'dee-1', 'Onboarding buddy');

		const participant = await dee.client.post(`/api/v1/sessions/${s.id}/reveal`);
		expect(participant.status).toBe(403);
		expect(await participant.json()).toMatchObject({ error: { code: 'forbidden' } });
		expect((await board(w.facilitator, s.id)).hiddenCount).toBe(1);

		const res = await w.facilitator.client.post(`/api/v1/sessions/${s.id}/reveal`);
		expect(res.status).toBe(200);
		expect(await res.json()).toEqual({ revealed: 1 });
		expect(await board(w.facilitator, s.id)).toMatchObject({
			notes: [{ id: 'dee-1', text: 'Onboarding buddy', authorId: dee.user.id }],
			hiddenCount: 0
		});
	});

	it('reveals whatever is still hidden when the session leaves diverge', async () => {
		const s = await privateSession(w);
		const eli = await w.person('Eli', 1);
		const fox = await w.person('Fox', 0);
		const own = await open(server.url, s.boardId, eli, true);
		const watcher = await open(server.url, s.boardId, fox);
		addNote(own.doc, 'eli-1', 'Weekly demo day');
		await serverHolds(eli, s.id, 'eli-1', 'Weekly demo day');
		// The private connection closes first: the note is revealed from storage.
		own.provider.destroy();
		await w.toStage(s.id, 'cluster');
		await until(() => textOf(watcher.doc, 'eli-1') === 'Weekly demo day', 5000, 'note revealed');
		expect(noteOf(watcher.doc, 'eli-1')!.get('authorId')).toBe(eli.user.id);
		expect((await board(fox, s.id)).notes.map((n) => n.id)).toEqual(['eli-1']);
		// Back in diverge the notes stay public: they were revealed.
		await w.toStage(s.id, 'diverge');
		const session = await (await fox.client.get(`/api/v1/sessions/${s.id}`)).json();
		expect(session).toMatchObject({ session: { stage: 'diverge', privateRevealed: true } });
	});

	it('reveals when an auto-advancing timer moves the session on from diverge', async () => {
		const s = await privateSession(w);
		const ida = await w.person('Ida', 0);
		const own = await open(server.url, s.boardId, ida, true);
		const watcher = await open(server.url, s.boardId, w.facilitator);
		addNote(own.doc, 'ida-1', 'Close on the third day');
		await serverHolds(ida, s.id, 'ida-1', 'Close on the third day');
		const timer = await w.facilitator.client.post(`/api/v1/sessions/${s.id}/timer`, {
			action: 'start',
			seconds: 1,
			autoAdvance: true
		});
		expect(timer.status).toBe(200);
		await until(
			() => textOf(watcher.doc, 'ida-1') === 'Close on the third day',
			10_000,
			'revealed by auto-advance'
		);
		// The note may arrive before the reveal is stamped on the session (the stage goes first).
		for (;;) {
			const { session } = (await (await ida.client.get(`/api/v1/sessions/${s.id}`)).json()) as {
				session: { stage: string; privateRevealed: boolean };
			};
			expect(session.stage).toBe('cluster');
			if (session.privateRevealed) break;
			await new Promise((resolve) => setTimeout(resolve, 25));
		}
	});

	it('hides nothing on a challenge without private writing', async () => {
		const s = await w.startSession((await w.createChallenge()).id);
		await w.toStage(s.id, 'diverge');
		const gil = await w.person('Gil', 0);
		const own = await open(server.url, s.boardId, gil, true);
		const shared = await open(server.url, s.boardId, w.facilitator);
		addNote(own.doc, 'gil-1', 'Open by default');
		await until(() => textOf(shared.doc, 'gil-1') === 'Open by default', 5000, 'note shared');
	});
});

const services = servicesBackend();

describe.runIf(services)('private writing across two nodes', () => {
	let nodeA: TestServer;
	let nodeB: TestServer;
	let w: Workshop;

	beforeAll(async () => {
		let nodes: TestServer[];
		({ nodes, w } = await workshopOnNodes(services!, 2));
		[nodeA, nodeB] = nodes as [TestServer, TestServer];
	});

	it('a reveal issued on node A reaches the clients of node B, with notes held only by node B', async () => {
		const s = await privateSession(w);
		const [hana, ike] = await w.oneFromEachTeam('Hana', 'Ike');
		// Hana writes through node B; nothing of it is stored yet when the reveal comes.
		const hanaOwn = await open(nodeB.url, s.boardId, hana, true);
		const ikeOnB = await open(nodeB.url, s.boardId, ike);
		const ikeOnA = await open(nodeA.url, s.boardId, ike);
		addNote(hanaOwn.doc, 'hana-1', 'Pairing rotation');
		await until(
			() => hanaOwn.provider.synced && textOf(hanaOwn.doc, 'hana-1') !== undefined,
			5000,
			'written'
		);
		const facilitator = await joinLive(nodeA.url, w.facilitator, s.id);
		sockets.push(facilitator.socket);
		// Until node B has applied the note, its answer may still miss it; the reveal must not.
		for (;;) {
			const res = await hana.client.at(nodeB.url).get(`/api/v1/sessions/${s.id}/board`);
			if (((await res.json()) as BoardAnswer).notes.length === 1) break;
			await new Promise((resolve) => setTimeout(resolve, 25));
		}
		const ack = await command<{ revealed: number }>(facilitator.socket, 'board:reveal', {
			sessionId: s.id
		});
		expect(ack.ok).toBe(true);
		for (const doc of [ikeOnB.doc, ikeOnA.doc])
			await until(() => textOf(doc, 'hana-1') === 'Pairing rotation', 10_000, 'revealed on both');
		expect(noteOf(ikeOnA.doc, 'hana-1')!.get('authorId')).toBe(hana.user.id);
		const onA = (await (
			await ike.client.at(nodeA.url).get(`/api/v1/sessions/${s.id}/board`)
		).json()) as BoardAnswer;
		expect(onA.notes.map((n) => [n.id, n.authorId])).toEqual([['hana-1', hana.user.id]]);
	});
});

import * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, servicesBackend } from '../helpers/backends.ts';
import { serveNodes, type TestServer } from '../helpers/server.ts';
import { until, upgradeStatus, yjsProvider } from '../helpers/realtime.ts';
import { serveWorkshop, setUpWorkshop, type Person, type Workshop } from '../helpers/workshop.ts';

/** Opens a real provider and resolves once it synced; `closed` resolves with the close code. */
async function openBoard(url: string, boardId: string, person: Person) {
	const provider = yjsProvider(url, boardId, new Y.Doc(), person.client.cookieHeader);
	const closed = new Promise<number>((resolve) =>
		provider.once('connection-close', (event) => resolve(event?.code ?? 0))
	);
	await until(() => provider.synced, 5000, 'board synced');
	return { provider, closed };
}

describe.each(backends())('board upgrades on $name', (backend) => {
	let server: TestServer;
	let w: Workshop;
	let wsUrl: string;
	const providers: WebsocketProvider[] = [];

	beforeAll(async () => {
		({ server, w } = await serveWorkshop(backend));
		wsUrl = server.url.replace(/^http/, 'ws');
	});
	afterAll(() => providers.forEach((p) => p.destroy()));

	it('checks session, then Origin, then the board, then the invitation', async () => {
		const s = await w.invitedSession(1);
		const outsider = await w.person('Olga', 0);
		const insider = await w.person('Ines', 1);
		const unknown = `${wsUrl}/yjs/${'x'.repeat(24)}`;
		const foreign = 'https://evil.example';
		expect(await upgradeStatus(unknown, {})).toBe(401);
		expect(
			await upgradeStatus(unknown, { cookie: outsider.client.cookieHeader, origin: foreign })
		).toBe(403);
		expect(await upgradeStatus(unknown, { cookie: outsider.client.cookieHeader })).toBe(404);
		const board = `${wsUrl}/yjs/${s.boardId}`;
		expect(await upgradeStatus(board, { cookie: outsider.client.cookieHeader })).toBe(403);
		expect(await upgradeStatus(board, { cookie: insider.client.cookieHeader })).toBe(101);
	});

	it('closes board sockets when their login session logs out', async () => {
		const s = await w.startSession((await w.createChallenge()).id);
		const carl = await w.person('Carl', 0);
		const { provider, closed } = await openBoard(server.url, s.boardId, carl);
		providers.push(provider);
		await carl.client.post('/api/v1/auth/logout');
		expect(await closed).toBe(1008);
		expect(
			await upgradeStatus(`${wsUrl}/yjs/${s.boardId}`, { cookie: carl.client.cookieHeader })
		).toBe(401);
	});

	it('closes board sockets when a person changes team, and when they lose the invitation', async () => {
		const s = await w.invitedSession(0);
		const dana = await w.person('Dana', 0);
		const first = await openBoard(server.url, s.boardId, dana);
		providers.push(first.provider);
		await w.admin.client.patch(`/api/v1/users/${dana.user.id}`, { teamId: w.teams[1]!.id });
		expect(await first.closed).toBe(1008);

		const eve = await w.person('Eve', 0);
		const second = await openBoard(server.url, s.boardId, eve);
		providers.push(second.provider);
		const res = await w.facilitator.client.patch(`/api/v1/challenges/${s.challengeId}`, {
			invitedTeamIds: [w.teams[1]!.id]
		});
		expect(res.status).toBe(200);
		expect(await second.closed).toBe(1008);
	});

	it('keeps the board sockets of people who may still see it', async () => {
		const challenge = await w.createChallenge();
		const s = await w.startSession(challenge.id);
		const fay = await w.person('Fay', 1);
		const { provider } = await openBoard(server.url, s.boardId, fay);
		providers.push(provider);
		await w.facilitator.client.patch(`/api/v1/challenges/${challenge.id}`, { title: 'Renamed' });
		const other = await w.person('Gus', 1);
		await other.client.post('/api/v1/auth/logout');
		// A second connection that syncs after both changes proves they were handled first.
		const later = await openBoard(server.url, s.boardId, await w.person('Hal', 0));
		providers.push(later.provider);
		expect(provider.wsconnected).toBe(true);
	});
});

const services = servicesBackend();

describe.runIf(services)('board revocation across two nodes', () => {
	let nodeA: TestServer;
	let nodeB: TestServer;

	let stop: () => Promise<void>;

	beforeAll(async () => {
		let nodes: TestServer[];
		({ nodes, stop } = await serveNodes(services!, 2));
		[nodeA, nodeB] = nodes as [TestServer, TestServer];
	});
	afterAll(() => stop?.());

	it('closes a board socket on node B when its person logs out on node A', async () => {
		const w = await setUpWorkshop(nodeA.url);
		const s = await w.startSession((await w.createChallenge()).id);
		const ivy = await w.person('Ivy', 0);
		const { provider, closed } = await openBoard(nodeB.url, s.boardId, ivy);
		try {
			await ivy.client.post('/api/v1/auth/logout');
			expect(await closed).toBe(1008);
		} finally {
			provider.destroy();
		}
	});
});

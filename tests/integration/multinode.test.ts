import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embedded, servicesBackend } from '../helpers/backends.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { until } from '../helpers/realtime.ts';
import {
	command,
	joinLive,
	record,
	setUpWorkshop,
	watchPresence,
	workshopOnNodes,
	type Workshop
} from '../helpers/workshop.ts';
import type { SessionState } from '../../src/lib/shared/realtime.ts';
import { NODE_TTL_MS, SWEEP_MS } from '../../src/lib/server/presence/store.ts';
import { joinStorm } from '../helpers/storm.ts';

/** A dead node's people leave every view within this (issue 11): TTL + sweep + flush. */
const GHOST_BOUND_MS = 10_000;

const services = servicesBackend();

describe.runIf(services)('two nodes sharing Postgres and Redis', () => {
	let nodeA: TestServer;
	let nodeB: TestServer;
	let w: Workshop;
	let stop: () => Promise<void>;
	/** Starts one more node on the suite's store, stopped with the others. */
	let startNode: () => Promise<TestServer>;

	beforeAll(async () => {
		let nodes: TestServer[];
		({ nodes, w, stop, start: startNode } = await workshopOnNodes(services!, 2));
		[nodeA, nodeB] = nodes as [TestServer, TestServer];
	});
	afterAll(() => stop?.());

	it('shows a participant on node A who joins and leaves on node B, and a stage change made on node B, within 1 s', async () => {
		const s = await w.startSession((await w.createChallenge()).id);
		const onA = await joinLive(nodeA.url, await w.person('Alma', 0), s.id);
		const seen = watchPresence(onA.socket, s.id, onA.joined);
		const states = record<SessionState>(onA.socket, 'session:state');

		const bruno = await w.person('Bruno', 1);
		let t = Date.now();
		const onB = await joinLive(nodeB.url, bruno, s.id);
		await until(() => seen.users().includes(bruno.user.id), 1000, 'join seen on A');
		const joinMs = Date.now() - t;

		const facilitatorOnB = await joinLive(nodeB.url, w.facilitator, s.id);
		t = Date.now();
		const moved = await command(facilitatorOnB.socket, 'stage:set', {
			sessionId: s.id,
			to: 'diverge'
		});
		expect(moved.ok).toBe(true);
		await until(() => states.some((st) => st.session.stage === 'diverge'), 1000, 'stage seen on A');
		const stageMs = Date.now() - t;

		t = Date.now();
		onB.socket.close();
		await until(() => !seen.users().includes(bruno.user.id), 1000, 'leave seen on A');
		const leaveMs = Date.now() - t;
		console.log(`cross-node latency: join ${joinMs} ms, stage ${stageMs} ms, leave ${leaveMs} ms`);

		const refused = await command(onA.socket, 'stage:set', { sessionId: s.id, to: 'cluster' });
		expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
		onA.socket.close();
		facilitatorOnB.socket.close();
	});

	it('closes a person’s sockets on every node when they log out or lose their invitation', async () => {
		const s = await w.invitedSession(0, 1);
		const leaver = await w.person('Lou Logout', 0);
		const onB = await joinLive(nodeB.url, leaver, s.id);
		const loggedOut = new Promise<string>((resolve) => onB.socket.once('disconnect', resolve));
		await leaver.client.at(nodeA.url).post('/api/v1/auth/logout');
		expect(await loggedOut).toBe('io server disconnect');

		const removed = await w.person('Rae Removed', 1);
		const removedOnB = await joinLive(nodeB.url, removed, s.id);
		const kicked = new Promise<string>((resolve) => removedOnB.socket.once('disconnect', resolve));
		await w.facilitator.client
			.at(nodeA.url)
			.patch(`/api/v1/challenges/${s.challengeId}`, { invitedTeamIds: [w.teams[0]!.id] });
		expect(await kicked).toBe('io server disconnect');
	});

	it('lets 200 people join within a second over two nodes: every view is the server’s list, from O(flushes) messages', async () => {
		const s = await w.startSession((await w.createChallenge()).id);
		const storm = await joinStorm(w, [nodeA.url, nodeB.url], s.id, 200, 1000);
		expect(storm.failures).toEqual([]);
		const view = (await (await w.facilitator.client.get(`/api/v1/sessions/${s.id}`)).json()) as {
			session: { participants: { userId: string }[] };
		};
		const truth = view.session.participants.map((p) => p.userId).sort();
		expect(truth).toHaveLength(40);
		await until(
			() =>
				storm.clients.every(
					(c) => c.watch.view.connections.size === 200 && c.watch.users().join() === truth.join()
				),
			10_000,
			'every view complete'
		);
		// One delta per node per flush, not one per join: far fewer messages than joins.
		const most = Math.max(...storm.clients.map((c) => c.watch.deltas.length));
		console.log(`storm of 200: at most ${most} presence messages per client`);
		expect(most).toBeLessThan(100);
		storm.close();
	}, 60_000);

	it('removes the people of a node killed during a storm from every survivor’s view within the bound, and nobody else', async () => {
		const doomed = await startNode();
		const s = await w.startSession((await w.createChallenge()).id);
		const storm = await joinStorm(w, [nodeA.url, doomed.url], s.id, 60, 500);
		expect(storm.failures).toEqual([]);
		const onDoomed = storm.clients.filter((c) => c.url === doomed.url);
		const survivors = storm.clients.filter((c) => c.url !== doomed.url);
		for (const c of onDoomed) c.socket.io.opts.reconnection = false;
		const usersOf = (clients: typeof survivors) =>
			[...new Set(clients.map((c) => c.userId))].sort();
		// Killed as soon as every join is answered, while the deltas of the storm are still flowing.
		const killedAt = Date.now();
		await doomed.stop('SIGKILL');
		const stay = usersOf(survivors).join();
		await until(
			() => survivors.every((c) => c.watch.users().join() === stay),
			GHOST_BOUND_MS,
			'ghosts removed'
		);
		console.log(
			`ghosts removed ${Date.now() - killedAt} ms after SIGKILL (node ttl ${NODE_TTL_MS} ms, sweep ${SWEEP_MS} ms)`
		);
		const survivorIds = new Set(survivors.map((c) => c.connectionId));
		const falseRemovals = survivors.flatMap((c) =>
			c.watch.deltas.flatMap((d) => d.leaves.filter((l) => survivorIds.has(l.connectionId)))
		);
		expect(falseRemovals).toEqual([]);
		const view = (await (await w.facilitator.client.get(`/api/v1/sessions/${s.id}`)).json()) as {
			session: { participants: { userId: string }[] };
		};
		expect(
			view.session.participants
				.map((p) => p.userId)
				.sort()
				.join()
		).toBe(stay);
		storm.close();
	}, 60_000);
});

describe('a session across a restart', () => {
	let cleanup: (() => Promise<void>) | undefined;
	afterAll(() => cleanup?.());

	it('keeps stage, paused timer and notice when the server restarts', async () => {
		const prepared = await embedded.prepare();
		cleanup = prepared.cleanup;
		let server = await startServer(prepared.env);
		const w = await setUpWorkshop(server.url);
		const s = await w.startSession((await w.createChallenge()).id);
		await w.facilitator.client.post(`/api/v1/sessions/${s.id}/stage`, { to: 'diverge' });
		await w.facilitator.client.post(`/api/v1/sessions/${s.id}/timer`, {
			action: 'start',
			seconds: 300
		});
		const paused = (await (
			await w.facilitator.client.post(`/api/v1/sessions/${s.id}/timer`, { action: 'pause' })
		).json()) as {
			session: { timer: { remainingMs: number } };
		};
		await w.facilitator.client.post(`/api/v1/sessions/${s.id}/notice`, { text: 'Back in 5' });
		await server.stop();

		server = await startServer(prepared.env);
		try {
			const facilitator = w.facilitator.client.at(server.url);
			const view = (await (await facilitator.get(`/api/v1/sessions/${s.id}`)).json()) as {
				session: { stage: string; notice: string; timer: { state: string; remainingMs: number } };
			};
			expect(view.session).toMatchObject({ stage: 'diverge', notice: 'Back in 5' });
			expect(view.session.timer).toEqual(
				expect.objectContaining({ state: 'paused', remainingMs: paused.session.timer.remainingMs })
			);
		} finally {
			await server.stop();
		}
	});
});

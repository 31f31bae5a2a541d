import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embedded, servicesBackend } from '../helpers/backends.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { until } from '../helpers/realtime.ts';
import { command, joinLive, record, setUpWorkshop, type Workshop } from '../helpers/workshop.ts';
import type { PresenceConnection, SessionState } from '../../src/lib/shared/realtime.ts';
import { PRESENCE_HEARTBEAT_MS, PRESENCE_TTL_MS } from '../../src/lib/server/presence/store.ts';

const services = servicesBackend();

describe.runIf(services)('two nodes sharing Postgres and Redis', () => {
	let nodeA: TestServer;
	let nodeB: TestServer;
	let cleanup: () => Promise<void>;
	let env: Record<string, string>;
	let w: Workshop;

	beforeAll(async () => {
		const prepared = await services!.prepare();
		cleanup = prepared.cleanup;
		env = prepared.env;
		nodeA = await startServer(prepared.env);
		nodeB = await startServer(prepared.env);
		w = await setUpWorkshop(nodeA.url);
	});
	afterAll(async () => {
		await nodeA?.stop();
		await nodeB?.stop();
		await cleanup?.();
	});

	it('shows a participant on node A who joins and leaves on node B, and a stage change made on node B, within 1 s', async () => {
		const s = await w.startSession((await w.createChallenge()).id);
		const onA = await joinLive(nodeA.url, await w.person('Alma', 0), s.id);
		const joined = record<{ connection: PresenceConnection }>(onA.socket, 'presence:joined');
		const left = record<{ connectionId: string }>(onA.socket, 'presence:left');
		const states = record<SessionState>(onA.socket, 'session:state');

		const bruno = await w.person('Bruno', 1);
		let t = Date.now();
		const onB = await joinLive(nodeB.url, bruno, s.id);
		await until(
			() => joined.some((e) => e.connection.userId === bruno.user.id),
			1000,
			'join seen on A'
		);
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
		await until(
			() =>
				left.some(
					(e) =>
						e.connectionId ===
						onB.joined.connections.find((c) => c.userId === bruno.user.id)?.connectionId
				),
			1000,
			'leave seen on A'
		);
		const leaveMs = Date.now() - t;
		console.log(`cross-node latency: join ${joinMs} ms, stage ${stageMs} ms, leave ${leaveMs} ms`);

		const refused = await command(onA.socket, 'stage:set', { sessionId: s.id, to: 'cluster' });
		expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
		onA.socket.close();
		facilitatorOnB.socket.close();
	});

	it('closes a person’s sockets on every node when they log out or lose their invitation', async () => {
		const c = await w.createChallenge({
			audience: 'invited',
			invitedTeamIds: [w.teams[0]!.id, w.teams[1]!.id]
		});
		const s = await w.startSession(c.id);
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
			.patch(`/api/v1/challenges/${c.id}`, { invitedTeamIds: [w.teams[0]!.id] });
		expect(await kicked).toBe('io server disconnect');
	});

	it('removes the participants of a node killed with SIGKILL from presence within 30 s', async () => {
		const doomed = await startServer(env);
		const s = await w.startSession((await w.createChallenge()).id);
		const onA = await joinLive(nodeA.url, await w.person('Survivor', 0), s.id);
		const left = record<{ connectionId: string }>(onA.socket, 'presence:left');
		const victim = await w.person('Victim', 1);
		const onDoomed = await joinLive(doomed.url, victim, s.id);
		const victimConnection = onDoomed.joined.connections.find(
			(c) => c.userId === victim.user.id
		)!.connectionId;
		onDoomed.socket.io.opts.reconnection = false;

		const killedAt = Date.now();
		await doomed.stop('SIGKILL');
		await until(
			() => left.some((e) => e.connectionId === victimConnection),
			30_000,
			'ghost removed'
		);
		const goneAfter = Date.now() - killedAt;
		console.log(
			`ghost removed ${goneAfter} ms after SIGKILL (ttl ${PRESENCE_TTL_MS} ms, heartbeat ${PRESENCE_HEARTBEAT_MS} ms)`
		);
		const view = (await (await w.facilitator.client.get(`/api/v1/sessions/${s.id}`)).json()) as {
			session: { participants: { userId: string }[] };
		};
		expect(view.session.participants.map((p) => p.userId)).not.toContain(victim.user.id);
		onA.socket.close();
		onDoomed.socket.close();
	}, 45_000);
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

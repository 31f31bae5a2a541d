// Long because it is the contract of the live-session API and socket commands, run on both
// backends: one suite per capability (STYLE.md §4); its setup lives in tests/helpers.
import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../helpers/backends.ts';
import type { TestServer } from '../helpers/server.ts';
import { until, untilAsync } from '../helpers/realtime.ts';
import {
	command,
	connect,
	joinLive,
	record,
	watchPresence,
	serveWorkshop,
	type Workshop
} from '../helpers/workshop.ts';
import type { SessionState } from '../../src/lib/shared/realtime.ts';

interface SessionBody {
	session: {
		id: string;
		stage: string;
		joinCode: string;
		boardId: string;
		timer: { state: string; endsAt: number | null; remainingMs: number; durationMs: number };
		serverNow: number;
		participants: {
			userId: string;
			name: string;
			teamId: string | null;
			role: string;
			state: string;
		}[];
	};
}

describe.each(backends())('live sessions on $name', (backend) => {
	let server: TestServer;
	let w: Workshop;

	beforeAll(async () => {
		({ server, w } = await serveWorkshop(backend));
	});

	const stage = (sessionId: string, to: string, who = w.facilitator) =>
		who.client.post(`/api/v1/sessions/${sessionId}/stage`, { to });
	const timer = (sessionId: string, body: Record<string, unknown>, who = w.facilitator) =>
		who.client.post(`/api/v1/sessions/${sessionId}/timer`, body);

	it('starts a session only for an open challenge, with a 6-character code and unguessable ids', async () => {
		const draft = await w.createChallenge({ status: 'draft' });
		expect(
			(await w.facilitator.client.post(`/api/v1/challenges/${draft.id}/sessions`)).status
		).toBe(409);
		const open = await w.createChallenge();
		const session = await w.startSession(open.id);
		expect(session.stage).toBe('lobby');
		expect(session.joinCode).toMatch(/^[ACDEFGHJKMNPQRTUVWXY34679]{6}$/);
		expect(session.id.length).toBeGreaterThanOrEqual(20);
		expect(session.boardId.length).toBeGreaterThanOrEqual(20);
		const member = await w.person('Max Member', 1);
		expect((await member.client.post(`/api/v1/challenges/${open.id}/sessions`)).status).toBe(403);
	});

	it('joins by code for invited people, refuses others with not_invited, and lets the facilitator admit them', async () => {
		const s = await w.invitedSession(0);
		const invited = await w.person('Ivy Invited', 0);
		const stranger = await w.person('Sid Stranger', 1);

		const ok = await invited.client.post('/api/v1/sessions/join', {
			code: s.joinCode.toLowerCase()
		});
		expect(ok.status).toBe(200);
		expect(await ok.json()).toMatchObject({ session: { id: s.id } });

		const facilitatorSocket = (await joinLive(server.url, w.facilitator, s.id)).socket;
		const waitingEvents = record<{ waiting: { userId: string }[] }>(
			facilitatorSocket,
			'session:waiting'
		);
		const strangerSocket = await connect(server.url, stranger);
		const admitted = record<{ sessionId: string }>(strangerSocket, 'session:admitted');

		const refused = await stranger.client.post('/api/v1/sessions/join', { code: s.joinCode });
		expect(refused.status).toBe(403);
		expect(await refused.json()).toMatchObject({ error: { code: 'not_invited' } });
		expect((await stranger.client.get(`/api/v1/sessions/${s.id}`)).status).toBe(403);
		await until(() =>
			waitingEvents.some((e) => e.waiting.some((p) => p.userId === stranger.user.id))
		);

		const notAllowed = await invited.client.post(`/api/v1/sessions/${s.id}/admit`, {
			userId: stranger.user.id
		});
		expect(notAllowed.status).toBe(403);
		const admit = await w.facilitator.client.post(`/api/v1/sessions/${s.id}/admit`, {
			userId: stranger.user.id
		});
		expect(admit.status).toBe(200);
		await until(() => admitted.length > 0);
		expect(admitted[0]).toEqual({ sessionId: s.id });
		expect((await stranger.client.post('/api/v1/sessions/join', { code: s.joinCode })).status).toBe(
			200
		);
		facilitatorSocket.close();
		strangerSocket.close();
	});

	it('answers unknown and malformed join codes clearly', async () => {
		const p = await w.person('Cody Code', 0);
		const unknown = await p.client.post('/api/v1/sessions/join', { code: 'AAAAAA' });
		expect(unknown.status).toBe(404);
		const malformed = await p.client.post('/api/v1/sessions/join', { code: 'O0I1L!' });
		expect(malformed.status).toBe(400);
		const missing = await p.client.post('/api/v1/sessions/join', {});
		expect(missing.status).toBe(400);
	});

	it('clears the notice on a stage change and tells the facilitator about a paused timer it dropped', async () => {
		const s = await w.startSession((await w.createChallenge()).id);
		const fac = await joinLive(server.url, w.facilitator, s.id);
		await command(fac.socket, 'stage:set', { sessionId: s.id, to: 'diverge' });
		await command(fac.socket, 'timer:command', { sessionId: s.id, action: 'start', seconds: 300 });
		await command(fac.socket, 'timer:command', { sessionId: s.id, action: 'pause' });
		await command(fac.socket, 'session:notice', { sessionId: s.id, text: 'Five more minutes' });
		const moved = await command<{
			session: { notice: string | null };
			timer: { state: string };
			droppedTimer: { remainingMs: number } | null;
		}>(fac.socket, 'stage:set', { sessionId: s.id, to: 'cluster' });
		expect(moved).toMatchObject({ ok: true, session: { notice: null }, timer: { state: 'idle' } });
		if (!moved.ok) return;
		expect(moved.droppedTimer!.remainingMs).toBeGreaterThan(290_000);
		const quiet = await command(fac.socket, 'stage:set', { sessionId: s.id, to: 'vote' });
		expect(quiet).toMatchObject({ ok: true, droppedTimer: null });
		fac.socket.close();
	});

	it('moves stages one step forward or back, only for the facilitator', async () => {
		const s = await w.startSession((await w.createChallenge()).id);
		const participant = await w.person('Pat Participant', 1);
		expect((await stage(s.id, 'diverge', participant)).status).toBe(403);
		expect((await stage(s.id, 'cluster')).status).toBe(409);
		expect((await stage(s.id, 'closed')).status).toBe(409);
		expect((await stage(s.id, 'diverge')).status).toBe(200);
		expect((await stage(s.id, 'cluster')).status).toBe(200);
		expect((await stage(s.id, 'lobby')).status).toBe(409);
		const back = await stage(s.id, 'diverge');
		expect(back.status).toBe(200);
		expect(((await back.json()) as SessionBody).session.stage).toBe('diverge');
		expect((await stage(s.id, 'nowhere')).status).toBe(400);
		expect((await stage('no-such-session', 'diverge')).status).toBe(404);
		const end = await w.facilitator.client.post(`/api/v1/sessions/${s.id}/end`);
		expect(((await end.json()) as SessionBody).session.stage).toBe('closed');
		expect((await stage(s.id, 'commit')).status).toBe(409);
		const { session } = (await (
			await w.facilitator.client.get(`/api/v1/sessions/${s.id}`)
		).json()) as {
			session: { stageHistory: { stage: string; startedAt: number; endedAt: number | null }[] };
		};
		expect(session.stageHistory.map((r) => r.stage)).toEqual([
			'lobby',
			'diverge',
			'cluster',
			'diverge'
		]);
		for (const [i, run] of session.stageHistory.entries()) {
			expect(run.endedAt).not.toBeNull();
			expect(run.endedAt!).toBeGreaterThanOrEqual(run.startedAt);
			if (i > 0) expect(run.startedAt).toBe(session.stageHistory[i - 1]!.endedAt);
		}
	});

	it('runs a server-authoritative timer: start, pause, resume, extend, clear', async () => {
		const s = await w.startSession((await w.createChallenge()).id);
		await stage(s.id, 'diverge');
		const started = (await (
			await timer(s.id, { action: 'start', seconds: 300 })
		).json()) as SessionBody;
		expect(started.session.timer).toMatchObject({ state: 'running', durationMs: 300_000 });
		expect(started.session.timer.endsAt! - started.session.serverNow).toBeGreaterThan(299_000);
		expect((await timer(s.id, { action: 'start', seconds: 60 })).status).toBe(409);

		const paused = (await (await timer(s.id, { action: 'pause' })).json()) as SessionBody;
		expect(paused.session.timer).toMatchObject({ state: 'paused', endsAt: null });
		expect(paused.session.timer.remainingMs).toBeLessThanOrEqual(300_000);
		expect((await timer(s.id, { action: 'pause' })).status).toBe(409);

		const extended = (await (
			await timer(s.id, { action: 'extend', seconds: 60 })
		).json()) as SessionBody;
		expect(extended.session.timer.remainingMs).toBe(paused.session.timer.remainingMs + 60_000);

		const resumed = (await (await timer(s.id, { action: 'resume' })).json()) as SessionBody;
		expect(resumed.session.timer.state).toBe('running');
		const view = (await (
			await w.facilitator.client.get(`/api/v1/sessions/${s.id}`)
		).json()) as SessionBody;
		expect(view.session.timer.endsAt).toBe(resumed.session.timer.endsAt);
		expect(
			Math.abs(view.session.timer.endsAt! - view.session.serverNow - view.session.timer.remainingMs)
		).toBeLessThanOrEqual(1);

		const cleared = (await (await timer(s.id, { action: 'clear' })).json()) as SessionBody;
		expect(cleared.session.timer).toMatchObject({ state: 'idle', endsAt: null, remainingMs: 0 });
	});

	it('refuses timer values out of range and actions that do not fit, changing nothing', async () => {
		const s = await w.startSession((await w.createChallenge()).id);
		for (const body of [
			{ action: 'start', seconds: 0 },
			{ action: 'start', seconds: 14_401 },
			{ action: 'start', seconds: 1.5 },
			{ action: 'start' },
			{ action: 'explode' },
			{ action: 'start', seconds: 60, extra: 1 }
		]) {
			expect((await timer(s.id, body)).status, JSON.stringify(body)).toBe(400);
		}
		expect((await timer(s.id, { action: 'resume' })).status).toBe(409);
		expect((await timer(s.id, { action: 'start', seconds: 14_400 })).status).toBe(200);
		expect((await timer(s.id, { action: 'extend', seconds: 60 })).status).toBe(400);
		const participant = await w.person('Tim Timer', 0);
		expect((await timer(s.id, { action: 'clear' }, participant)).status).toBe(403);
		const view = (await (
			await w.facilitator.client.get(`/api/v1/sessions/${s.id}`)
		).json()) as SessionBody;
		expect(view.session.timer).toMatchObject({ state: 'running', durationMs: 14_400_000 });
	});

	it('tells every participant about stage and timer changes, and refuses them to participants', async () => {
		const s = await w.startSession((await w.createChallenge()).id);
		const a = await w.person('Ann', 0);
		const b = await w.person('Ben', 1);
		const joinA = await joinLive(server.url, a, s.id);
		const joinB = await joinLive(server.url, b, s.id);
		expect(joinA.joined.you.role).toBe('participant');
		expect(joinA.joined.waiting).toBeNull();
		const statesA = record<SessionState>(joinA.socket, 'session:state');
		const statesB = record<SessionState>(joinB.socket, 'session:state');
		const fac = await joinLive(server.url, w.facilitator, s.id);
		expect(fac.joined.you.role).toBe('facilitator');
		expect(fac.joined.waiting).toEqual([]);

		const refused = await command(joinA.socket, 'stage:set', { sessionId: s.id, to: 'diverge' });
		expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
		const moved = await command<SessionState>(fac.socket, 'stage:set', {
			sessionId: s.id,
			to: 'diverge'
		});
		expect(moved).toMatchObject({ ok: true, session: { stage: 'diverge' } });
		const timed = await command<SessionState>(fac.socket, 'timer:command', {
			sessionId: s.id,
			action: 'start',
			seconds: 300
		});
		expect(timed).toMatchObject({ ok: true, timer: { state: 'running' } });
		await until(() => statesA.length >= 2 && statesB.length >= 2);
		expect(statesA.at(-1)!.timer.endsAt).toBe(statesB.at(-1)!.timer.endsAt);
		expect(statesB.map((st) => st.session.stage)).toEqual(['diverge', 'diverge']);

		const notice = await command<SessionState>(fac.socket, 'session:notice', {
			sessionId: s.id,
			text: 'Eyes on the board'
		});
		expect(notice).toMatchObject({ ok: true, session: { notice: 'Eyes on the board' } });
		await until(() => statesA.at(-1)?.session.notice === 'Eyes on the board');

		for (const bad of [
			null,
			'x',
			{ sessionId: s.id, to: 42 },
			{ sessionId: 'nope', to: 'cluster' },
			{ to: 'cluster' }
		]) {
			const ack = await command(fac.socket, 'stage:set', bad);
			expect(ack.ok, JSON.stringify(bad)).toBe(false);
		}
		const wrongStage = await command(fac.socket, 'stage:set', { sessionId: s.id, to: 'commit' });
		expect(wrongStage).toMatchObject({ ok: false, error: { code: 'conflict' } });
		const view = (await (
			await w.facilitator.client.get(`/api/v1/sessions/${s.id}`)
		).json()) as SessionBody;
		expect(view.session.stage).toBe('diverge');
		for (const socket of [joinA.socket, joinB.socket, fac.socket]) socket.close();
	});

	it('shows who is present, grouped data included, and announces joins, state changes and leaves', async () => {
		const s = await w.startSession((await w.createChallenge()).id);
		const a = await w.person('Cara', 0);
		const b = await w.person('Dan', 1);
		const joinA = await joinLive(server.url, a, s.id);
		const seen = watchPresence(joinA.socket, s.id, joinA.joined);
		const joinB = await joinLive(server.url, b, s.id);
		const bOf = () => [...seen.view.connections.values()].find((c) => c.userId === b.user.id);
		await until(() => bOf() !== undefined);
		expect(bOf()!.teamId).toBe(w.teams[1]!.id);
		expect(joinB.joined.connections.map((c) => c.userId).sort()).toEqual(
			[a.user.id, b.user.id].sort()
		);

		const view = (await (await a.client.get(`/api/v1/sessions/${s.id}`)).json()) as SessionBody;
		expect(view.session.participants).toEqual(
			expect.arrayContaining([
				{
					userId: a.user.id,
					name: 'Cara',
					teamId: w.teams[0]!.id,
					role: 'participant',
					state: 'active'
				},
				{
					userId: b.user.id,
					name: 'Dan',
					teamId: w.teams[1]!.id,
					role: 'participant',
					state: 'active'
				}
			])
		);
		expect(await command(joinB.socket, 'presence:state', { state: 'away' })).toEqual({ ok: true });
		await until(() => bOf()?.state === 'away');
		expect(await command(joinB.socket, 'presence:state', { state: 'asleep' })).toMatchObject({
			ok: false
		});

		joinB.socket.close();
		await until(() => bOf() === undefined);
		expect(seen.users()).toEqual([a.user.id]);
		const after = (await (await a.client.get(`/api/v1/sessions/${s.id}`)).json()) as SessionBody;
		expect(after.session.participants.map((p) => p.userId)).toEqual([a.user.id]);
		joinA.socket.close();
	});

	it('records who attended a session for the calendar', async () => {
		const c = await w.createChallenge({ title: 'Attendance check', quarter: '2032-Q3' });
		const s = await w.startSession(c.id);
		const a = await joinLive(server.url, await w.person('Att One', 0), s.id);
		const b = await joinLive(server.url, await w.person('Att Two', 1), s.id);
		a.socket.close();
		b.socket.close();
		const entry = async () => {
			const { quarters } = (await (await w.facilitator.client.get('/api/v1/calendar')).json()) as {
				quarters: {
					quarter: string;
					entries: { outcomes: { people: number }; sessions: { people: number }[] }[];
				}[];
			};
			return quarters.find((q) => q.quarter === '2032-Q3')!.entries[0]!;
		};
		// Arrivals are written together at the node's next attendance flush, about a second on.
		await untilAsync(async () => (await entry()).outcomes.people === 2, 5000, 'attendance');
		expect((await entry()).sessions[0]!.people).toBe(2);
	});

	it('credits no attendance for joining a session that has ended', async () => {
		const c = await w.createChallenge({ title: 'Ended attendance', quarter: '2032-Q4' });
		const s = await w.startSession(c.id);
		await w.facilitator.client.post(`/api/v1/sessions/${s.id}/end`);
		const late = await joinLive(server.url, await w.person('Late Lee', 0), s.id);
		expect(late.joined.session.stage).toBe('closed');
		late.socket.close();
		const { quarters } = (await (await w.facilitator.client.get('/api/v1/calendar')).json()) as {
			quarters: { quarter: string; entries: { sessions: { people: number }[] }[] }[];
		};
		const entry = quarters.find((q) => q.quarter === '2032-Q4')!.entries[0]!;
		expect(entry.sessions[0]!.people).toBe(0);
	});

	it('rate-limits a connection to 20 commands a second', async () => {
		const p = await w.person('Rapid Rita', 0);
		const socket = await connect(server.url, p);
		const acks = await Promise.all(
			Array.from({ length: 40 }, () => command(socket, 'time:sync', {}))
		);
		const limited = acks.filter((a) => !a.ok && a.error.code === 'rate_limited');
		expect(limited.length).toBeGreaterThanOrEqual(15);
		expect(acks.filter((a) => a.ok).length).toBeLessThanOrEqual(20);
		socket.close();
	});

	it('advances to the next stage when an auto-advance timer reaches zero', async () => {
		const s = await w.startSession((await w.createChallenge()).id);
		await stage(s.id, 'diverge');
		await timer(s.id, { action: 'start', seconds: 1, autoAdvance: true });
		let current = 'diverge';
		for (let i = 0; i < 50 && current !== 'cluster'; i++) {
			await new Promise((r) => setTimeout(r, 200));
			current = (
				(await (await w.facilitator.client.get(`/api/v1/sessions/${s.id}`)).json()) as SessionBody
			).session.stage;
		}
		expect(current).toBe('cluster');
	});

	it('closes the sockets of someone moved to a team the challenge does not invite, and refuses their rejoin', async () => {
		const s = await w.invitedSession(0);
		const mover = await w.person('Mover', 0);
		const live = await joinLive(server.url, mover, s.id);
		const reason = new Promise<string>((resolve) => live.socket.once('disconnect', resolve));
		await w.admin.client.patch(`/api/v1/users/${mover.user.id}`, { teamId: w.teams[1]!.id });
		expect(await reason).toBe('io server disconnect');
		const again = await connect(server.url, mover);
		expect(await command(again, 'session:join', { sessionId: s.id })).toMatchObject({
			ok: false,
			error: { code: 'not_invited' }
		});
		again.close();
	});

	it('closes the session sockets of someone removed from the challenge', async () => {
		const s = await w.invitedSession(0, 1);
		const staying = await w.person('Stay', 0);
		const leaving = await w.person('Leave', 1);
		const keep = await joinLive(server.url, staying, s.id);
		const gone = await joinLive(server.url, leaving, s.id);
		const removed = record<{ sessionId: string }>(gone.socket, 'session:removed');
		const disconnected = new Promise<string>((resolve) => gone.socket.once('disconnect', resolve));
		await w.facilitator.client.patch(`/api/v1/challenges/${s.challengeId}`, {
			invitedTeamIds: [w.teams[0]!.id]
		});
		expect(await disconnected).toBe('io server disconnect');
		expect(removed).toEqual([{ sessionId: s.id, message: expect.any(String) }]);
		expect(keep.socket.connected).toBe(true);
		keep.socket.close();
	});
});

// An outside tester's audit of the public contracts in DESIGN.md ("Contracts that other programs
// rely on", "Limits and failure behaviour"), driven only through HTTP, socket.io and a stock
// y-websocket provider. Each case names the contract clause it guards.
import { beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { backends } from '../helpers/backends.ts';
import { serveFresh, type TestServer } from '../helpers/server.ts';
import { Client, PASSWORD, signUp, uniqueEmail } from '../helpers/http.ts';
import { command, connect, joinLive, setUpWorkshop, type Workshop } from '../helpers/workshop.ts';
import { addNote, openBoard, writableBoard } from '../helpers/board.ts';
import { until, untilAsync, upgradeStatus } from '../helpers/realtime.ts';

type Json = Record<string, unknown>;
const body = async (res: Response) => (await res.json()) as Json;

/** Every error is `{error: {code, message}}` with a readable message. */
async function expectError(res: Response, status: number, code?: string): Promise<Json> {
	expect(res.status).toBe(status);
	expect(res.headers.get('content-type') ?? '').toMatch(/application\/json/);
	const json = await body(res);
	const error = json.error as { code: unknown; message: unknown };
	expect(typeof error.code).toBe('string');
	expect(typeof error.message).toBe('string');
	expect((error.message as string).length).toBeGreaterThan(3);
	if (code) expect(error.code).toBe(code);
	return json;
}

/** At least 96 bits of randomness in an id of this alphabet. */
function expectUnguessable(id: string): void {
	const alphabet = new Set(id).size > 32 ? 64 : /^[0-9a-f-]+$/.test(id) ? 16 : 32;
	expect(id.replace(/-/g, '').length * Math.log2(alphabet)).toBeGreaterThanOrEqual(96);
}

describe.each(backends())('contract audit on $name', (backend) => {
	let server: TestServer;
	let w: Workshop;

	beforeAll(async () => {
		server = await serveFresh(backend);
		w = await setUpWorkshop(server.url);
	});

	describe('accounts', () => {
		it('signs up with {user: {id, email, name, role, teamId}}: the first admin, later members, team by id', async () => {
			expect(w.admin.user.role).toBe('admin');
			const { client, user, email } = await signUp(server.url, {
				name: 'Mia Member',
				team: w.teams[1]!.id
			});
			expect(Object.keys(user).sort()).toEqual(['email', 'id', 'name', 'role', 'teamId']);
			expect(user).toMatchObject({ email, name: 'Mia Member', role: 'member' });
			expect(user.teamId).toBe(w.teams[1]!.id);
			expect(client.lastSetCookie.join()).toMatch(/HttpOnly/i);
			expect(client.lastSetCookie.join()).toMatch(/SameSite=Lax/i);
			const me = await client.get('/api/v1/me');
			expect(me.status).toBe(200);
			expect(await body(me)).toEqual({ user });
		});

		it('refuses a duplicate email with 409 and a bad team id or short password with 400', async () => {
			const dup = await new Client(server.url).post('/api/v1/auth/signup', {
				email: w.facilitator.email,
				password: PASSWORD,
				name: 'Again'
			});
			await expectError(dup, 409);
			const badTeam = await new Client(server.url).post('/api/v1/auth/signup', {
				email: uniqueEmail(),
				password: PASSWORD,
				name: 'No Team',
				team: 'not-a-team'
			});
			await expectError(badTeam, 400);
			const short = await new Client(server.url).post('/api/v1/auth/signup', {
				email: uniqueEmail(),
				password: 'short',
				name: 'Short'
			});
			await expectError(short, 400, 'invalid_input');
		});

		it('logs in with the same user shape, refuses a wrong password with 401 and logs out', async () => {
			const client = new Client(server.url);
			const ok = await client.post('/api/v1/auth/login', {
				email: w.facilitator.email,
				password: PASSWORD
			});
			expect(ok.status).toBe(200);
			const { user } = (await body(ok)) as { user: Json };
			expect(Object.keys(user).sort()).toEqual(['email', 'id', 'name', 'role', 'teamId']);
			expect(user.role).toBe('facilitator');
			await expectError(
				await new Client(server.url).post('/api/v1/auth/login', {
					email: w.facilitator.email,
					password: 'wrong-password-here'
				}),
				401
			);
			expect((await client.post('/api/v1/auth/logout')).status).toBe(200);
			await expectError(await client.get('/api/v1/me'), 401, 'unauthenticated');
		});

		it('locks an account after 10 failed logins with 429 and Retry-After, even for the right password', async () => {
			const { email } = await signUp(server.url, { name: 'Locked Out' });
			for (let i = 0; i < 10; i++) {
				const res = await new Client(server.url).post('/api/v1/auth/login', {
					email,
					password: `wrong-password-${i}`
				});
				expect(res.status).toBe(401);
			}
			const locked = await new Client(server.url).post('/api/v1/auth/login', {
				email,
				password: PASSWORD
			});
			await expectError(locked, 429, 'rate_limited');
			expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
		});

		it('keeps teams and users to admins: 401 signed out, 403 members, 404 unknown ids, 409 duplicate team', async () => {
			const member = await w.person('Nora Nobody', 0);
			for (const path of ['/api/v1/teams', '/api/v1/users']) {
				await expectError(await new Client(server.url).get(path), 401);
				await expectError(await member.client.get(path), 403);
			}
			await expectError(await member.client.post('/api/v1/teams', { name: 'Rogue' }), 403);
			await expectError(
				await member.client.patch(`/api/v1/users/${member.user.id}`, { role: 'admin' }),
				403
			);
			await expectError(
				await w.admin.client.post('/api/v1/teams', { name: w.teams[0]!.name }),
				409
			);
			await expectError(
				await w.admin.client.patch('/api/v1/teams/nosuchteam0000000000000000', { name: 'X' }),
				404
			);
			await expectError(
				await w.admin.client.patch('/api/v1/users/nosuchuser0000000000000000', {
					role: 'facilitator'
				}),
				404
			);
			await expectError(
				await w.admin.client.patch(`/api/v1/users/${member.user.id}`, { role: 'overlord' }),
				400,
				'invalid_input'
			);
		});

		it('lists teams as {teams: [{id, name}]} and users as {users: [{id, email, name, role, teamId}]}; PATCH grants facilitator and moves teams', async () => {
			const teams = (await body(await w.admin.client.get('/api/v1/teams'))) as {
				teams: Json[];
			};
			expect(teams.teams.map((t) => t.id)).toEqual(
				expect.arrayContaining(w.teams.map((t) => t.id))
			);
			const renamed = await w.admin.client.patch(`/api/v1/teams/${w.teams[1]!.id}`, {
				name: w.teams[1]!.name
			});
			expect(renamed.status).toBe(200);
			const someone = await w.person('Pat Promoted');
			const res = await w.admin.client.patch(`/api/v1/users/${someone.user.id}`, {
				role: 'facilitator',
				teamId: w.teams[1]!.id
			});
			expect(res.status).toBe(200);
			const users = (await body(await w.admin.client.get('/api/v1/users'))) as {
				users: Json[];
			};
			const row = users.users.find((u) => u.id === someone.user.id)!;
			expect(row).toMatchObject({ role: 'facilitator', teamId: w.teams[1]!.id });
			expect(Object.keys(row)).toEqual(
				expect.arrayContaining(['id', 'email', 'name', 'role', 'teamId'])
			);
		});
	});

	describe('challenges', () => {
		const FIELDS = [
			'anonymousNotes',
			'audience',
			'facilitatorId',
			'id',
			'invitedTeamIds',
			'invitedUserIds',
			'privateWriting',
			'question',
			'quarter',
			'sponsorId',
			'status',
			'title',
			'voteBudget',
			'voteCap',
			'whyItMatters'
		];

		it('creates a challenge with the documented fields: draft unless open, audience everyone by default', async () => {
			const res = await w.facilitator.client.post('/api/v1/challenges', {
				title: 'Fewer tickets',
				question: 'How might support answer itself?'
			});
			expect(res.status).toBe(201);
			const { challenge } = (await body(res)) as { challenge: Json };
			expect(Object.keys(challenge)).toEqual(expect.arrayContaining(FIELDS));
			expect(challenge).toMatchObject({
				status: 'draft',
				audience: 'everyone',
				invitedTeamIds: [],
				invitedUserIds: [],
				facilitatorId: w.facilitator.user.id,
				privateWriting: false,
				anonymousNotes: false
			});
			expect(challenge.quarter).toMatch(/^\d{4}-Q[1-4]$/);
			expect(typeof challenge.voteBudget).toBe('number');
			expect(typeof challenge.voteCap).toBe('number');
			expectUnguessable(challenge.id as string);
			const open = await w.createChallenge();
			expect(open.status).toBe('open');
		});

		it('reads and patches a challenge; 401 signed out, 403 not invited or not managing, 404 unknown', async () => {
			const c = await w.createChallenge({ audience: 'invited', invitedTeamIds: [w.teams[0]!.id] });
			const invited = await w.person('Ina Invited', 0);
			const outsider = await w.person('Oscar Outside', 1);
			const read = await invited.client.get(`/api/v1/challenges/${c.id}`);
			expect(read.status).toBe(200);
			const { challenge } = (await body(read)) as { challenge: Json };
			expect(Object.keys(challenge)).toEqual(expect.arrayContaining(FIELDS));
			expect(challenge.audience).toBe('invited');
			await expectError(await new Client(server.url).get(`/api/v1/challenges/${c.id}`), 401);
			await expectError(await outsider.client.get(`/api/v1/challenges/${c.id}`), 403);
			await expectError(
				await w.facilitator.client.get('/api/v1/challenges/nosuchchallenge00000000000'),
				404
			);
			await expectError(
				await invited.client.patch(`/api/v1/challenges/${c.id}`, { title: 'Mine' }),
				403
			);
			const patched = await w.facilitator.client.patch(`/api/v1/challenges/${c.id}`, {
				title: 'Renamed',
				voteBudget: 4,
				voteCap: 2
			});
			expect(patched.status).toBe(200);
			expect(((await body(patched)) as { challenge: Json }).challenge).toMatchObject({
				title: 'Renamed',
				voteBudget: 4,
				voteCap: 2
			});
			const list = (await body(await outsider.client.get('/api/v1/challenges'))) as {
				challenges: Json[];
			};
			expect(list.challenges.some((x) => x.id === c.id)).toBe(false);
		});

		it('refuses a member creating a challenge (403) and bad input with 400 naming the field', async () => {
			const member = await w.person('Mo Member', 1);
			await expectError(
				await member.client.post('/api/v1/challenges', { title: 'Mine', question: 'q?' }),
				403
			);
			const bad = await w.facilitator.client.post('/api/v1/challenges', {
				title: 'Bad audience',
				question: 'q?',
				audience: 'nobody'
			});
			const json = await expectError(bad, 400, 'invalid_input');
			expect(JSON.stringify(json)).toMatch(/audience/);
		});
	});

	describe('live sessions over HTTP', () => {
		it('starts a session with {id, challengeId, boardId, joinCode, stage}; 409 unless open', async () => {
			const draft = await w.createChallenge({ status: 'draft' });
			await expectError(
				await w.facilitator.client.post(`/api/v1/challenges/${draft.id}/sessions`),
				409
			);
			const c = await w.createChallenge();
			const res = await w.facilitator.client.post(`/api/v1/challenges/${c.id}/sessions`);
			expect(res.status).toBe(201);
			const { session } = (await body(res)) as { session: Json };
			expect(session).toMatchObject({ challengeId: c.id, stage: 'lobby' });
			expect(session.joinCode).toMatch(/^[A-Z0-9]{6}$/);
			expectUnguessable(session.id as string);
			expectUnguessable(session.boardId as string);
		});

		it('reads a session with timer, serverNow and participants of the documented shape', async () => {
			const s = await w.startSession((await w.createChallenge()).id);
			const { socket } = await joinLive(server.url, w.facilitator, s.id);
			try {
				const res = await w.facilitator.client.get(`/api/v1/sessions/${s.id}`);
				expect(res.status).toBe(200);
				const { session } = (await body(res)) as { session: Json };
				expect(session).toMatchObject({
					id: s.id,
					boardId: s.boardId,
					joinCode: s.joinCode,
					stage: 'lobby',
					timer: { state: 'idle', endsAt: null }
				});
				const timer = session.timer as Json;
				expect(typeof timer.remainingMs).toBe('number');
				expect(typeof timer.durationMs).toBe('number');
				expect(typeof session.serverNow).toBe('number');
				expect(Math.abs((session.serverNow as number) - Date.now())).toBeLessThan(60_000);
				const participants = session.participants as Json[];
				expect(participants).toEqual([
					{
						userId: w.facilitator.user.id,
						name: w.facilitator.user.name,
						teamId: w.facilitator.user.teamId,
						role: 'facilitator',
						state: 'active'
					}
				]);
			} finally {
				socket.disconnect();
			}
			await expectError(await new Client(server.url).get(`/api/v1/sessions/${s.id}`), 401);
			await expectError(
				await w.facilitator.client.get('/api/v1/sessions/nosuchsession0000000000000'),
				404
			);
		});

		it('joins by code for admitted people and refuses others with 403 not_invited', async () => {
			const c = await w.createChallenge({ audience: 'invited', invitedTeamIds: [w.teams[0]!.id] });
			const s = await w.startSession(c.id);
			const invited = await w.person('Jo Joiner', 0);
			const stranger = await w.person('Sam Stranger', 1);
			const ok = await invited.client.post('/api/v1/sessions/join', { code: s.joinCode });
			expect(ok.status).toBe(200);
			expect(((await body(ok)) as { session: Json }).session).toMatchObject({
				id: s.id,
				boardId: s.boardId
			});
			await expectError(
				await stranger.client.post('/api/v1/sessions/join', { code: s.joinCode }),
				403,
				'not_invited'
			);
			await expectError(await stranger.client.get(`/api/v1/sessions/${s.id}`), 403);
			await expectError(
				await new Client(server.url).post('/api/v1/sessions/join', { code: s.joinCode }),
				401
			);
		});

		it('runs stages and timers as the facilitator with 403/409/400 as documented', async () => {
			const s = await w.startSession((await w.createChallenge()).id);
			const member = await w.person('Pia Participant', 0);
			const stage = (to: string, who = w.facilitator) =>
				who.client.post(`/api/v1/sessions/${s.id}/stage`, { to });
			const timer = (b: Json, who = w.facilitator) =>
				who.client.post(`/api/v1/sessions/${s.id}/timer`, b);

			await expectError(await stage('diverge', member), 403);
			await expectError(await stage('cluster'), 409);
			const moved = await stage('diverge');
			expect(moved.status).toBe(200);
			expect(((await body(moved)) as { session: Json }).session).toMatchObject({
				stage: 'diverge'
			});
			expect((await stage('cluster')).status).toBe(200);
			expect((await stage('vote')).status).toBe(200);
			await expectError(await stage('diverge'), 409);
			await expectError(await stage('nonsense'), 400);

			await expectError(await timer({ action: 'start', seconds: 60 }, member), 403);
			await expectError(await timer({ action: 'start', seconds: 0 }), 400);
			await expectError(await timer({ action: 'start', seconds: 14_401 }), 400);
			await expectError(await timer({ action: 'pause' }), 409);
			const started = await timer({ action: 'start', seconds: 14_000 });
			expect(started.status).toBe(200);
			const state = (await body(started)) as { session: Json & { timer: Json }; serverNow: number };
			const t = state.session.timer ?? (state as unknown as { timer: Json }).timer;
			expect(t.state).toBe('running');
			expect(typeof t.endsAt).toBe('number');
			await expectError(await timer({ action: 'start', seconds: 60 }), 409);
			await expectError(await timer({ action: 'extend', seconds: 1000 }), 400);
			expect((await timer({ action: 'pause' })).status).toBe(200);
			expect((await timer({ action: 'resume' })).status).toBe(200);
			expect((await timer({ action: 'clear' })).status).toBe(200);
			await expectError(await timer({ action: 'clear' }), 409);
			await expectError(await timer({ action: 'explode' }), 400);
			// An admin may run it too.
			expect((await timer({ action: 'start', seconds: 5 }, w.admin)).status).toBe(200);
		});

		it('ends a session from any stage (facilitator only) and then refuses stage changes', async () => {
			const s = await w.startSession((await w.createChallenge()).id);
			const member = await w.person('Eve Ender', 0);
			await expectError(await member.client.post(`/api/v1/sessions/${s.id}/end`), 403);
			expect((await w.facilitator.client.post(`/api/v1/sessions/${s.id}/end`)).status).toBe(200);
			const read = (await body(await w.facilitator.client.get(`/api/v1/sessions/${s.id}`))) as {
				session: Json;
			};
			expect(read.session.stage).toBe('closed');
			await expectError(
				await w.facilitator.client.post(`/api/v1/sessions/${s.id}/stage`, { to: 'commit' }),
				409
			);
		});
	});

	describe('errors and limits of the HTTP API', () => {
		it('answers an unknown API route with JSON 404 and a wrong method with a JSON error', async () => {
			await expectError(await w.admin.client.get('/api/v1/no-such-route'), 404, 'not_found');
			const wrongMethod = await w.admin.client.request('DELETE', '/api/v1/me');
			expect([404, 405]).toContain(wrongMethod.status);
			await expectError(wrongMethod, wrongMethod.status);
		});

		it('answers malformed JSON with 400 bad_request', async () => {
			const res = await w.facilitator.client.request('POST', '/api/v1/challenges', {
				body: '{"title": ',
				headers: { 'content-type': 'application/json' }
			});
			await expectError(res, 400, 'bad_request');
		});

		it('answers a body over 1 MiB with JSON 413, with or without a Content-Length', async () => {
			const big = JSON.stringify({ title: 'x'.repeat(1024 * 1024 + 10), question: 'q' });
			await expectError(
				await w.facilitator.client.request('POST', '/api/v1/challenges', {
					body: big,
					headers: { 'content-type': 'application/json' }
				}),
				413,
				'payload_too_large'
			);
			const chunked = new ReadableStream<Uint8Array>({
				start(controller) {
					controller.enqueue(new TextEncoder().encode(big));
					controller.close();
				}
			});
			const res = await fetch(server.url + '/api/v1/challenges', {
				method: 'POST',
				headers: { cookie: w.facilitator.client.cookieHeader, 'content-type': 'application/json' },
				body: chunked,
				duplex: 'half'
			} as RequestInit);
			await expectError(res, 413, 'payload_too_large');
		});

		it('refuses a cookie request with a foreign Origin with 403, whatever its content type; a bearer token needs no Origin', async () => {
			for (const contentType of [
				'application/json',
				'text/plain',
				'application/x-www-form-urlencoded'
			]) {
				const res = await w.facilitator.client.request('POST', '/api/v1/challenges', {
					body: JSON.stringify({ title: 'CSRF', question: 'q?' }),
					headers: { 'content-type': contentType, origin: 'https://evil.example' }
				});
				await expectError(res, 403);
			}
			const minted = await w.facilitator.client.post('/api/v1/tokens', { name: 'audit' });
			expect(minted.status).toBe(201);
			const { token } = (await body(minted)) as { token: string };
			const viaToken = await fetch(server.url + '/api/v1/challenges', {
				method: 'POST',
				headers: {
					authorization: `Bearer ${token}`,
					'content-type': 'application/json',
					origin: 'https://evil.example'
				},
				body: JSON.stringify({ title: 'By token', question: 'Works?' })
			});
			expect(viaToken.status).toBe(201);
		});
	});
});

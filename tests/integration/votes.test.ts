import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../helpers/backends.ts';
import type { TestServer } from '../helpers/server.ts';
import {
	command,
	connect,
	joinLive,
	serveWorkshop,
	type Person,
	type Workshop
} from '../helpers/workshop.ts';
import { until } from '../helpers/realtime.ts';
import { writeBoard } from '../helpers/votes.ts';
import type { CastResult, VoteIdeas, VotesRevealed } from '../../src/lib/shared/votes.ts';

/** Any number where a tally would be: what must never reach anyone before the reveal. */
const TALLY = /"(dots|crossTeamShare)":\d/;

describe.each(backends())('dot voting on $name', (backend) => {
	let server: TestServer;
	let w: Workshop;
	let ana: Person;
	let ben: Person;
	let outsider: Person;
	let session: { id: string; boardId: string };
	let other: { id: string; boardId: string };
	const sockets: Socket[] = [];

	const ideas = async (who: Person, id = session.id) => {
		const res = await who.client.get(`/api/v1/sessions/${id}/ideas`);
		expect(res.status).toBe(200);
		return (await res.json()) as VoteIdeas;
	};
	const cast = (who: Person, body: unknown, id = session.id) =>
		who.client.post(`/api/v1/sessions/${id}/votes`, body);
	const stage = async (to: string, id = session.id) => {
		const res = await w.facilitator.client.post(`/api/v1/sessions/${id}/stage`, { to });
		expect(res.status, await res.clone().text()).toBe(200);
	};
	const refusal = async (res: Response) => [
		res.status,
		((await res.json()) as { error: { code: string } }).error.code
	];
	const idOf = (view: VoteIdeas, title: string) => view.ideas.find((i) => i.title === title)!.id;

	beforeAll(async () => {
		({ server, w } = await serveWorkshop(backend));
		ana = await w.person('Ana', 0);
		ben = await w.person('Ben', 1);
		outsider = await w.person('Olu', 1);
		const challenge = await w.createChallenge({
			voteBudget: 3,
			voteCap: 2,
			audience: 'invited',
			invitedUserIds: [ana.user.id, ben.user.id]
		});
		session = await w.startSession(challenge.id);
		other = await w.startSession(challenge.id);
		for (const s of [session, other]) await stage('diverge', s.id);
		await writeBoard(
			server.url,
			session,
			ana,
			[
				{ id: 'n1', text: 'Templates', clusterId: 'c1' },
				{ id: 'n2', text: 'Guided tour', clusterId: 'c1' },
				{ id: 'n3', text: 'Fewer fields' },
				{ id: 'n4', text: '   ' }
			],
			[
				{ id: 'c1', title: 'Onboarding help' },
				{ id: 'c2', title: 'Empty cluster' }
			]
		);
		await writeBoard(server.url, session, ben, [{ id: 'n5', text: 'Live chat' }]);
		await writeBoard(server.url, other, ana, [{ id: 'o1', text: 'Elsewhere' }]);
		for (const to of ['cluster', 'vote']) for (const s of [session, other]) await stage(to, s.id);
	});
	afterAll(() => sockets.forEach((s) => s.close()));

	it('turns each cluster with notes and each loose note into an idea with its authors’ teams, tallies hidden', async () => {
		const view = await ideas(ana);
		expect(view.ideas.map((i) => i.title)).toEqual([
			'Onboarding help',
			'Fewer fields',
			'Live chat'
		]);
		expect(view.ideas[0]).toMatchObject({
			noteIds: ['n1', 'n2'],
			authorTeamIds: [w.teams[0]!.id],
			dots: null,
			crossTeamShare: null
		});
		expect(view.ideas[0]!.notes.map((n) => n.text)).toEqual(['Templates', 'Guided tour']);
		expect(view.ideas[2]!.authorTeamIds).toEqual([w.teams[1]!.id]);
		expect(view).toMatchObject({
			revealed: false,
			you: { budget: 3, cap: 2, remaining: 3, dots: {} },
			progress: { done: 0, total: 0 }
		});
	});

	it('refuses, in the contract’s order and with clear codes, casts that may not count, changing nothing', async () => {
		const view = await ideas(ana);
		const help = idOf(view, 'Onboarding help');
		const foreign = (await ideas(ana, other.id)).ideas[0]!.id;
		const anonymous = await fetch(`${server.url}/api/v1/sessions/${session.id}/votes`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ ideaId: help, delta: 1 })
		});
		expect(await refusal(anonymous)).toEqual([401, 'unauthenticated']);
		expect(await refusal(await cast(outsider, { ideaId: help, delta: 0.5 }))).toEqual([
			403,
			'not_invited'
		]);
		for (const delta of [0.5, -2, 2, 0, '1', null])
			expect(await refusal(await cast(ana, { ideaId: help, delta }))).toEqual([
				400,
				'invalid_input'
			]);
		expect(await refusal(await cast(ana, { delta: 1 }))).toEqual([400, 'invalid_input']);
		expect(await refusal(await cast(ana, { ideaId: help, delta: 1, dots: 9 }))).toEqual([
			400,
			'invalid_input'
		]);
		expect(await refusal(await cast(ana, { ideaId: foreign, delta: 1 }))).toEqual([
			404,
			'not_found'
		]);
		expect(await refusal(await cast(ana, { ideaId: help, delta: -1 }))).toEqual([409, 'no_dot']);
		expect(await ideas(ana)).toMatchObject({
			you: { remaining: 3, dots: {} },
			progress: { total: 0 }
		});
	});

	it('counts dots up to the cap per idea and the budget per person, and gives them back', async () => {
		const view = await ideas(ana);
		const [help, fields, chat] = view.ideas.map((i) => i.id) as [string, string, string];
		const ok = async (body: unknown) => {
			const res = await cast(ana, body);
			expect(res.status).toBe(200);
			return (await res.json()) as CastResult;
		};
		expect(await ok({ ideaId: help, delta: 1 })).toEqual({ remaining: 2, onIdea: 1 });
		expect(await ok({ ideaId: help, delta: 1 })).toEqual({ remaining: 1, onIdea: 2 });
		expect(await refusal(await cast(ana, { ideaId: help, delta: 1 }))).toEqual([409, 'idea_cap']);
		expect(await ok({ ideaId: fields, delta: 1 })).toEqual({ remaining: 0, onIdea: 1 });
		expect(await refusal(await cast(ana, { ideaId: chat, delta: 1 }))).toEqual([
			409,
			'over_budget'
		]);
		expect(await ok({ ideaId: fields, delta: -1 })).toEqual({ remaining: 1, onIdea: 0 });
		expect(await ok({ ideaId: chat, delta: 1 })).toEqual({ remaining: 0, onIdea: 1 });
		expect(await ideas(ana)).toMatchObject({
			you: { remaining: 0, dots: { [help]: 2, [chat]: 1 } },
			progress: { done: 1, total: 1 }
		});
		// A facilitator votes like anyone, over the socket twin.
		const f = await joinLive(server.url, w.facilitator, session.id);
		sockets.push(f.socket);
		const ack = await command<CastResult>(f.socket, 'votes:cast', {
			sessionId: session.id,
			ideaId: chat,
			delta: 1
		});
		expect(ack).toEqual({ ok: true, remaining: 2, onIdea: 1 });
	});

	it('keeps the snapshot and the dots when the vote is reopened, and tells no socket a tally before the reveal', async () => {
		const seen: string[] = [];
		const benLive = await joinLive(server.url, ben, session.id);
		sockets.push(benLive.socket);
		benLive.socket.onAny((event: string, payload: unknown) =>
			seen.push(`${event} ${JSON.stringify(payload)}`)
		);
		const facilitatorIdeas = await command<VoteIdeas>(benLive.socket, 'votes:ideas', {
			sessionId: session.id
		});
		expect(JSON.stringify(facilitatorIdeas)).not.toMatch(TALLY);
		const chat = idOf(await ideas(ben), 'Live chat');
		expect(
			await command(benLive.socket, 'votes:cast', { sessionId: session.id, ideaId: chat, delta: 1 })
		).toMatchObject({ ok: true });

		await stage('cluster');
		expect(await refusal(await cast(ben, { ideaId: chat, delta: 1 }))).toEqual([
			409,
			'vote_closed'
		]);
		await writeBoard(server.url, session, ben, [
			{ id: 'n6', text: 'Written after the vote opened' }
		]);
		await stage('vote');
		const reopened = await ideas(ben);
		expect(reopened.ideas).toHaveLength(3);
		expect(reopened.you).toMatchObject({ remaining: 2, dots: { [chat]: 1 } });

		// The facilitator sees no tallies either, over HTTP or the socket.
		expect(JSON.stringify(await ideas(w.facilitator))).not.toMatch(TALLY);
		await until(() => seen.some((s) => s.startsWith('votes:progress')), 2000, 'progress pushed');
		expect(seen.filter((s) => TALLY.test(s))).toEqual([]);

		const revealed = new Promise<VotesRevealed>((resolve) =>
			benLive.socket.once('votes:revealed', resolve)
		);
		expect(
			await refusal(await ben.client.post(`/api/v1/sessions/${session.id}/votes/reveal`))
		).toEqual([403, 'forbidden']);
		const answer = await command<VoteIdeas>(
			(await joinLive(server.url, w.facilitator, session.id)).socket,
			'votes:reveal',
			{ sessionId: session.id }
		);
		expect(answer).toMatchObject({ ok: true, revealed: true });
		const results = await revealed;
		// Ana (team 0): 2 on help, 1 on chat; Fran (team 0) 1 on chat; Ben (team 1) 1 on his own chat.
		expect(results.ideas.map((i) => [i.title, i.dots, i.rank, i.tied])).toEqual([
			['Live chat', 3, 1, false],
			['Onboarding help', 2, 2, false],
			['Fewer fields', 0, 3, false]
		]);
		expect(results.ideas[0]!.crossTeamShare).toBeCloseTo(2 / 3);
		expect(results.ideas[1]!.crossTeamShare).toBe(0);
		expect(await refusal(await cast(ben, { ideaId: chat, delta: -1 }))).toEqual([
			409,
			'vote_closed'
		]);
		expect((await ideas(ben)).ideas.find((i) => i.id === chat)!.dots).toBe(3);
	});

	it('refuses socket casts for a session the socket has not joined', async () => {
		const socket = await connect(server.url, ana);
		sockets.push(socket);
		const ack = await command(socket, 'votes:cast', { sessionId: other.id, ideaId: 'x', delta: 1 });
		expect(ack).toMatchObject({ ok: false, error: { code: 'forbidden' } });
	});
});

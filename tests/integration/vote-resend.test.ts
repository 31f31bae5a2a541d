import pg from 'pg';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servicesBackend } from '../helpers/backends.ts';
import type { TestServer } from '../helpers/server.ts';
import {
	command,
	joinLive,
	workshopOnNodes,
	type Person,
	type Workshop
} from '../helpers/workshop.ts';
import { writeBoard } from '../helpers/votes.ts';
import type { CastResult, VoteIdeas } from '../../src/lib/shared/votes.ts';

const services = servicesBackend();

describe.runIf(services)('a resent vote over two nodes on Postgres + Redis', () => {
	let nodes: TestServer[];
	let databaseUrl: string;
	let w: Workshop;
	let ana: Person;
	let ben: Person;
	let sessionId: string;
	let ideaIds: string[];
	const sockets: Socket[] = [];

	const cast = (who: Person, body: object) =>
		who.client.post(`/api/v1/sessions/${sessionId}/votes`, body);
	const standing = async (who: Person) => {
		const res = await who.client.get(`/api/v1/sessions/${sessionId}/ideas`);
		return ((await res.json()) as VoteIdeas).you;
	};
	/** The durable record: every dot and ballot of the session, from Postgres itself. */
	const durable = async () => {
		const db = new pg.Client({ connectionString: databaseUrl });
		await db.connect();
		try {
			const votes = await db.query<{ voter_id: string; idea_id: string; dots: number }>(
				'select voter_id, idea_id, dots from votes where session_id = $1 and dots > 0 order by 1, 2',
				[sessionId]
			);
			const ballots = await db.query<{ voter_id: string; spent: number }>(
				'select voter_id, spent from ballots where session_id = $1 order by 1',
				[sessionId]
			);
			return { votes: votes.rows, ballots: ballots.rows };
		} finally {
			await db.end();
		}
	};
	const tab = async (who: Person, node: number) => {
		const { socket } = await joinLive(nodes[node]!.url, who, sessionId);
		sockets.push(socket);
		return socket;
	};

	beforeAll(async () => {
		const served = await workshopOnNodes(services!, 2);
		({ nodes, w } = served);
		databaseUrl = served.env.DATABASE_URL!;
		ana = await w.person('Ana', 0);
		ben = await w.person('Ben', 1);
		const challenge = await w.createChallenge({ voteBudget: 5, voteCap: 3 });
		const session = await w.startSession(challenge.id);
		sessionId = session.id;
		await w.toStage(sessionId, 'diverge');
		await writeBoard(nodes[0]!.url, session, ana, [
			{ id: 'n1', text: 'Templates' },
			{ id: 'n2', text: 'Live chat' }
		]);
		await w.toStage(sessionId, 'cluster', 'vote');
		const res = await ana.client.get(`/api/v1/sessions/${sessionId}/ideas`);
		ideaIds = ((await res.json()) as VoteIdeas).ideas.map((i) => i.id);
	});
	afterAll(async () => {
		sockets.forEach((s) => s.close());
	});

	it('counts a voteId sent twice in a row once, over HTTP and its socket twin alike', async () => {
		const [first] = ideaIds as [string];
		const body = { ideaId: first, delta: 1, voteId: crypto.randomUUID() };
		const once = await cast(ana, body);
		expect(await once.json()).toEqual({ remaining: 4, onIdea: 1 });
		const again = await cast(ana, body);
		expect(again.status).toBe(200);
		expect(await again.json()).toEqual({ remaining: 4, onIdea: 1 });
		const socket = await tab(ana, 1);
		expect(await command<CastResult>(socket, 'votes:cast', { sessionId, ...body })).toEqual({
			ok: true,
			remaining: 4,
			onIdea: 1
		});
		expect(await standing(ana)).toMatchObject({ remaining: 4, dots: { [first]: 1 } });
	});

	it('counts copies of one click sent at once from two connections on two nodes once, and different voteIds each', async () => {
		const [, second] = ideaIds as [string, string];
		const tabs = [await tab(ana, 0), await tab(ana, 1)];
		const body = { ideaId: second, delta: 1, voteId: crypto.randomUUID() };
		const click = { sessionId, ...body };
		const acks = await Promise.all(
			[...tabs, ...tabs].map((s) => command<CastResult>(s, 'votes:cast', click))
		);
		const viaHttp = await Promise.all([cast(ana, body), cast(ana, body)]);
		expect(acks).toEqual(acks.map(() => ({ ok: true, remaining: 3, onIdea: 1 })));
		for (const res of viaHttp) expect(await res.json()).toEqual({ remaining: 3, onIdea: 1 });

		const fresh = await Promise.all(
			tabs.map((s) =>
				command<CastResult>(s, 'votes:cast', { ...click, voteId: crypto.randomUUID() })
			)
		);
		expect(fresh.map((a) => a.ok && a.onIdea).sort()).toEqual([2, 3]);
		expect(await standing(ana)).toMatchObject({ remaining: 1, dots: { [second]: 3 } });
		const { votes, ballots } = await durable();
		expect(
			votes
				.filter((v) => v.voter_id === ana.user.id)
				.map((v) => v.dots)
				.sort()
		).toEqual([1, 3]);
		expect(ballots.find((b) => b.voter_id === ana.user.id)!.spent).toBe(4);
	});

	it('refuses a malformed voteId, or one already counted for another dot, and changes nothing', async () => {
		const [first] = ideaIds as [string];
		const before = await durable();
		const socket = await tab(ana, 0);
		for (const voteId of ['short', 'x'.repeat(65), 'not a vote id at all!', 42, null]) {
			const res = await cast(ana, { ideaId: first, delta: 1, voteId });
			expect(res.status).toBe(400);
			expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_input');
			expect(
				await command(socket, 'votes:cast', { sessionId, ideaId: first, delta: 1, voteId })
			).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
		}
		const voteId = crypto.randomUUID();
		expect((await cast(ana, { ideaId: first, delta: -1, voteId })).status).toBe(200);
		const reused = await cast(ana, { ideaId: first, delta: 1, voteId });
		expect(reused.status).toBe(409);
		expect(((await reused.json()) as { error: { code: string } }).error.code).toBe('conflict');
		expect((await cast(ana, { ideaId: first, delta: 1, voteId: crypto.randomUUID() })).status).toBe(
			200
		);
		expect(await durable()).toEqual(before);
	});

	it('counts another voter who sends the same voteId: identity comes from the session', async () => {
		const [first] = ideaIds as [string];
		const voteId = crypto.randomUUID();
		expect(await (await cast(ana, { ideaId: first, delta: -1, voteId })).json()).toMatchObject({
			onIdea: 0
		});
		const benTab = await tab(ben, 1);
		expect(
			await command<CastResult>(benTab, 'votes:cast', {
				sessionId,
				ideaId: first,
				delta: 1,
				voteId
			})
		).toEqual({ ok: true, remaining: 4, onIdea: 1 });
		expect(await standing(ben)).toMatchObject({ remaining: 4, dots: { [first]: 1 } });
		expect(await standing(ana)).toMatchObject({ remaining: 2 });
	});
});

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
	/** Reads Postgres itself, on a connection of its own. */
	const query = async <R extends pg.QueryResultRow>(text: string, values: unknown[]) => {
		const db = new pg.Client({ connectionString: databaseUrl });
		await db.connect();
		try {
			return (await db.query<R>(text, values)).rows;
		} finally {
			await db.end();
		}
	};
	/** The durable record: every dot and ballot of the session. */
	const durable = async (id = sessionId) => ({
		votes: await query<{ voter_id: string; idea_id: string; dots: number }>(
			'select voter_id, idea_id, dots from votes where session_id = $1 and dots > 0 order by 1, 2',
			[id]
		),
		ballots: await query<{ voter_id: string; spent: number }>(
			'select voter_id, spent from ballots where session_id = $1 order by 1',
			[id]
		)
	});
	const receiptsOf = async (id: string) =>
		(
			await query<{ n: number }>(
				'select count(*)::int as n from vote_receipts where session_id = $1',
				[id]
			)
		)[0]!.n;
	const tab = async (who: Person, node: number) => {
		const { socket } = await joinLive(nodes[node]!.url, who, sessionId);
		sockets.push(socket);
		return socket;
	};

	const stage = (id: string, to: string) =>
		w.facilitator.client.post(`/api/v1/sessions/${id}/stage`, { to });
	/** A new session of a new challenge (budget 5, cap 3) in its vote, on two ideas. */
	async function openVote(): Promise<{ id: string; ideaIds: string[] }> {
		const challenge = await w.createChallenge({ voteBudget: 5, voteCap: 3 });
		const session = await w.startSession(challenge.id);
		await w.toStage(session.id, 'diverge');
		await writeBoard(nodes[0]!.url, session, ana, [
			{ id: 'n1', text: 'Templates' },
			{ id: 'n2', text: 'Live chat' }
		]);
		await w.toStage(session.id, 'cluster', 'vote');
		const res = await ana.client.get(`/api/v1/sessions/${session.id}/ideas`);
		return { id: session.id, ideaIds: ((await res.json()) as VoteIdeas).ideas.map((i) => i.id) };
	}

	beforeAll(async () => {
		const served = await workshopOnNodes(services!, 2);
		({ nodes, w } = served);
		databaseUrl = served.env.DATABASE_URL!;
		ana = await w.person('Ana', 0);
		ben = await w.person('Ben', 1);
		({ id: sessionId, ideaIds } = await openVote());
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

	it('keeps the receipts while the vote can reopen: a resend in the reopened vote counts once', async () => {
		const { id, ideaIds } = await openVote();
		const body = { ideaId: ideaIds[0], delta: 1, voteId: crypto.randomUUID() };
		const send = () => ana.client.post(`/api/v1/sessions/${id}/votes`, body);
		expect(await (await send()).json()).toEqual({ remaining: 4, onIdea: 1 });
		expect(await receiptsOf(id)).toBe(1);
		expect((await stage(id, 'cluster')).status).toBe(200);
		expect(await receiptsOf(id)).toBe(1);
		expect((await stage(id, 'vote')).status).toBe(200);
		expect(await (await send()).json()).toEqual({ remaining: 4, onIdea: 1 });
		expect(await receiptsOf(id)).toBe(1);
	});

	it.each([
		['moves on to commit', (id: string) => stage(id, 'commit')],
		[
			'reveals the votes',
			(id: string) => w.facilitator.client.post(`/api/v1/sessions/${id}/votes/reveal`)
		],
		['ends the session', (id: string) => w.facilitator.client.post(`/api/v1/sessions/${id}/end`)]
	])(
		'drops the receipts when the facilitator %s, and still refuses a resend as a late vote',
		async (_how, close) => {
			const { id, ideaIds } = await openVote();
			const body = { ideaId: ideaIds[0], delta: 1, voteId: crypto.randomUUID() };
			const send = (who: Person, cast: object) =>
				who.client.post(`/api/v1/sessions/${id}/votes`, cast);
			expect((await send(ana, body)).status).toBe(200);
			expect((await send(ben, { ...body, voteId: crypto.randomUUID() })).status).toBe(200);
			expect(await receiptsOf(id)).toBe(2);
			const before = await durable(id);

			expect((await close(id)).status).toBe(200);
			expect(await receiptsOf(id)).toBe(0);
			const late = await send(ana, body);
			expect(late.status).toBe(409);
			expect(((await late.json()) as { error: { code: string } }).error.code).toBe('vote_closed');
			expect(await durable(id)).toEqual(before);
		}
	);
});

import pg from 'pg';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servicesBackend } from '../helpers/backends.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { command, connect, joinLive, setUpWorkshop, type Workshop } from '../helpers/workshop.ts';
import { insertPeople, writeBoard } from '../helpers/votes.ts';
import type { CastResult, VoteIdeas, VotesRevealed } from '../../src/lib/shared/votes.ts';

const VOTERS = 200;
/** Voters who also vote from a second tab, on the other node. */
const TWO_TABS = 50;
const STORM_MS = 4000;
const BUDGET = 5;
const CAP = 3;
const TALLY = /"(dots|crossTeamShare)":\d/;

const services = servicesBackend();

describe.runIf(services)('a vote storm over two nodes', () => {
	let nodes: TestServer[];
	let cleanup: () => Promise<void>;
	let databaseUrl: string;
	let w: Workshop;

	beforeAll(async () => {
		const prepared = await services!.prepare();
		cleanup = prepared.cleanup;
		databaseUrl = prepared.env.DATABASE_URL!;
		nodes = [await startServer(prepared.env), await startServer(prepared.env)];
		w = await setUpWorkshop(nodes[0]!.url);
	});
	afterAll(async () => {
		for (const node of nodes ?? []) await node.stop();
		await cleanup?.();
	});

	it('keeps every voter within budget and cap, loses and doubles no dot, and reveals tallies equal to the durable record', async () => {
		const session = await w.startSession(
			(await w.createChallenge({ voteBudget: BUDGET, voteCap: CAP })).id
		);
		const post = (to: string) =>
			w.facilitator.client.post(`/api/v1/sessions/${session.id}/stage`, { to });
		await post('diverge');
		const writers = [await w.person('Writer A', 0), await w.person('Writer B', 1)];
		for (const [i, writer] of writers.entries())
			await writeBoard(
				nodes[0]!.url,
				session,
				writer,
				Array.from({ length: 3 }, (_, n) => ({ id: `w${i}n${n}`, text: `Idea ${i}.${n}` }))
			);
		await post('cluster');
		await post('vote');

		const people = await insertPeople(databaseUrl, nodes[0]!.url, VOTERS, [
			w.teams[0]!.id,
			w.teams[1]!.id,
			null
		]);
		const tabs: { voter: number; socket: Socket; seen: string[] }[] = [];
		await Promise.all(
			people.flatMap((person, voter) =>
				[0, 1].slice(0, voter < TWO_TABS ? 2 : 1).map(async (tab) => {
					const { socket } = await joinLive(nodes[(voter + tab) % 2]!.url, person, session.id);
					const seen: string[] = [];
					socket.onAny((event: string, payload: unknown) =>
						seen.push(`${event} ${JSON.stringify(payload)}`)
					);
					tabs.push({ voter, socket, seen });
				})
			)
		);
		const first = await command<VoteIdeas>(tabs[0]!.socket, 'votes:ideas', {
			sessionId: session.id
		});
		if (!first.ok) throw new Error(first.error.message);
		const ideaIds = first.ideas.map((i) => i.id);
		expect(ideaIds).toHaveLength(6);

		// What the acks say each voter has on each idea: the sum of accepted deltas.
		const acked = new Map<string, number>();
		const refusals = new Map<string, number>();
		const until = Date.now() + STORM_MS;
		await Promise.all(
			tabs.map(async ({ voter, socket }) => {
				while (Date.now() < until) {
					const ideaId = ideaIds[Math.floor(Math.random() * ideaIds.length)]!;
					const delta = Math.random() < 0.65 ? 1 : -1;
					const ack = await command<CastResult>(socket, 'votes:cast', {
						sessionId: session.id,
						ideaId,
						delta
					});
					if (ack.ok) {
						const key = `${people[voter]!.user.id} ${ideaId}`;
						acked.set(key, (acked.get(key) ?? 0) + delta);
					} else refusals.set(ack.error.code, (refusals.get(ack.error.code) ?? 0) + 1);
					// ~8 commands a second per tab: under the 20/s limit, well over a person's clicking.
					await new Promise((resolve) => setTimeout(resolve, 80 + Math.random() * 80));
				}
			})
		);
		expect(
			[...refusals.keys()].every((c) => ['over_budget', 'idea_cap', 'no_dot'].includes(c))
		).toBe(true);
		expect(refusals.get('over_budget')).toBeGreaterThan(0);

		const db = new pg.Client({ connectionString: databaseUrl });
		await db.connect();
		try {
			const ballots = await db.query<{ voter_id: string; spent: number; budget: number }>(
				'select voter_id, spent, budget from ballots where session_id = $1',
				[session.id]
			);
			const votes = await db.query<{ voter_id: string; idea_id: string; dots: number }>(
				'select voter_id, idea_id, dots from votes where session_id = $1',
				[session.id]
			);
			expect(ballots.rows).toHaveLength(VOTERS);
			const durable = new Map(votes.rows.map((v) => [`${v.voter_id} ${v.idea_id}`, v.dots]));
			for (const b of ballots.rows) {
				expect(b.spent).toBeLessThanOrEqual(BUDGET);
				const mine = votes.rows.filter((v) => v.voter_id === b.voter_id);
				expect(mine.reduce((s, v) => s + v.dots, 0)).toBe(b.spent);
			}
			expect(Math.max(...votes.rows.map((v) => v.dots))).toBeLessThanOrEqual(CAP);
			const nonZero = (m: Map<string, number>) => new Map([...m].filter(([, n]) => n !== 0));
			expect(nonZero(acked)).toEqual(nonZero(durable));

			const before = tabs.flatMap((t) => t.seen.filter((s) => TALLY.test(s)));
			expect(before).toEqual([]);
			expect(tabs[0]!.seen.some((s) => s.startsWith('votes:progress'))).toBe(true);

			const revealed = new Promise<VotesRevealed>((resolve) =>
				tabs.at(-1)!.socket.once('votes:revealed', resolve)
			);
			const facilitator = await connect(nodes[1]!.url, w.facilitator);
			await command(facilitator, 'session:join', { sessionId: session.id });
			expect(await command(facilitator, 'votes:reveal', { sessionId: session.id })).toMatchObject({
				ok: true,
				revealed: true
			});
			const results = await revealed;
			for (const idea of results.ideas) {
				const dots = votes.rows
					.filter((v) => v.idea_id === idea.id)
					.reduce((s, v) => s + v.dots, 0);
				expect(idea.dots).toBe(dots);
			}
			facilitator.close();
		} finally {
			await db.end();
			tabs.forEach((t) => t.socket.close());
		}
	});
});

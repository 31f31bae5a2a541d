import pg from 'pg';
import type { Socket } from 'socket.io-client';
import { beforeAll, describe, expect, it } from 'vitest';
import { servicesBackend } from '../helpers/backends.ts';
import { afterFile, type TestServer } from '../helpers/server.ts';
import {
	command,
	connect,
	joinLive,
	workshopOnNodes,
	type Person,
	type Workshop
} from '../helpers/workshop.ts';
import { insertPeople, writeBoard } from '../helpers/votes.ts';
import { until } from '../helpers/realtime.ts';
import { PROGRESS_INTERVAL_MS } from '../../src/lib/server/votes/desk.ts';
import type { CastResult, VoteIdeas, VotesRevealed } from '../../src/lib/shared/votes.ts';

const VOTERS = 200;
/** Voters who also vote from a second tab, on the other node. */
const TWO_TABS = 50;
const STORM_MS = 4000;
const BUDGET = 5;
const CAP = 3;
const TALLY = /"(dots|crossTeamShare)":\d/;

interface Tab {
	voter: number;
	/** Which of the two nodes the tab is connected to. */
	node: number;
	socket: Socket;
	seen: string[];
}

/**
 * Every tab casts and retracts at random, ~8 commands a second (under the 20/s limit, well over a
 * person's clicking), until `stop` settles; then each sends one more. Returns what the acks say
 * each voter has on each idea (the sum of accepted deltas) and how many refusals of each code came.
 */
async function storm(
	tabs: Tab[],
	people: Person[],
	sessionId: string,
	ideaIds: string[],
	stop: Promise<unknown>
) {
	const acked = new Map<string, number>();
	const refusals = new Map<string, number>();
	let stopped = false;
	void stop.then(() => (stopped = true));
	await Promise.all(
		tabs.map(async ({ voter, socket }) => {
			// The first dot opens each voter's ballot, however slow the machine is.
			for (let n = 0, last = false; !last; n++) {
				last = stopped;
				const ideaId = ideaIds[Math.floor(Math.random() * ideaIds.length)]!;
				const delta = n === 0 || Math.random() < 0.65 ? 1 : -1;
				// Each click with its own voteId, as the browser sends them: receipts under load too.
				const voteId = crypto.randomUUID();
				const ack = await command<CastResult>(socket, 'votes:cast', {
					sessionId,
					ideaId,
					delta,
					voteId
				});
				if (ack.ok) {
					const key = `${people[voter]!.user.id} ${ideaId}`;
					acked.set(key, (acked.get(key) ?? 0) + delta);
				} else refusals.set(ack.error.code, (refusals.get(ack.error.code) ?? 0) + 1);
				if (!last) await new Promise((resolve) => setTimeout(resolve, 80 + Math.random() * 80));
			}
		})
	);
	return { acked, refusals };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const nonZero = (m: Map<string, number>) => new Map([...m].filter(([, n]) => n !== 0));

const services = servicesBackend();

describe.runIf(services)('a vote storm over two nodes', () => {
	let nodes: TestServer[];
	let databaseUrl: string;
	let db: pg.Client;
	let w: Workshop;

	beforeAll(async () => {
		const served = await workshopOnNodes(services!, 2);
		({ nodes, w } = served);
		databaseUrl = served.env.DATABASE_URL!;
		db = new pg.Client({ connectionString: databaseUrl });
		await db.connect();
		afterFile(() => db.end());
	});

	/** The votes the database holds for the session. */
	const storedVotes = async (sessionId: string) =>
		(
			await db.query<{ voter_id: string; idea_id: string; dots: number }>(
				'select voter_id, idea_id, dots from votes where session_id = $1',
				[sessionId]
			)
		).rows;
	/** Stored dots by `<voter id> <idea id>`, the keys `storm` acks by. */
	const dotsByVoterAndIdea = (votes: Awaited<ReturnType<typeof storedVotes>>) =>
		new Map(votes.map((v) => [`${v.voter_id} ${v.idea_id}`, v.dots]));

	/** A session in `vote` with six ideas, and `voters` people in it over both nodes. */
	async function openVote(voters: number) {
		const session = await w.startSession(
			(await w.createChallenge({ voteBudget: BUDGET, voteCap: CAP })).id
		);
		await w.toStage(session.id, 'diverge');
		const writers = [await w.person('Writer A', 0), await w.person('Writer B', 1)];
		for (const [i, writer] of writers.entries())
			await writeBoard(
				nodes[0]!.url,
				session,
				writer,
				Array.from({ length: 3 }, (_, n) => ({ id: `w${i}n${n}`, text: `Idea ${i}.${n}` }))
			);
		await w.toStage(session.id, 'cluster', 'vote');

		const people = await insertPeople(databaseUrl, nodes[0]!.url, voters, [
			w.teams[0]!.id,
			w.teams[1]!.id,
			null
		]);
		const tabs: Tab[] = [];
		await Promise.all(
			people.flatMap((person, voter) =>
				[0, 1].slice(0, voter < TWO_TABS ? 2 : 1).map(async (tab) => {
					const node = (voter + tab) % 2;
					const { socket } = await joinLive(nodes[node]!.url, person, session.id);
					const seen: string[] = [];
					socket.onAny((event: string, payload: unknown) =>
						seen.push(`${event} ${JSON.stringify(payload)}`)
					);
					tabs.push({ voter, node, socket, seen });
				})
			)
		);
		const first = await command<VoteIdeas>(tabs[0]!.socket, 'votes:ideas', {
			sessionId: session.id
		});
		if (!first.ok) throw new Error(first.error.message);
		const ideaIds = first.ideas.map((i) => i.id);
		return { session, people, tabs, ideaIds };
	}

	it('keeps every voter within budget and cap, loses and doubles no dot, and reveals tallies equal to the durable record', async () => {
		const { session, people, tabs, ideaIds } = await openVote(VOTERS);
		expect(ideaIds).toHaveLength(6);

		const { acked, refusals } = await storm(tabs, people, session.id, ideaIds, sleep(STORM_MS));
		expect(
			[...refusals.keys()].every((c) => ['over_budget', 'idea_cap', 'no_dot'].includes(c))
		).toBe(true);

		try {
			const ballots = await db.query<{ voter_id: string; spent: number; budget: number }>(
				'select voter_id, spent, budget from ballots where session_id = $1',
				[session.id]
			);
			const votes = await storedVotes(session.id);
			expect(ballots.rows).toHaveLength(VOTERS);
			for (const b of ballots.rows) {
				expect(b.spent).toBeLessThanOrEqual(BUDGET);
				const mine = votes.filter((v) => v.voter_id === b.voter_id);
				expect(mine.reduce((s, v) => s + v.dots, 0)).toBe(b.spent);
			}
			expect(Math.max(...votes.map((v) => v.dots))).toBeLessThanOrEqual(CAP);
			expect(nonZero(acked)).toEqual(nonZero(dotsByVoterAndIdea(votes)));

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
				const dots = votes.filter((v) => v.idea_id === idea.id).reduce((s, v) => s + v.dots, 0);
				expect(idea.dots).toBe(dots);
			}
			facilitator.close();
		} finally {
			tabs.forEach((t) => t.socket.close());
		}
	});

	it('tells members on every node the progress from their own node, each change once', async () => {
		const { session, tabs, ideaIds } = await openVote(6);
		const progressSeen = (tab: Tab) =>
			tab.seen.filter((s) => s.startsWith('votes:progress')).map((s) => JSON.parse(s.slice(15)));
		const spend = (tab: Tab, dots: number) =>
			Promise.all(
				Array.from({ length: dots }, (_, n) =>
					command(tab.socket, 'votes:cast', {
						sessionId: session.id,
						ideaId: ideaIds[n]!,
						delta: 1
					}).then((ack) => expect(ack).toMatchObject({ ok: true }))
				)
			);
		const tabOf = (voter: number, node: number) =>
			tabs.find((t) => t.voter === voter && t.node === node)!;
		const everyTabHas = (done: number, total: number) =>
			until(
				() => tabs.every((t) => progressSeen(t).some((p) => p.done === done && p.total === total)),
				10_000,
				`every tab told ${done} of ${total}`
			);
		try {
			// Casts on node 0 only: node 1's members hear them from node 1.
			await Promise.all([0, 1, 2].map((voter) => spend(tabOf(voter, 0), 1)));
			await everyTabHas(0, 3);
			// Casts on both nodes at once, until everyone has spent every dot.
			await Promise.all([
				...[0, 1, 2].map((voter) => spend(tabOf(voter, 1), BUDGET - 1)),
				...[3, 4, 5].map((voter) => spend(tabOf(voter, voter % 2), BUDGET))
			]);
			await everyTabHas(6, 6);
			await sleep(3 * PROGRESS_INTERVAL_MS);
			for (const tab of tabs) {
				const lines = progressSeen(tab).map((p) => `${p.done}/${p.total}`);
				expect(lines, `tab ${tab.voter} on node ${tab.node}`).toEqual([...new Set(lines)]);
			}
		} finally {
			tabs.forEach((t) => t.socket.close());
		}
	});

	it('counts a cast racing the reveal only if it committed before it, and refuses the rest with vote_closed', async () => {
		const { session, people, tabs, ideaIds } = await openVote(60);
		const facilitator = await connect(nodes[1]!.url, w.facilitator);
		await command(facilitator, 'session:join', { sessionId: session.id });
		// Every tab sends one more cast after the reveal answered: that one must find the vote closed.
		let revealed!: () => void;
		const racing = storm(
			tabs,
			people,
			session.id,
			ideaIds,
			new Promise<void>((r) => (revealed = r))
		);
		await sleep(1000);
		expect(await command(facilitator, 'votes:reveal', { sessionId: session.id })).toMatchObject({
			ok: true
		});
		revealed();
		const { acked, refusals } = await racing;
		expect(refusals.get('vote_closed')).toBeGreaterThanOrEqual(tabs.length);
		try {
			expect(nonZero(acked)).toEqual(nonZero(dotsByVoterAndIdea(await storedVotes(session.id))));
			const { rows } = await db.query<{ late: number }>(
				`select count(*)::int as late from votes v join live_sessions s on s.id = v.session_id
				 where v.session_id = $1 and v.updated_at >= s.votes_revealed_at`,
				[session.id]
			);
			expect(rows[0]!.late).toBe(0);
		} finally {
			facilitator.close();
			tabs.forEach((t) => t.socket.close());
		}
	});
});

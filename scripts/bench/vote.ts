// `npm run bench:vote`: two vote storms against two nodes on Postgres + Redis, the durable
// per-voter record on. Prints ack p50/p95/p99 and commands/s, and checks the tallies exactly.
//
//   spread: VOTERS voters each spend their whole budget (5 dots, cap 3) within 10 s.
//   burst:  VOTERS voters each send 8 commands at once (budget 4, cap 2): 5 valid, one over
//           the cap, one over budget, and a duplicate retraction (the dot is already back).
//
//   VOTERS=1000 [STORMS=spread,burst] BENCH_DATABASE_URL=postgres://… BENCH_REDIS_URL=redis://… npm run bench:vote
//
// The driver is this one process, on the same cores as both nodes and Postgres: its figures are
// upper bounds.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { backends, cpuSince } from './cpu.ts';
import type { Socket } from 'socket.io-client';
import { servicesBackend } from '../../tests/helpers/backends.ts';
import { startServer, type TestServer } from '../../tests/helpers/server.ts';
import { command, connect, setUpWorkshop, type Workshop } from '../../tests/helpers/workshop.ts';
import { insertPeople, writeBoard } from '../../tests/helpers/votes.ts';
import type { CastResult, VoteIdeas, VotesRevealed } from '../../src/lib/shared/votes.ts';

const VOTERS = Number(process.env.VOTERS ?? 1000);
/** Which storms to run, e.g. `STORMS=burst` to profile one. */
const STORMS = (process.env.STORMS ?? 'spread,burst').split(',');
const SPREAD_MS = 10_000;
const IDEAS = 8;

interface Timed {
	ms: number;
	code: string;
}

function percentile(sorted: number[], p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function report(label: string, timed: Timed[], wallMs: number): void {
	const sorted = timed.map((t) => t.ms).sort((a, b) => a - b);
	const f = (n: number) => n.toFixed(1).padStart(7);
	const codes = new Map<string, number>();
	for (const t of timed) codes.set(t.code, (codes.get(t.code) ?? 0) + 1);
	console.log(
		`${label.padEnd(7)} ${timed.length} commands  ack p50 ${f(percentile(sorted, 50))} ms  p95 ${f(percentile(sorted, 95))} ms  ` +
			`p99 ${f(percentile(sorted, 99))} ms  max ${f(sorted.at(-1) ?? NaN)} ms  ` +
			`${Math.round(timed.length / (wallMs / 1000))} commands/s  ` +
			`(${[...codes].map(([c, n]) => `${c} ${n}`).join(', ')})`
	);
}

/** Counts the events every socket receives until `done()`: what the storm costs each client. */
function inbox(sockets: Socket[]) {
	const counts = new Map<string, number>();
	const count = (event: string) => counts.set(event, (counts.get(event) ?? 0) + 1);
	for (const s of sockets) s.onAny(count);
	return () => {
		for (const s of sockets) s.offAny(count);
		const each = [...counts].map(([e, n]) => `${e} ${(n / sockets.length).toFixed(1)}`);
		return `messages per client: ${each.join(', ') || 'none'}`;
	};
}

/** CPU the nodes and the database's backends spend until `done()`, per 1,000 commands. */
async function cpuMeter(nodes: TestServer[], databaseUrl: string) {
	const admin = new pg.Client({ connectionString: databaseUrl });
	await admin.connect();
	const database = new URL(databaseUrl).pathname.slice(1);
	const serverPids = nodes.map((n) => n.process.pid!);
	const before = await backends(admin, database);
	const since = cpuSince({ nodes: serverPids, postgres: before });
	return async (commands: number) => {
		const after = [...new Set([...before, ...(await backends(admin, database))])];
		await admin.end();
		const used = since({ nodes: serverPids, postgres: after });
		const per = (ms: number) => Math.round((ms / commands) * 1000);
		return `CPU ms per 1,000 commands: nodes ${per(used.nodes!)}, Postgres ${per(used.postgres!)}`;
	};
}

/** One click, with its own voteId as the browser sends it (so the receipts are part of the cost). */
async function send(socket: Socket, sessionId: string, ideaId: string, delta: 1 | -1) {
	const sent = performance.now();
	const voteId = randomUUID();
	const ack = await command<CastResult>(socket, 'votes:cast', { sessionId, ideaId, delta, voteId });
	return { ms: performance.now() - sent, code: ack.ok ? 'ok' : ack.error.code };
}

/** A session in `vote` with IDEAS loose notes as ideas, and every voter's socket joined to it. */
async function openVote(
	w: Workshop,
	nodes: TestServer[],
	sockets: Socket[],
	settings: { voteBudget: number; voteCap: number }
) {
	const session = await w.startSession((await w.createChallenge(settings)).id);
	await w.toStage(session.id, 'diverge');
	await writeBoard(
		nodes[0]!.url,
		session,
		w.facilitator,
		Array.from({ length: IDEAS }, (_, i) => ({ id: `idea${i}`, text: `Idea ${i}` }))
	);
	await w.toStage(session.id, 'cluster', 'vote');
	for (let i = 0; i < sockets.length; i += 200)
		await Promise.all(
			sockets.slice(i, i + 200).map((s) => command(s, 'session:join', { sessionId: session.id }))
		);
	const view = await command<VoteIdeas>(sockets[0]!, 'votes:ideas', { sessionId: session.id });
	if (!view.ok || view.ideas.length !== IDEAS) throw new Error('the vote did not open');
	return { sessionId: session.id, ideaIds: view.ideas.map((i) => i.id) };
}

/** The durable record, summed per idea, against what the commands must have produced. */
async function checkExact(
	databaseUrl: string,
	sessionId: string,
	expected: Map<string, number>,
	revealed: VotesRevealed
): Promise<boolean> {
	const db = new pg.Client({ connectionString: databaseUrl });
	await db.connect();
	try {
		const { rows } = await db.query<{ idea_id: string; dots: number }>(
			'select idea_id, sum(dots)::int as dots from votes where session_id = $1 group by idea_id',
			[sessionId]
		);
		const durable = new Map(rows.map((r) => [r.idea_id, r.dots]));
		const { rows: over } = await db.query(
			'select 1 from ballots where session_id = $1 and spent > budget',
			[sessionId]
		);
		return (
			over.length === 0 &&
			revealed.ideas.every(
				(i) =>
					(durable.get(i.id) ?? 0) === (expected.get(i.id) ?? 0) &&
					i.dots === (expected.get(i.id) ?? 0)
			)
		);
	} finally {
		await db.end();
	}
}

async function reveal(facilitator: Socket, listener: Socket, sessionId: string) {
	const revealed = new Promise<VotesRevealed>((resolve) =>
		listener.once('votes:revealed', resolve)
	);
	await command(facilitator, 'session:join', { sessionId });
	await command(facilitator, 'votes:reveal', { sessionId });
	return revealed;
}

/** The two nodes, a voter's socket per voter on them, and the facilitator's socket. */
interface Room {
	w: Workshop;
	nodes: TestServer[];
	sockets: Socket[];
	facilitator: Socket;
	databaseUrl: string;
}

/**
 * One storm on a fresh vote with `settings`: every voter's socket sends what `cast` sends
 * (adding to `expected` the dots that must stand after it), timed and reported under `label`,
 * then the facilitator reveals and the tallies are checked against the durable record.
 */
async function storm(
	room: Room,
	label: string,
	settings: { voteBudget: number; voteCap: number },
	cast: (
		socket: Socket,
		voter: number,
		vote: { sessionId: string; ideaIds: string[]; expected: Map<string, number> }
	) => Promise<Timed[]>,
	alongside: () => Promise<void> = async () => {}
) {
	const { w, nodes, sockets, facilitator, databaseUrl } = room;
	const { sessionId, ideaIds } = await openVote(w, nodes, sockets, settings);
	const expected = new Map<string, number>();
	const cpu = await cpuMeter(nodes, databaseUrl);
	const started = performance.now();
	const during = alongside();
	const received = inbox(sockets);
	const timed = (
		await Promise.all(sockets.map((socket, v) => cast(socket, v, { sessionId, ideaIds, expected })))
	).flat();
	const wall = performance.now() - started;
	await during;
	report(label, timed, wall);
	console.log(`${label.padEnd(7)} ${received()}; ${await cpu(timed.length)}`);
	const revealed = await reveal(facilitator, sockets[0]!, sessionId);
	return { timed, exact: await checkExact(databaseUrl, sessionId, expected, revealed) };
}

async function spread(room: Room) {
	const { timed, exact } = await storm(
		room,
		'spread',
		{ voteBudget: 5, voteCap: 3 },
		async (socket, v, { sessionId, ideaIds, expected }) => {
			// Five dots: two on one idea, one on each of three others — within the cap of 3.
			const picks = [0, 0, 1, 2, 3].map((k) => ideaIds[(v + k * 3) % IDEAS]!);
			const results: Timed[] = [];
			for (const ideaId of picks) {
				expected.set(ideaId, (expected.get(ideaId) ?? 0) + 1);
				await new Promise((resolve) => setTimeout(resolve, Math.random() * (SPREAD_MS / 5)));
				results.push(await send(socket, sessionId, ideaId, 1));
			}
			return results;
		},
		// The noise floor again, while the storm runs: what any command costs on the busy machine.
		() => floor(room.sockets, SPREAD_MS, 'floor*')
	);
	console.log(
		`spread  every ack ok: ${timed.every((t) => t.code === 'ok')}  tallies exact: ${exact}`
	);
}

async function burst(room: Room) {
	// Per voter, in order on one socket: A, A, A (over the cap), B, C (budget spent), D (over
	// budget), −C, −C again (a duplicate: that dot is back already). Leaves A 2, B 1.
	const plan: [idea: number, delta: 1 | -1, code: string][] = [
		[0, 1, 'ok'],
		[0, 1, 'ok'],
		[0, 1, 'idea_cap'],
		[1, 1, 'ok'],
		[2, 1, 'ok'],
		[3, 1, 'over_budget'],
		[2, -1, 'ok'],
		[2, -1, 'no_dot']
	];
	let asPlanned = true;
	const { exact } = await storm(
		room,
		'burst',
		{ voteBudget: 4, voteCap: 2 },
		async (socket, v, { sessionId, ideaIds, expected }) => {
			const ideas = [0, 1, 2, 3].map((k) => ideaIds[(v + k) % IDEAS]!);
			expected.set(ideas[0]!, (expected.get(ideas[0]!) ?? 0) + 2);
			expected.set(ideas[1]!, (expected.get(ideas[1]!) ?? 0) + 1);
			const results = await Promise.all(
				plan.map(([idea, delta]) => send(socket, sessionId, ideas[idea]!, delta))
			);
			if (results.some((r, i) => r.code !== plan[i]![2])) asPlanned = false;
			return results;
		}
	);
	console.log(`burst   every answer as planned: ${asPlanned}  tallies exact: ${exact}`);
}

/** The same sockets answering a command that touches no database: the machine's noise floor. */
async function floor(sockets: Socket[], withinMs = 2000, label = 'floor') {
	const started = performance.now();
	const timed = await Promise.all(
		sockets.map(async (socket) => {
			await new Promise((resolve) => setTimeout(resolve, Math.random() * withinMs));
			const sent = performance.now();
			const ack = await command(socket, 'time:sync', {});
			return { ms: performance.now() - sent, code: ack.ok ? 'ok' : ack.error.code };
		})
	);
	report(label, timed, performance.now() - started);
}

const services = (() => {
	process.env.DATABASE_URL = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
	process.env.REDIS_URL = process.env.BENCH_REDIS_URL ?? process.env.REDIS_URL;
	return servicesBackend();
})();
if (!services) {
	console.error('bench:vote needs BENCH_DATABASE_URL and BENCH_REDIS_URL (Postgres and Redis).');
	process.exit(1);
}
const prepared = await services.prepare();
const nodes = [await startServer(prepared.env), await startServer(prepared.env)];
try {
	const w = await setUpWorkshop(nodes[0]!.url);
	const people = await insertPeople(prepared.env.DATABASE_URL!, nodes[0]!.url, VOTERS, [
		w.teams[0]!.id,
		w.teams[1]!.id
	]);
	const sockets: Socket[] = [];
	for (let i = 0; i < people.length; i += 100)
		sockets.push(
			...(await Promise.all(
				people.slice(i, i + 100).map((p, k) => connect(nodes[(i + k) % 2]!.url, p))
			))
		);
	const facilitator = await connect(nodes[1]!.url, w.facilitator);
	console.log(`${VOTERS} voters on two nodes (Postgres + Redis, durable record on)`);
	await floor(sockets);
	const room = { w, nodes, sockets, facilitator, databaseUrl: prepared.env.DATABASE_URL! };
	if (STORMS.includes('spread')) await spread(room);
	if (STORMS.includes('burst')) await burst(room);
	for (const s of [...sockets, facilitator]) s.close();
} finally {
	for (const node of nodes) await node.stop();
	await prepared.cleanup();
}
process.exit(0);

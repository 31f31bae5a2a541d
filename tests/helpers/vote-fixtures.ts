import pg from 'pg';
import type { Backend } from './backends.ts';
import { afterFile, serveNodes } from './server.ts';
import { setUpWorkshop, type Person } from './workshop.ts';

/**
 * Ideas, their notes, ballots and votes written straight into Postgres, the way the vote
 * snapshot and dot voting store them: for suites about what comes after the vote (commitments,
 * the summary) that should not depend on how the vote got there.
 */
export function voteFixtures(db: pg.Client) {
	return {
		async idea(sessionId: string, id: string, title: string, position: number, authors: Person[]) {
			await db.query(
				`insert into ideas (id, session_id, source_kind, source_id, title, position)
				 values ($1, $2, 'cluster', $1, $3, $4)`,
				[id, sessionId, title, position]
			);
			for (const [i, author] of authors.entries()) {
				await db.query(
					`insert into idea_notes (idea_id, note_id, text, author_id, team_id)
					 values ($1, $2, $3, $4, $5)`,
					[id, `${id}-${i}`, `${title}, note ${i + 1}`, author.user.id, author.user.teamId]
				);
			}
		},
		/** One voter's dots, with the ballot the cross-team pull reads the voter's team from. */
		async vote(sessionId: string, voter: Person, dots: Record<string, number>) {
			const spent = Object.values(dots).reduce((sum, n) => sum + n, 0);
			await db.query(
				`insert into ballots (session_id, voter_id, team_id, budget, spent) values ($1, $2, $3, 5, $4)`,
				[sessionId, voter.user.id, voter.user.teamId, spent]
			);
			for (const [ideaId, n] of Object.entries(dots)) {
				await db.query(
					`insert into votes (session_id, idea_id, voter_id, dots) values ($1, $2, $3, $4)`,
					[sessionId, ideaId, voter.user.id, n]
				);
			}
		},
		/** Time `person` was in the room of the session, as the presence tracker credits it. */
		async attended(sessionId: string, person: Person, presentMs: number) {
			await db.query(
				`insert into attendance (session_id, user_id, present_ms, first_seen_at, last_credited_at)
				 values ($1, $2, $3, now(), now())`,
				[sessionId, person.user.id, presentMs]
			);
		},
		/**
		 * Replaces the session's stage history with `runs`, each a stage and when it started: a run
		 * ends where the next one starts, and the last is still open.
		 */
		async stageRuns(sessionId: string, runs: [stage: string, startedAt: string][]) {
			await db.query('delete from stage_runs where session_id = $1', [sessionId]);
			for (const [i, [stage, startedAt]] of runs.entries()) {
				await db.query(
					`insert into stage_runs (session_id, seq, stage, started_at, ended_at)
					 values ($1, $2, $3, $4, $5)`,
					[sessionId, i + 1, stage, startedAt, runs[i + 1]?.[1] ?? null]
				);
			}
		}
	};
}

/**
 * Where the suites about what comes after the vote start: a server on a fresh store of `backend`
 * and a client on its database (both closed after the file), a workshop with Sam Sponsor in its
 * first team and Olu Owner in its second, a challenge Sam sponsors that invites both teams
 * (`challenge` adds to it or overrides), and a session of it moved on to Commit.
 */
export async function sessionAtCommit(backend: Backend, challenge: Record<string, unknown> = {}) {
	const { nodes, env } = await serveNodes(backend, 1);
	const server = nodes[0]!;
	const db = new pg.Client({ connectionString: env.DATABASE_URL });
	await db.connect();
	afterFile(() => db.end());
	const workshop = await setUpWorkshop(server.url);
	const sponsor = await workshop.person('Sam Sponsor', 0);
	const owner = await workshop.person('Olu Owner', 1);
	const { id: challengeId } = await workshop.createChallenge({
		sponsorId: sponsor.user.id,
		audience: 'invited',
		invitedTeamIds: workshop.teams.map((t) => t.id),
		...challenge
	});
	const session = await workshop.startSession(challengeId);
	await workshop.toStage(session.id, 'diverge', 'cluster', 'vote', 'commit');
	return {
		server,
		env,
		db,
		fixtures: voteFixtures(db),
		workshop,
		sponsor,
		owner,
		challengeId,
		session
	};
}

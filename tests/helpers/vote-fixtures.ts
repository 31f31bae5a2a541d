import type pg from 'pg';
import type { Person } from './workshop.ts';

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
		}
	};
}

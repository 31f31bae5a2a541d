import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { ballots, ideaNotes, ideas, votes } from '../db/schema/index.ts';
import { rankIdeas, tallyIdeas, type IdeaDots, type Ranked } from '../../shared/tally.ts';

export interface StoredIdea {
	id: string;
	title: string;
	position: number;
	noteIds: string[];
	/** Distinct authors and their teams, as the server recorded them when the notes were written. */
	authorIds: string[];
	authorTeamIds: string[];
}

/** A session's ideas as snapshotted when the vote opened, in board order. */
export async function loadIdeas(db: Db, sessionId: string): Promise<StoredIdea[]> {
	const rows = await db
		.select({
			id: ideas.id,
			title: ideas.title,
			position: ideas.position,
			noteId: ideaNotes.noteId,
			authorId: ideaNotes.authorId,
			teamId: ideaNotes.teamId
		})
		.from(ideas)
		.leftJoin(ideaNotes, eq(ideaNotes.ideaId, ideas.id))
		.where(eq(ideas.sessionId, sessionId))
		.orderBy(asc(ideas.position), asc(ideaNotes.noteId));
	const byId = new Map<string, StoredIdea>();
	for (const row of rows) {
		let idea = byId.get(row.id);
		if (!idea) {
			idea = { ...pick(row), noteIds: [], authorIds: [], authorTeamIds: [] };
			byId.set(row.id, idea);
		}
		if (row.noteId) idea.noteIds.push(row.noteId);
		addOnce(idea.authorIds, row.authorId);
		addOnce(idea.authorTeamIds, row.teamId);
	}
	return [...byId.values()];
}

export type IdeaResult = StoredIdea & IdeaDots & Ranked;

/**
 * The ideas ranked by dots with their cross-team pull. Only for a revealed vote or a summary:
 * callers decide who may see tallies, this function does not.
 */
export async function loadResults(db: Db, sessionId: string): Promise<IdeaResult[]> {
	const [stored, lines] = await Promise.all([
		loadIdeas(db, sessionId),
		db
			.select({ ideaId: votes.ideaId, voterTeamId: ballots.teamId, dots: votes.dots })
			.from(votes)
			.innerJoin(
				ballots,
				and(eq(ballots.sessionId, votes.sessionId), eq(ballots.voterId, votes.voterId))
			)
			.where(eq(votes.sessionId, sessionId))
	]);
	const tally = tallyIdeas(new Map(stored.map((i) => [i.id, i.authorTeamIds])), lines);
	return rankIdeas(
		stored.map((idea) => ({ ...idea, ...(tally.get(idea.id) ?? { dots: 0, crossTeamShare: 0 }) }))
	);
}

function pick(row: { id: string; title: string; position: number }) {
	return { id: row.id, title: row.title, position: row.position };
}

function addOnce(list: string[], value: string | null): void {
	if (value !== null && !list.includes(value)) list.push(value);
}

import { eq } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import { ideaNotes, ideas } from '../db/schema/index.ts';
import { boardAsSeenBy, type BoardView } from '../board/service.ts';
import { loadSession, lockSession } from '../sessions/queries.ts';
import type { DbOrTx } from '../challenges/queries.ts';
import { newId } from '../ids.ts';
import { rooms } from '../../shared/realtime.ts';

/** A title longer than this is cut: a long note stays readable in full among the idea's notes. */
export const IDEA_TITLE_MAX = 140;

export interface SnapshotIdea {
	sourceKind: 'cluster' | 'note';
	sourceId: string;
	title: string;
	notes: { noteId: string; text: string; authorId: string | null; teamId: string | null }[];
}

/**
 * The ideas a board holds, in board order (oldest note first): each cluster with notes becomes
 * one idea titled by the cluster (or its first note when untitled), each note in no cluster its
 * own idea. Empty notes are nobody's idea, and a cluster left with none is not an idea.
 */
export function ideasFromBoard(board: Pick<BoardView, 'notes' | 'clusters'>): SnapshotIdea[] {
	const titles = new Map(board.clusters.map((c) => [c.id, c.title.trim()]));
	const result: SnapshotIdea[] = [];
	const byCluster = new Map<string, SnapshotIdea>();
	for (const note of board.notes) {
		const text = note.text.trim();
		if (!text) continue;
		const entry = { noteId: note.id, text, authorId: note.authorId, teamId: note.teamId };
		const clusterId = note.clusterId !== null && titles.has(note.clusterId) ? note.clusterId : null;
		if (clusterId === null) {
			result.push({ sourceKind: 'note', sourceId: note.id, title: cut(text), notes: [entry] });
			continue;
		}
		let idea = byCluster.get(clusterId);
		if (!idea) {
			idea = {
				sourceKind: 'cluster',
				sourceId: clusterId,
				title: cut(titles.get(clusterId) || text),
				notes: []
			};
			byCluster.set(clusterId, idea);
			result.push(idea);
		}
		idea.notes.push(entry);
	}
	return result;
}

function cut(text: string): string {
	const line = text.replace(/\s+/g, ' ');
	return line.length <= IDEA_TITLE_MAX ? line : `${line.slice(0, IDEA_TITLE_MAX - 1)}…`;
}

/**
 * Takes the session's ideas from its board once: the first time the vote opens. A reopened vote
 * keeps them (and the dots on them). The session row lock makes concurrent callers (a stage
 * change and a reader racing it, or two nodes) take it once. The board is read-only from `vote`
 * on; edits another node accepted just before and has not stored yet (≤ one flush, 2 s) are
 * missed — see docs/decisions.md, "Vote".
 */
export async function snapshotIdeas(ctx: AppContext, sessionId: string): Promise<boolean> {
	const session = await loadSession(ctx.db, sessionId);
	if (!session || (await hasIdeas(ctx.db, sessionId))) return false;
	// Read before the transaction: PGlite runs one query at a time, so no other read inside it.
	const board = await boardAsSeenBy(ctx, session.boardId, '', false);
	const found = ideasFromBoard(board).map((idea, position) => ({ ...idea, id: newId(), position }));
	if (!found.length) return false;
	const created = await ctx.db.transaction(async (tx) => {
		await lockSession(tx, sessionId);
		if (await hasIdeas(tx, sessionId)) return false;
		await tx.insert(ideas).values(
			found.map(({ id, sourceKind, sourceId, title, position }) => ({
				id,
				sessionId,
				sourceKind,
				sourceId,
				title,
				position
			}))
		);
		await tx
			.insert(ideaNotes)
			.values(found.flatMap((idea) => idea.notes.map((n) => ({ ideaId: idea.id, ...n }))));
		return true;
	});
	if (created) ctx.sockets.emit(rooms.session(sessionId), 'votes:opened', { sessionId });
	return created;
}

async function hasIdeas(db: DbOrTx, sessionId: string): Promise<boolean> {
	const [row] = await db
		.select({ id: ideas.id })
		.from(ideas)
		.where(eq(ideas.sessionId, sessionId))
		.limit(1);
	return row !== undefined;
}

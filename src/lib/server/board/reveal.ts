import * as Y from 'yjs';
import { and, eq, isNull } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import { liveSessions, type LiveSessionRow } from '../db/schema/index.ts';
import { loadChallenge } from '../challenges/queries.ts';
import { authorizeManage } from '../sessions/access.ts';
import { sessionState } from '../sessions/lifecycle.ts';
import { bumpVersion, lockSession } from '../sessions/queries.ts';
import { DomainError, found } from '../../shared/errors.ts';
import type { PublicUser } from '../../shared/auth.ts';
import type { Stage } from '../../shared/stages.ts';
import { rooms } from '../../shared/realtime.ts';
import { revealRefusal } from '../../shared/private-writing.ts';
import { publishBoardReveal } from './settings.ts';
import { loadBoard, loadPrivateDocs, storeRevealed, type NoteAuthor } from './store.ts';

/**
 * The facilitator reveals the private notes (socket `board:reveal` and `POST …/reveal`): from
 * then on the board has no private writing in this session. Idempotent: a second reveal moves
 * whatever arrived since (usually nothing) and answers how many notes that was.
 */
export async function revealPrivateNotes(
	ctx: AppContext,
	actor: PublicUser | null,
	sessionId: string
): Promise<{ revealed: number }> {
	// authorize
	await authorizeManage(ctx, actor, sessionId);
	// validate + apply: the row lock orders the reveal against a concurrent stage change
	const row = await ctx.db.transaction(async (tx) => {
		const current = found(await lockSession(tx, sessionId), 'session');
		const refusal = revealRefusal(current.stage);
		if (refusal) throw new DomainError('conflict', refusal);
		if (current.privateRevealedAt) return current;
		const [updated] = await tx
			.update(liveSessions)
			.set({ privateRevealedAt: new Date(), version: bumpVersion })
			.where(eq(liveSessions.id, sessionId))
			.returning();
		return updated!;
	});
	const revealed = await movePrivateNotes(ctx, row.boardId);
	// publish
	ctx.sockets.publishState(sessionState(row));
	ctx.sockets.emit(rooms.session(sessionId), 'board:revealed', { sessionId, revealed });
	return { revealed };
}

/** Leaving `diverge` reveals whatever is still hidden (stage change and auto-advance alike). */
export async function revealOnLeavingDiverge(
	ctx: AppContext,
	from: Stage,
	after: LiveSessionRow
): Promise<void> {
	if (from !== 'diverge' || after.stage === 'diverge') return;
	const challenge = await loadChallenge(ctx.db, after.challengeId);
	if (!challenge?.privateWriting) return;
	await ctx.db
		.update(liveSessions)
		.set({ privateRevealedAt: new Date() })
		.where(and(eq(liveSessions.id, after.id), isNull(liveSessions.privateRevealedAt)));
	const revealed = await movePrivateNotes(ctx, after.boardId);
	if (revealed)
		ctx.sockets.emit(rooms.session(after.id), 'board:revealed', { sessionId: after.id, revealed });
}

/**
 * Moves every private document of a board into the shared one, and answers how many notes
 * became visible. Private documents open on some node are passed on by that node (it hears the
 * reveal on the bus); stored ones are merged here into the shared rows and removed in one
 * transaction, then fanned out to every node holding the board. Everything is a Yjs merge, so a
 * note reached by both paths is one note, with its latest text.
 */
async function movePrivateNotes(ctx: AppContext, boardId: string): Promise<number> {
	const [stored, shared] = await Promise.all([
		loadPrivateDocs(ctx.db, boardId),
		loadBoard(ctx.db, boardId)
	]);
	// Read before the reveal is announced: this node's hosts pass their notes on when they hear it.
	const live = ctx.boards.livePrivate(boardId);
	const liveShared = ctx.boards.live(boardId);
	await publishBoardReveal(ctx, boardId);
	const updates = [...stored.docs.values(), ...live.map((doc) => doc.state)];
	if (!updates.length) return 0;
	const update = Y.mergeUpdates(updates);
	const authors = new Map(shared.authors);
	for (const doc of live) for (const [id, author] of doc.authors) authors.set(id, author);
	const { added, moved } = newNotes(update, [shared.state, liveShared?.state ?? null], authors);
	await storeRevealed(ctx.db, boardId, update, stored.lastSeq);
	ctx.boards.reveal(boardId, update, moved, { stored: true });
	return added;
}

/** How many of the private notes the shared document lacks, and the authorship to send along. */
function newNotes(
	update: Uint8Array,
	sharedStates: (Uint8Array | null)[],
	authors: ReadonlyMap<string, NoteAuthor>
): { added: number; moved: [string, NoteAuthor][] } {
	const privateDoc = new Y.Doc();
	const sharedDoc = new Y.Doc();
	try {
		Y.applyUpdate(privateDoc, update);
		for (const state of sharedStates) if (state) Y.applyUpdate(sharedDoc, state);
		const sharedNotes = sharedDoc.getMap('notes');
		const ids = [...privateDoc.getMap('notes').keys()];
		return {
			added: ids.filter((id) => !sharedNotes.has(id)).length,
			moved: ids.flatMap((id) => {
				const author = authors.get(id);
				return author ? [[id, author] as [string, NoteAuthor]] : [];
			})
		};
	} finally {
		privateDoc.destroy();
		sharedDoc.destroy();
	}
}

import * as Y from 'yjs';
import type { AppContext } from '../context.ts';
import type { PublicUser } from '../../shared/auth.ts';
import { authorizeSession } from '../sessions/access.ts';
import { loadBoard, type NoteAuthor } from './store.ts';

export interface BoardNote {
	id: string;
	text: string;
	authorId: string | null;
	teamId: string | null;
	clusterId: string | null;
	createdAt: number | null;
}

export interface BoardView {
	notes: BoardNote[];
	clusters: { id: string; title: string }[];
	hiddenCount: number;
}

/**
 * The board as clusters and notes, with exactly what the caller may see. Authorship comes from
 * the server's record, not the document; on an anonymous challenge only the author sees theirs.
 */
export async function readBoard(
	ctx: AppContext,
	actor: PublicUser | null,
	sessionId: string
): Promise<BoardView> {
	const { user, row, challenge } = await authorizeSession(ctx, actor, sessionId);
	return boardAsSeenBy(ctx, row.boardId, user.id, challenge.anonymousNotes);
}

/** The stored board plus what this node holds unstored; `anonymous: false` gives true authorship. */
export async function boardAsSeenBy(
	ctx: AppContext,
	boardId: string,
	viewerId: string,
	anonymous: boolean
): Promise<BoardView> {
	const stored = await loadBoard(ctx.db, boardId);
	const doc = new Y.Doc();
	try {
		if (stored.state) Y.applyUpdate(doc, stored.state);
		// This node may hold changes not written yet; another node's are at most a flush behind.
		const live = ctx.boards.live(boardId);
		if (live) Y.applyUpdate(doc, live.state);
		const authors = live ? new Map([...stored.authors, ...live.authors]) : stored.authors;
		return projectBoard(doc, authors, viewerId, anonymous);
	} finally {
		doc.destroy();
	}
}

export function projectBoard(
	doc: Y.Doc,
	authors: ReadonlyMap<string, NoteAuthor>,
	viewerId: string,
	anonymous: boolean
): BoardView {
	const notes: BoardNote[] = [];
	for (const [id, value] of doc.getMap('notes')) {
		if (!(value instanceof Y.Map)) continue;
		const author = authors.get(id);
		const shown = author && (!anonymous || author.userId === viewerId);
		const clusterId = value.get('clusterId');
		const text = value.get('text');
		notes.push({
			id,
			text: text instanceof Y.Text ? text.toString() : '',
			authorId: shown ? author.userId : null,
			teamId: shown ? author.teamId : null,
			clusterId: typeof clusterId === 'string' ? clusterId : null,
			createdAt: author?.createdAt ?? null
		});
	}
	const clusters: BoardView['clusters'] = [];
	for (const [id, value] of doc.getMap('clusters')) {
		if (!(value instanceof Y.Map)) continue;
		const title = value.get('title');
		clusters.push({ id, title: title instanceof Y.Text ? title.toString() : '' });
	}
	notes.sort((a, b) => (a.createdAt ?? 0) - (b.createdAt ?? 0) || a.id.localeCompare(b.id));
	return { notes, clusters, hiddenCount: 0 };
}

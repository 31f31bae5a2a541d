import * as Y from 'yjs';
import type { AppContext } from '../context.ts';
import type { PublicUser } from '../../shared/auth.ts';
import { authorizeSession } from '../sessions/access.ts';
import { toLiveSession } from '../sessions/queries.ts';
import { isPrivateWritingActive } from '../../shared/private-writing.ts';
import { loadBoard, loadPrivateDocs, type NoteAuthor } from './store.ts';

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
	const hiding = isPrivateWritingActive(challenge, toLiveSession(row));
	return boardAsSeenBy(ctx, row.boardId, user.id, challenge.anonymousNotes, hiding);
}

/**
 * The stored board plus what this node holds unstored, as `viewerId` sees it. With `hiding`
 * (private writing), their own private notes are included and everyone else's only counted;
 * `anonymous: false` gives true authorship.
 */
export async function boardAsSeenBy(
	ctx: AppContext,
	boardId: string,
	viewerId: string,
	anonymous: boolean,
	hiding = false
): Promise<BoardView> {
	const [stored, hidden] = await Promise.all([
		loadBoard(ctx.db, boardId),
		hiding ? privateDocs(ctx, boardId) : new Map<string, Uint8Array[]>()
	]);
	const doc = new Y.Doc();
	try {
		if (stored.state) Y.applyUpdate(doc, stored.state);
		// This node may hold changes not written yet; another node's are at most a flush behind.
		const live = ctx.boards.live(boardId);
		if (live) Y.applyUpdate(doc, live.state);
		const authors = new Map([...stored.authors, ...(live?.authors ?? [])]);
		// The viewer's own private notes are theirs to read; everyone else's are only counted.
		for (const update of hidden.get(viewerId) ?? []) Y.applyUpdate(doc, update);
		for (const held of ctx.boards.livePrivate(boardId))
			for (const [id, author] of held.authors) authors.set(id, author);
		const view = projectBoard(doc, authors, viewerId, anonymous);
		hidden.delete(viewerId);
		return { ...view, hiddenCount: countHidden(doc, [...hidden.values()].flat()) };
	} finally {
		doc.destroy();
	}
}

/** Private documents of a board by owner: stored rows and what this node holds unsaved. */
async function privateDocs(ctx: AppContext, boardId: string): Promise<Map<string, Uint8Array[]>> {
	const { docs } = await loadPrivateDocs(ctx.db, boardId);
	const byOwner = new Map([...docs].map(([owner, state]) => [owner, [state]]));
	for (const { owner, state } of ctx.boards.livePrivate(boardId))
		byOwner.set(owner, [...(byOwner.get(owner) ?? []), state]);
	return byOwner;
}

/** Notes of other people's private documents that the shared one does not hold. */
function countHidden(shared: Y.Doc, updates: Uint8Array[]): number {
	if (!updates.length) return 0;
	const hidden = new Y.Doc();
	try {
		Y.applyUpdate(hidden, Y.mergeUpdates(updates));
		const visible = shared.getMap('notes');
		return [...hidden.getMap('notes').keys()].filter((id) => !visible.has(id)).length;
	} finally {
		hidden.destroy();
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

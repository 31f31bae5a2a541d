import { and, eq, ne } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import { liveSessions, type LiveSessionRow } from '../db/schema/index.ts';
import { loadChallenge } from '../challenges/queries.ts';
import { normalizeJoinCode, isJoinCode } from '../../shared/challenges.ts';

/** The live session a signed-out visitor is about to open, as much as they may know of it. */
export interface Destination {
	/** Null for a challenge that invites only some people: its title is theirs to know. */
	title: string | null;
	question: string | null;
	ended: boolean;
}

/**
 * Reads the session a post-login path (`/s/<id>` or `/join?code=…`) leads to. A challenge open
 * to everyone is the whole organisation's white space, which anyone may sign up to see, so its
 * title and question are shown; an invited-only one is named only as such.
 */
export async function describeDestination(
	ctx: AppContext,
	path: string | null
): Promise<Destination | null> {
	if (!path) return null;
	const url = new URL(path, 'http://whitespace.invalid');
	const row = await findSession(ctx, url);
	if (!row) return null;
	const challenge = await loadChallenge(ctx.db, row.challengeId);
	if (!challenge) return null;
	const open = challenge.audience === 'everyone' && challenge.status !== 'draft';
	return {
		title: open ? challenge.title : null,
		question: open ? challenge.question : null,
		ended: row.stage === 'closed'
	};
}

async function findSession(ctx: AppContext, url: URL): Promise<LiveSessionRow | null> {
	const room = /^\/s\/([A-Za-z0-9_-]{1,64})$/.exec(url.pathname);
	if (room) {
		const [row] = await ctx.db.select().from(liveSessions).where(eq(liveSessions.id, room[1]!));
		return row ?? null;
	}
	if (url.pathname !== '/join') return null;
	const code = normalizeJoinCode(url.searchParams.get('code')?.slice(0, 32) ?? '');
	if (!isJoinCode(code)) return null;
	const [row] = await ctx.db
		.select()
		.from(liveSessions)
		.where(and(eq(liveSessions.joinCode, code), ne(liveSessions.stage, 'closed')));
	return row ?? null;
}

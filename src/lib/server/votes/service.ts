import { and, eq, inArray } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import type { DbOrTx } from '../challenges/queries.ts';
import { ballots, ideaNotes, liveSessions, votes } from '../db/schema/index.ts';
import { loadChallenge } from '../challenges/queries.ts';
import { authorizeManage, authorizeSession } from '../sessions/access.ts';
import { loadSession, lockSession } from '../sessions/queries.ts';
import { DomainError, found } from '../../shared/errors.ts';
import type { PublicUser } from '../../shared/auth.ts';
import { rooms } from '../../shared/realtime.ts';
import type { Stage } from '../../shared/stages.ts';
import { parseInput } from '../../shared/validate.ts';
import type { CastResult, IdeaView, VoteIdeas, YourBallot } from '../../shared/votes.ts';
import { castInput, dropReceipts } from './cast.ts';
import { progressOf } from './desk.ts';
import { loadIdeas, loadResults, type IdeaResult, type StoredIdea } from './results.ts';
import { snapshotIdeas } from './snapshot.ts';

/** Someone admitted to the session, as a vote sees them. */
export interface Voter {
	user: PublicUser;
	sessionId: string;
}

/**
 * Over HTTP every request is admitted afresh by `authorizeSession`. A socket is admitted when it
 * joins the session (the same rule) and removed when it loses access, so its casts need no
 * second read per dot: the socket handler passes the voter of its joined session.
 */
export async function authorizeVoter(
	ctx: AppContext,
	actor: PublicUser | null,
	sessionId: string
): Promise<Voter> {
	const { user } = await authorizeSession(ctx, actor, sessionId);
	return { user, sessionId };
}

/** The ideas, your own dots and the progress; tallies only once the votes are revealed. */
export async function readIdeas(ctx: AppContext, voter: Voter): Promise<VoteIdeas> {
	const { sessionId, user } = voter;
	const session = found(await loadSession(ctx.db, sessionId), 'session');
	// The stage hook takes the snapshot; a reader racing it takes the same one (idempotent).
	if (session.stage === 'vote') await snapshotIdeas(ctx, sessionId);
	const revealed = session.votesRevealedAt !== null;
	const [challenge, listed, mine, progress] = await Promise.all([
		loadChallenge(ctx.db, session.challengeId),
		revealed ? loadResults(ctx.db, sessionId) : loadIdeas(ctx.db, sessionId),
		yourBallot(ctx, sessionId, user.id),
		progressOf(ctx.db, sessionId)
	]);
	const texts = await noteTexts(ctx, listed);
	const budget = mine.budget ?? challenge!.voteBudget;
	const you: YourBallot = {
		budget,
		cap: challenge!.voteCap,
		remaining: budget - mine.spent,
		dots: mine.dots
	};
	return { ideas: listed.map((idea) => toView(idea, texts)), revealed, you, progress };
}

export async function castVote(ctx: AppContext, voter: Voter, body: unknown): Promise<CastResult> {
	const { ideaId, delta, voteId } = parseInput(castInput, body);
	const outcome = await ctx.votes.cast(voter.sessionId, {
		voterId: voter.user.id,
		teamId: voter.user.teamId,
		ideaId,
		delta,
		voteId
	});
	if (!outcome.ok) throw new DomainError(outcome.code, outcome.message);
	ctx.votes.progressChanged(voter.sessionId);
	return { remaining: outcome.remaining, onIdea: outcome.onIdea };
}

/** The facilitator ends the secrecy: votes freeze and everyone receives the ranking. */
export async function revealVotes(
	ctx: AppContext,
	actor: PublicUser | null,
	sessionId: string
): Promise<VoteIdeas> {
	const { user } = await authorizeManage(ctx, actor, sessionId);
	await freezeVotes(ctx, sessionId, true);
	return readIdeas(ctx, { user, sessionId });
}

/**
 * Called in the transaction of every stage change, before it commits: ending the session closes
 * its vote for good, so the vote's receipts go with the same commit. Leaving `vote` for `cluster`
 * keeps them, because the vote may reopen before the reveal.
 */
export async function voteStageWrites(tx: DbOrTx, sessionId: string, to: Stage): Promise<void> {
	if (to === 'closed') await dropReceipts(tx, sessionId);
}

/**
 * Called after every stage change: opening `vote` takes the snapshot; moving on to `commit`
 * closes the vote, which reveals it (the commit stage works from the ranking).
 */
export async function voteStageChanged(
	ctx: AppContext,
	sessionId: string,
	to: Stage
): Promise<void> {
	if (to === 'vote') await snapshotIdeas(ctx, sessionId);
	// `commit` is reached from `vote` only (forward) or from `closed`, which cannot be left.
	else if (to === 'commit') await freezeVotes(ctx, sessionId, false);
}

/**
 * Sets `votes_revealed_at` under the session row lock: casts hold that row `FOR SHARE`, so the
 * reveal waits for casts in flight, and every cast after it finds the vote closed. That closes
 * the vote for good, so its receipts are dropped in the same transaction.
 */
async function freezeVotes(ctx: AppContext, sessionId: string, inVoteOnly: boolean): Promise<void> {
	const frozen = await ctx.db.transaction(async (tx) => {
		const row = found(await lockSession(tx, sessionId), 'session');
		if (row.votesRevealedAt !== null) return false;
		if (inVoteOnly && row.stage !== 'vote')
			throw new DomainError('vote_closed', 'Votes can be revealed only during the vote.');
		await tx
			.update(liveSessions)
			.set({ votesRevealedAt: new Date() })
			.where(eq(liveSessions.id, sessionId));
		await dropReceipts(tx, sessionId);
		return true;
	});
	if (!frozen) return;
	const results = await loadResults(ctx.db, sessionId);
	const texts = await noteTexts(ctx, results);
	ctx.sockets.emit(rooms.session(sessionId), 'votes:revealed', {
		sessionId,
		ideas: results.map((idea) => toView(idea, texts))
	});
}

async function yourBallot(ctx: AppContext, sessionId: string, voterId: string) {
	const [[ballot], rows] = await Promise.all([
		ctx.db
			.select({ budget: ballots.budget, spent: ballots.spent })
			.from(ballots)
			.where(and(eq(ballots.sessionId, sessionId), eq(ballots.voterId, voterId))),
		ctx.db
			.select({ ideaId: votes.ideaId, dots: votes.dots })
			.from(votes)
			.where(and(eq(votes.sessionId, sessionId), eq(votes.voterId, voterId)))
	]);
	const dots: Record<string, number> = {};
	for (const row of rows) if (row.dots > 0) dots[row.ideaId] = row.dots;
	return { budget: ballot?.budget ?? null, spent: ballot?.spent ?? 0, dots };
}

async function noteTexts(ctx: AppContext, listed: StoredIdea[]): Promise<Map<string, string>> {
	if (!listed.length) return new Map();
	const rows = await ctx.db
		.select({ noteId: ideaNotes.noteId, text: ideaNotes.text })
		.from(ideaNotes)
		.where(
			inArray(
				ideaNotes.ideaId,
				listed.map((i) => i.id)
			)
		);
	return new Map(rows.map((r) => [r.noteId, r.text]));
}

function toView(idea: StoredIdea | IdeaResult, texts: ReadonlyMap<string, string>): IdeaView {
	const tally = 'rank' in idea ? idea : null;
	return {
		id: idea.id,
		title: idea.title,
		noteIds: idea.noteIds,
		notes: idea.noteIds.map((id) => ({ id, text: texts.get(id) ?? '' })),
		authorTeamIds: idea.authorTeamIds,
		dots: tally?.dots ?? null,
		crossTeamShare: tally?.crossTeamShare ?? null,
		rank: tally?.rank ?? null,
		tied: tally?.tied ?? null
	};
}

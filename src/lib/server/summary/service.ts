import type { AppContext } from '../context.ts';
import { teams } from '../db/schema/index.ts';
import type { PublicUser } from '../../shared/auth.ts';
import type { NamedCommitment } from '../../shared/commitments.ts';
import type { Stage } from '../../shared/stages.ts';
import { authorizeSession } from '../sessions/access.ts';
import { sessionRecord } from '../sessions/record.ts';
import { readBoard } from '../board/service.ts';
import { loadIdeas, loadResults, type IdeaResult, type StoredIdea } from '../votes/results.ts';
import { bySession, loadCommitments, toCommitment } from '../commitments/queries.ts';
import { nameCommitments } from '../commitments/reads.ts';

export interface SummaryIdea {
	id: string;
	title: string;
	noteIds: string[];
	authorTeamIds: string[];
	/** `null` until the votes are revealed or the session has ended. */
	dots: number | null;
	crossTeamShare: number | null;
	rank: number | null;
	tied: boolean;
}

export interface SessionSummary {
	session: {
		id: string;
		challengeId: string;
		stage: Stage;
		startedAt: number;
		endedAt: number | null;
		/** Tallies are shown: the votes were revealed, or the session is over. */
		resultsVisible: boolean;
	};
	challenge: {
		id: string;
		title: string;
		question: string;
		quarter: string;
		sponsorId: string | null;
	};
	counts: {
		participants: number;
		notes: number;
		ideas: number;
		dots: number | null;
		commitments: number;
	};
	/** Who took part, longest present first. */
	people: { userId: string; name: string; teamName: string | null; presentMs: number }[];
	/** The same by team (`teamName` null: people in no team). */
	teams: { teamName: string | null; people: number; presentMs: number }[];
	ideas: SummaryIdea[];
	commitments: NamedCommitment[];
}

/** What a session produced, for whoever may see the session (at any stage). */
export async function sessionSummary(
	ctx: AppContext,
	actor: PublicUser | null,
	sessionId: string
): Promise<SessionSummary> {
	const { user, row, challenge } = await authorizeSession(ctx, actor, sessionId);
	const resultsVisible = row.stage === 'closed' || row.votesRevealedAt !== null;
	const [record, board, ideas, stored, teamRows] = await Promise.all([
		sessionRecord(ctx, row),
		readBoard(ctx, user, sessionId),
		resultsVisible ? loadResults(ctx.db, sessionId) : loadIdeas(ctx.db, sessionId),
		loadCommitments(ctx.db, bySession(sessionId)),
		ctx.db.select({ id: teams.id, name: teams.name }).from(teams)
	]);
	const teamName = new Map(teamRows.map((t) => [t.id, t.name]));
	const people = record.people.map((p) => ({
		userId: p.userId,
		name: p.name,
		teamName: p.teamId ? (teamName.get(p.teamId) ?? null) : null,
		presentMs: p.presentMs
	}));
	const now = Date.now();
	const commitments = stored.map((s) => toCommitment(s, user.id, challenge.anonymousNotes, now));
	const named = await nameCommitments(ctx, commitments);
	const summaryIdeas: SummaryIdea[] = ideas.map((idea: StoredIdea & Partial<IdeaResult>) => ({
		id: idea.id,
		title: idea.title,
		noteIds: idea.noteIds,
		authorTeamIds: idea.authorTeamIds,
		dots: idea.dots ?? null,
		crossTeamShare: idea.crossTeamShare ?? null,
		rank: idea.rank ?? null,
		tied: idea.tied ?? false
	}));
	return {
		session: {
			id: row.id,
			challengeId: row.challengeId,
			stage: row.stage,
			startedAt: record.startedAt,
			endedAt: record.endedAt,
			resultsVisible
		},
		challenge: {
			id: challenge.id,
			title: challenge.title,
			question: challenge.question,
			quarter: challenge.quarter,
			sponsorId: challenge.sponsorId
		},
		counts: {
			participants: people.length,
			notes: board.notes.length + board.hiddenCount,
			ideas: ideas.length,
			dots: resultsVisible ? summaryIdeas.reduce((sum, i) => sum + (i.dots ?? 0), 0) : null,
			commitments: commitments.length
		},
		people,
		teams: byTeam(people),
		ideas: summaryIdeas,
		commitments: named
	};
}

function byTeam(people: SessionSummary['people']): SessionSummary['teams'] {
	const groups = new Map<string | null, { people: number; presentMs: number }>();
	for (const p of people) {
		const group = groups.get(p.teamName) ?? { people: 0, presentMs: 0 };
		group.people += 1;
		group.presentMs += p.presentMs;
		groups.set(p.teamName, group);
	}
	return [...groups]
		.map(([teamName, g]) => ({ teamName, ...g }))
		.sort((a, b) => b.presentMs - a.presentMs);
}

import { asc, desc, eq, inArray } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import {
	commitments,
	ideaNotes,
	ideas,
	kudos,
	liveSessions,
	teams,
	users
} from '../db/schema/index.ts';
import { requireUser } from '../auth/access.ts';
import { columnsExcept, pickColumns } from '../db/columns.ts';
import { canView, type ChallengeWithOwner } from '../challenges/access.ts';
import { loadAllChallenges } from '../challenges/queries.ts';
import { DomainError } from '../../shared/errors.ts';
import type { PublicUser } from '../../shared/auth.ts';
import type { CommitmentStatus } from '../../shared/commitments.ts';
import {
	contributionCounts,
	isCrossTeamBuild,
	type ContributionCounts,
	type IdeaFacts
} from '../../shared/contributions.ts';

export interface ContributionRecord {
	person: { id: string; name: string; teamName: string | null };
	counts: ContributionCounts;
	ideas: {
		id: string;
		title: string;
		challengeId: string;
		challengeTitle: string;
		quarter: string;
		commitment: { id: string; title: string; status: CommitmentStatus } | null;
		crossTeamNotes: number;
	}[];
	commitments: {
		id: string;
		title: string;
		status: CommitmentStatus;
		dueDate: string;
		challengeTitle: string;
		quarter: string;
	}[];
	kudos: {
		id: string;
		fromUserId: string;
		fromName: string;
		text: string;
		commitmentId: string | null;
		ideaId: string | null;
		createdAt: number;
	}[];
}

/**
 * A person's record, for any signed-in colleague: recognition is meant to be seen. What each
 * viewer sees is bounded by the challenges they may see, and ideas of anonymous challenges appear
 * only on the author's own view, so the record never undoes a board's anonymity.
 */
export async function contributionRecord(
	ctx: AppContext,
	actor: PublicUser | null,
	personId: string
): Promise<ContributionRecord> {
	const viewer = requireUser(actor);
	const [person] = await ctx.db
		.select({ id: users.id, name: users.name, teamName: teams.name })
		.from(users)
		.leftJoin(teams, eq(teams.id, users.teamId))
		.where(eq(users.id, personId));
	if (!person) throw new DomainError('not_found', 'That person does not exist.');
	const self = viewer.id === personId;
	const shown = (c: ChallengeWithOwner | undefined): c is ChallengeWithOwner =>
		c !== undefined && (self || (canView(viewer, c) && !c.anonymousNotes));

	const [allChallenges, notes, owned, received] = await Promise.all([
		loadAllChallenges(ctx.db),
		ctx.db
			.select({
				...pickColumns(ideaNotes, 'ideaId', 'teamId'),
				title: ideas.title,
				challengeId: liveSessions.challengeId
			})
			.from(ideaNotes)
			.innerJoin(ideas, eq(ideas.id, ideaNotes.ideaId))
			.innerJoin(liveSessions, eq(liveSessions.id, ideas.sessionId))
			.where(eq(ideaNotes.authorId, personId))
			.orderBy(asc(ideas.createdAt), asc(ideaNotes.noteId)),
		ctx.db
			.select()
			.from(commitments)
			.where(eq(commitments.ownerId, personId))
			.orderBy(asc(commitments.dueDate), asc(commitments.createdAt)),
		ctx.db
			.select({ ...columnsExcept(kudos, 'toUserId'), fromName: users.name })
			.from(kudos)
			.innerJoin(users, eq(users.id, kudos.fromUserId))
			.where(eq(kudos.toUserId, personId))
			.orderBy(desc(kudos.createdAt))
	]);
	const byChallenge = new Map(allChallenges.map((c) => [c.id, c]));
	const myNotes = notes.filter((n) => shown(byChallenge.get(n.challengeId)));
	const ideaIds = [...new Set(myNotes.map((n) => n.ideaId))];
	const facts = await ideaFacts(ctx, ideaIds);
	const myCommitments = owned.filter((c) => shown(byChallenge.get(c.challengeId)));

	const ideaRows = ideaIds.map((id) => {
		const first = myNotes.find((n) => n.ideaId === id)!;
		const challenge = byChallenge.get(first.challengeId)!;
		const fact = facts.get(id)!;
		return {
			id,
			title: first.title,
			challengeId: challenge.id,
			challengeTitle: challenge.title,
			quarter: challenge.quarter,
			commitment: fact.commitment,
			crossTeamNotes: myNotes.filter((n) => n.ideaId === id && isCrossTeamBuild(n, fact)).length
		};
	});
	return {
		person,
		counts: contributionCounts({
			notes: myNotes,
			ideas: facts,
			ownedStatuses: myCommitments.map((c) => c.status),
			kudosReceived: received.length
		}),
		ideas: ideaRows,
		commitments: myCommitments.map((c) => {
			const challenge = byChallenge.get(c.challengeId)!;
			return {
				id: c.id,
				title: c.title,
				status: c.status,
				dueDate: c.dueDate,
				challengeTitle: challenge.title,
				quarter: challenge.quarter
			};
		}),
		kudos: received.map((k) => ({ ...k, createdAt: k.createdAt.getTime() }))
	};
}

type Facts = IdeaFacts & {
	commitment: { id: string; title: string; status: CommitmentStatus } | null;
};

/** Every note's team in each idea, and the commitment it became (a delivered one counts first). */
async function ideaFacts(ctx: AppContext, ideaIds: string[]): Promise<Map<string, Facts>> {
	if (ideaIds.length === 0) return new Map();
	const [teamRows, commitmentRows] = await Promise.all([
		ctx.db
			.select(pickColumns(ideaNotes, 'ideaId', 'teamId'))
			.from(ideaNotes)
			.where(inArray(ideaNotes.ideaId, ideaIds)),
		ctx.db
			.select(pickColumns(commitments, 'id', 'ideaId', 'title', 'status'))
			.from(commitments)
			.where(inArray(commitments.ideaId, ideaIds))
			.orderBy(asc(commitments.createdAt))
	]);
	const teamsOf = groupBy(teamRows, (t) => t.ideaId);
	const madeOf = groupBy(commitmentRows, (c) => c.ideaId);
	return new Map(
		ideaIds.map((id) => {
			const made = madeOf.get(id) ?? [];
			const chosen = made.find((c) => c.status === 'delivered') ?? made[0] ?? null;
			const commitment = chosen && { id: chosen.id, title: chosen.title, status: chosen.status };
			return [
				id,
				{
					id,
					noteTeamIds: (teamsOf.get(id) ?? []).map((t) => t.teamId),
					commitmentStatus: chosen?.status ?? null,
					commitment
				}
			];
		})
	);
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
	const groups = new Map<string, T[]>();
	for (const row of rows) {
		const k = key(row);
		const group = groups.get(k);
		if (group) group.push(row);
		else groups.set(k, [row]);
	}
	return groups;
}

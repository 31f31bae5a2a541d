/**
 * Recognition, not badges: what a person's record counts, as rules over plain rows. No points,
 * no levels: every number is a count of real things a reviewer can open.
 */
import type { CommitmentStatus } from './commitments.ts';

/** A note of the person's, in the idea the vote made of it. */
export interface AuthoredNote {
	ideaId: string;
	/** The author's team when they wrote it. */
	teamId: string | null;
}

export interface IdeaFacts {
	id: string;
	/** The team of every note in the idea, the person's own included. */
	noteTeamIds: (string | null)[];
	/** The status of the idea's commitment; null when it became none. */
	commitmentStatus: CommitmentStatus | null;
}

export interface ContributionCounts {
	ideasWritten: number;
	ideasCommitted: number;
	ideasDelivered: number;
	crossTeamBuilds: number;
	commitmentsOwned: number;
	commitmentsDelivered: number;
	kudosReceived: number;
}

/**
 * A cross-team build: the person's note sits in a winning idea (one that became a commitment)
 * that also holds a note written by another team. A note without a team builds on nobody's.
 */
export function isCrossTeamBuild(note: AuthoredNote, idea: IdeaFacts): boolean {
	if (idea.commitmentStatus === null || note.teamId === null) return false;
	return idea.noteTeamIds.some((team) => team !== null && team !== note.teamId);
}

export function contributionCounts(input: {
	notes: readonly AuthoredNote[];
	ideas: ReadonlyMap<string, IdeaFacts>;
	ownedStatuses: readonly CommitmentStatus[];
	kudosReceived: number;
}): ContributionCounts {
	const ideaIds = [...new Set(input.notes.map((n) => n.ideaId))];
	const facts = ideaIds.flatMap((id) => input.ideas.get(id) ?? []);
	return {
		ideasWritten: facts.length,
		ideasCommitted: facts.filter((i) => i.commitmentStatus !== null).length,
		ideasDelivered: facts.filter((i) => i.commitmentStatus === 'delivered').length,
		crossTeamBuilds: input.notes.filter((n) => {
			const idea = input.ideas.get(n.ideaId);
			return idea !== undefined && isCrossTeamBuild(n, idea);
		}).length,
		commitmentsOwned: input.ownedStatuses.length,
		commitmentsDelivered: input.ownedStatuses.filter((s) => s === 'delivered').length,
		kudosReceived: input.kudosReceived
	};
}

/** A delivered commitment on the home page's wins feed. */
export interface Win {
	commitmentId: string;
	title: string;
	challengeTitle: string;
	ownerId: string;
	ownerName: string;
	deliveredAt: number;
	/** From the debrief, when one is written. */
	highlight: { whatWorked: string; lessons: string } | null;
}

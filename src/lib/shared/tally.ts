/**
 * What the revealed vote says: ideas ranked by dots, ties marked, and each idea's cross-team pull.
 * Pure, so the live reveal, the JSON API and the session summary rank the same way.
 */

export interface VoteLine {
	ideaId: string;
	/** The voter's team as their ballot recorded it; null for someone in no team. */
	voterTeamId: string | null;
	dots: number;
}

export interface IdeaDots {
	dots: number;
	/** The fraction 0..1 of the dots given by people of teams other than the authors' teams. */
	crossTeamShare: number;
}

/**
 * Dots and cross-team pull per idea. A voter in no team belongs to no "other team", so their dots
 * count towards the total but not the pull. An idea without dots has a pull of 0.
 */
export function tallyIdeas(
	authorTeamIds: ReadonlyMap<string, readonly string[]>,
	lines: readonly VoteLine[]
): Map<string, IdeaDots> {
	const totals = new Map<string, { dots: number; crossTeam: number }>();
	for (const ideaId of authorTeamIds.keys()) totals.set(ideaId, { dots: 0, crossTeam: 0 });
	for (const line of lines) {
		const total = totals.get(line.ideaId);
		if (!total || line.dots <= 0) continue;
		total.dots += line.dots;
		const authors = authorTeamIds.get(line.ideaId) ?? [];
		if (line.voterTeamId !== null && !authors.includes(line.voterTeamId))
			total.crossTeam += line.dots;
	}
	const result = new Map<string, IdeaDots>();
	for (const [ideaId, { dots, crossTeam }] of totals)
		result.set(ideaId, { dots, crossTeamShare: dots === 0 ? 0 : crossTeam / dots });
	return result;
}

export interface Ranked {
	/** 1 for the most dots; ideas with equal dots share a rank (1, 1, 3). */
	rank: number;
	/** Another idea has as many dots (ideas without dots are never "tied"). */
	tied: boolean;
}

/**
 * Orders ideas by dots, most first, keeping the given order among equals (pass them in board
 * order), and marks shared ranks so the facilitator knows where a tie must be broken.
 */
export function rankIdeas<T extends { dots: number }>(ideas: readonly T[]): (T & Ranked)[] {
	const sorted = ideas
		.map((idea, index) => ({ idea, index }))
		.sort((a, b) => b.idea.dots - a.idea.dots || a.index - b.index)
		.map(({ idea }) => idea);
	const counts = new Map<number, number>();
	for (const idea of sorted) counts.set(idea.dots, (counts.get(idea.dots) ?? 0) + 1);
	let previous: number | null = null;
	let rank = 0;
	return sorted.map((idea, index) => {
		if (idea.dots !== previous) {
			rank = index + 1;
			previous = idea.dots;
		}
		return { ...idea, rank, tied: idea.dots > 0 && (counts.get(idea.dots) ?? 0) > 1 };
	});
}

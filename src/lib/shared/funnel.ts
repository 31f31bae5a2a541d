/**
 * The execution funnel: how much of a challenge's (or a quarter's) white space made it from
 * people in the room to confirmed value. Counts come from the database; the arithmetic is here.
 */

export const FUNNEL_STAGES = [
	'participants',
	'notes',
	'ideas',
	'votedIdeas',
	'commitments',
	'delivered',
	'valueConfirmed'
] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];

export type FunnelCounts = Record<FunnelStage, number>;

export const FUNNEL_LABELS: Record<FunnelStage, string> = {
	participants: 'Participants',
	notes: 'Notes',
	ideas: 'Ideas',
	votedIdeas: 'Voted ideas',
	commitments: 'Commitments',
	delivered: 'Delivered',
	valueConfirmed: 'Value confirmed'
};

export interface FunnelStep {
	stage: FunnelStage;
	label: string;
	count: number;
	/** Whole percent of the previous step; null for the first step or after an empty one. */
	ofPrevious: number | null;
}

export const EMPTY_FUNNEL: FunnelCounts = {
	participants: 0,
	notes: 0,
	ideas: 0,
	votedIdeas: 0,
	commitments: 0,
	delivered: 0,
	valueConfirmed: 0
};

export function funnelSteps(counts: FunnelCounts): FunnelStep[] {
	return FUNNEL_STAGES.map((stage, i) => {
		const previous = i === 0 ? 0 : counts[FUNNEL_STAGES[i - 1]!];
		return {
			stage,
			label: FUNNEL_LABELS[stage],
			count: counts[stage],
			ofPrevious: previous > 0 ? Math.round((counts[stage] / previous) * 100) : null
		};
	});
}

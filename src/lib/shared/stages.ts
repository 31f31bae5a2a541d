export const STAGES = ['lobby', 'diverge', 'cluster', 'vote', 'commit', 'closed'] as const;
export type Stage = (typeof STAGES)[number];

export const STAGE_INFO: Record<Stage, { label: string; instructions: string }> = {
	lobby: {
		label: 'Lobby',
		instructions:
			'Welcome! We start in a moment. Look around to see who has joined from which team, and read the challenge question.'
	},
	diverge: {
		label: 'Diverge',
		instructions:
			'Write as many ideas as you can, one per note. Go for quantity and build on others; no judging yet.'
	},
	cluster: {
		label: 'Cluster',
		instructions:
			'Group similar notes together and give each cluster a short title. Merge duplicates; keep outliers on their own.'
	},
	vote: {
		label: 'Vote',
		instructions:
			'Spend your dots on the ideas most worth doing. Votes stay anonymous until the facilitator reveals them.'
	},
	commit: {
		label: 'Commit',
		instructions:
			'Turn the winning ideas into commitments: an owner, a sponsor, a due date, a success metric and a first next step.'
	},
	closed: {
		label: 'Closed',
		instructions: 'This session has ended. Thank you for taking part!'
	}
};

export type StageRefusal = 'same_stage' | 'skips_ahead' | 'back_too_far' | 'session_closed';

export type StageDecision =
	{ ok: true; to: Stage } | { ok: false; reason: StageRefusal; message: string };

/**
 * The facilitator moves one step forward or one step back. `closed` is reached by ending the
 * session (see `canEnd`), never by stepping, and nothing leaves it.
 */
export function decideStage(from: Stage, to: Stage): StageDecision {
	const a = STAGES.indexOf(from);
	const b = STAGES.indexOf(to);
	if (from === 'closed') return refuse('session_closed', 'This session has ended.');
	if (a === b) return refuse('same_stage', `The session is already in ${STAGE_INFO[to].label}.`);
	if (to === 'closed') return refuse('skips_ahead', 'End the session to close it.');
	if (b > a + 1) {
		return refuse(
			'skips_ahead',
			`Go to ${STAGE_INFO[STAGES[a + 1]!].label} first; stages cannot be skipped.`
		);
	}
	if (b < a - 1) return refuse('back_too_far', 'You can go back one stage at a time.');
	return { ok: true, to };
}

export function canEnd(from: Stage): boolean {
	return from !== 'closed';
}

/** The stage after `stage` that stepping forward reaches, if any. */
export function nextStage(stage: Stage): Stage | null {
	const next = STAGES[STAGES.indexOf(stage) + 1];
	return next && next !== 'closed' ? next : null;
}

export function previousStage(stage: Stage): Stage | null {
	if (stage === 'closed') return null;
	return STAGES[STAGES.indexOf(stage) - 1] ?? null;
}

function refuse(reason: StageRefusal, message: string): StageDecision {
	return { ok: false, reason, message };
}

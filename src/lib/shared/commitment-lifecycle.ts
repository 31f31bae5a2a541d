/**
 * A commitment's life after the session: which status may follow which, how a pilot ends, and
 * the metric series its chart draws. Pure and zod-free, so the page uses the same rules.
 */
import {
	isOpen,
	type CommitmentKind,
	type CommitmentStatus,
	type PilotDecisionKind
} from './commitments.ts';

export type Refusal = { ok: false; code: 'conflict' | 'debrief_required'; message: string };

const refuse = (message: string, code: Refusal['code'] = 'conflict'): Refusal => ({
	ok: false,
	code,
	message
});

/**
 * Whether a check-in may move `from` to `to`. Open states move freely among themselves and to
 * a close, except back to `committed`, which only names the start. Closed states are final: a
 * delivered or dropped commitment has a debrief that describes it, and reopening would make the
 * debrief lie (the next round is a new commitment: a pilot's iterate or scale decision).
 * Staying in the same open state is a check-in without a status change.
 */
export function statusTransition(
	from: CommitmentStatus,
	to: CommitmentStatus,
	hasDebrief: boolean
): { ok: true; changed: boolean } | Refusal {
	if (!isOpen(from)) {
		return refuse(
			`This commitment is ${from === 'delivered' ? 'delivered' : 'dropped'}; a closed commitment stays closed.`
		);
	}
	if (from === to) return { ok: true, changed: false };
	if (to === 'committed') {
		return refuse('A commitment cannot go back to committed; report it in progress or blocked.');
	}
	if (!isOpen(to) && !hasDebrief) {
		return refuse(
			`Write the debrief first: a commitment is ${to} only with what worked, what didn’t and the lessons.`,
			'debrief_required'
		);
	}
	return { ok: true, changed: true };
}

/** The statuses a check-in may report from `from`, for the form (the debrief is checked on submit). */
export function nextStatuses(from: CommitmentStatus): CommitmentStatus[] {
	if (!isOpen(from)) return [];
	const all: CommitmentStatus[] = ['committed', 'in_progress', 'blocked', 'delivered', 'dropped'];
	return all.filter((to) => to === from || to !== 'committed');
}

/**
 * A pilot ends with a decision, once, after it is closed: scale (a rollout follows) only from a
 * delivered pilot; iterate (another pilot round follows) or stop from delivered or dropped.
 */
export function decisionProblem(
	commitment: { kind: CommitmentKind; status: CommitmentStatus; decided: boolean },
	decision: PilotDecisionKind
): Refusal | null {
	if (commitment.kind !== 'pilot') return refuse('Only a pilot ends with a decision.');
	if (commitment.decided) return refuse('This pilot has been decided already.');
	if (isOpen(commitment.status)) {
		return refuse('Deliver or drop the pilot (with its debrief) before deciding how it ends.');
	}
	if (decision === 'scale' && commitment.status !== 'delivered') {
		return refuse('Only a delivered pilot can be scaled; iterate or stop a dropped one.');
	}
	return null;
}

/** The commitment a decision starts, linked to the pilot by `parent_id`; stop starts none. */
export function followUpKind(decision: PilotDecisionKind): CommitmentKind | null {
	return decision === 'scale' ? 'rollout' : decision === 'iterate' ? 'pilot' : null;
}

export interface SeriesCheckIn {
	createdAt: number;
	metricActual: number | null;
	comparisonActual: number | null;
}

export interface MetricSeries {
	points: { at: number; actual: number | null; comparison: number | null }[];
	/**
	 * The pilot's change against the comparison group's over the same period: from the first
	 * check-in that recorded both to the last one that did. Null until two such check-ins exist.
	 */
	comparison: {
		from: number;
		to: number;
		pilotChange: number;
		comparisonChange: number;
		difference: number;
	} | null;
}

/** What the chart draws: check-ins in time order that recorded a value, and the comparison. */
export function metricSeries(checkIns: readonly SeriesCheckIn[]): MetricSeries {
	const ordered = [...checkIns].sort((a, b) => a.createdAt - b.createdAt);
	const points = ordered
		.filter((c) => c.metricActual !== null || c.comparisonActual !== null)
		.map((c) => ({ at: c.createdAt, actual: c.metricActual, comparison: c.comparisonActual }));
	const paired = points.filter(
		(p): p is { at: number; actual: number; comparison: number } =>
			p.actual !== null && p.comparison !== null
	);
	const first = paired[0];
	const last = paired.at(-1);
	if (!first || !last || first === last) return { points, comparison: null };
	const pilotChange = last.actual - first.actual;
	const comparisonChange = last.comparison - first.comparison;
	return {
		points,
		comparison: {
			from: first.at,
			to: last.at,
			pilotChange,
			comparisonChange,
			difference: pilotChange - comparisonChange
		}
	};
}

/** A check-in as the API and the timeline show it. */
export interface CheckIn {
	id: string;
	authorId: string;
	authorName: string;
	status: CommitmentStatus;
	note: string;
	metricActual: number | null;
	comparisonActual: number | null;
	confidence: number;
	createdAt: number;
}

export const HISTORY_KINDS = [
	'created',
	'edited',
	'status',
	'check_in',
	'decision',
	'value',
	'debrief'
] as const;
export type HistoryKind = (typeof HISTORY_KINDS)[number];

/** One row of `commitment_events`: who changed what, and when. */
export interface HistoryEntry {
	seq: number;
	kind: HistoryKind;
	actorId: string | null;
	actorName: string;
	detail: Record<string, unknown>;
	at: number;
}

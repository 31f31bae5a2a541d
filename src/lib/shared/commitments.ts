/**
 * Commitments: the shape every screen and the API share, and their pure rules (the go-to guard,
 * due dates, flags). No zod, so the browser imports it; the schemas are in commitment-input.ts.
 */

export const COMMITMENT_KINDS = ['pilot', 'rollout'] as const;
export type CommitmentKind = (typeof COMMITMENT_KINDS)[number];

export const COMMITMENT_STATUSES = [
	'committed',
	'in_progress',
	'blocked',
	'delivered',
	'dropped'
] as const;
export type CommitmentStatus = (typeof COMMITMENT_STATUSES)[number];

/** Whose commitments `GET /api/v1/commitments?role=` lists. */
export const COMMITMENT_ROLES = ['owner', 'sponsor', 'follower'] as const;
export type CommitmentRole = (typeof COMMITMENT_ROLES)[number];

export type CommitmentFlag = 'overdue' | 'stale' | 'blocked';

export interface Metric {
	name: string;
	unit: string;
	baseline: number;
	target: number;
}

export interface Commitment {
	id: string;
	ideaId: string;
	sessionId: string;
	challengeId: string;
	title: string;
	description: string;
	ownerId: string;
	sponsorId: string | null;
	contributorIds: string[];
	dueDate: string;
	metric: Metric;
	kind: CommitmentKind;
	nextStep: string;
	status: CommitmentStatus;
	flags: CommitmentFlag[];
	createdAt: number;
	/** When the last check-in was posted (epoch ms), null before the first. */
	lastCheckInAt: number | null;
	/** A rollout made by scaling a pilot (or the next round of one) points at that pilot. */
	parentId: string | null;
	/** A pilot's comparison group: a team or site that did not get the change. */
	comparisonGroup: string | null;
	/** How a pilot ended; null until it is decided. */
	decision: PilotDecision | null;
}

export const PILOT_DECISIONS = ['scale', 'iterate', 'stop'] as const;
export type PilotDecisionKind = (typeof PILOT_DECISIONS)[number];

export interface PilotDecision {
	decision: PilotDecisionKind;
	reason: string;
	decidedAt: number;
}

/** A commitment with the names a list shows beside it. */
export type NamedCommitment = Commitment & { ownerName: string; sponsorName: string | null };

/** Longest text, in characters, of each field of a commitment. */
export const COMMITMENT_LIMITS = {
	title: 200,
	description: 4000,
	metricName: 120,
	metricUnit: 40,
	nextStep: 500,
	note: 2000,
	comparisonGroup: 120,
	reason: 2000
} as const;

/** How many ideas the commit stage preselects unless the facilitator picks another number. */
export const DEFAULT_COMMIT_PICKS = 3;

export function isOpen(status: CommitmentStatus): boolean {
	return status !== 'delivered' && status !== 'dropped';
}

/** Open commitments one person may hold before a new one draws a warning. */
export const GO_TO_LIMIT = 2;

/**
 * The go-to guard: the people everyone turns to should not end up with all the work. Handing a
 * third open commitment (or more) to one person is allowed, but only after a warning.
 */
export function goToWarning(name: string, openCount: number): string | null {
	if (openCount < GO_TO_LIMIT) return null;
	return `${name} already holds ${openCount} open commitments. Giving them another one may overload the person everyone turns to; consider someone else.`;
}

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `YYYY-MM-DD` of a real calendar day, strictly (no `2027-02-30`, no time, no other format). */
export function isCalendarDay(value: string): boolean {
	const match = DAY_PATTERN.exec(value);
	if (!match) return false;
	const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
	const date = new Date(Date.UTC(year, month - 1, day));
	return (
		date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
	);
}

/** Today as `YYYY-MM-DD` in UTC, the day every due date is compared with. */
export function utcDay(now: number): string {
	return new Date(now).toISOString().slice(0, 10);
}

/** A new due date may be today but not before it: a commitment born overdue is a typo. */
export function dueDateProblem(dueDate: string, now: number): string | null {
	return dueDate < utcDay(now) ? 'The due date is in the past; pick today or a later day.' : null;
}

/** Days without a check-in before an open commitment is stale, unless the organisation sets another. */
export const DEFAULT_STALE_AFTER_DAYS = 14;

const DAY_MS = 86_400_000;

/**
 * The warnings a commitment carries: overdue (past its due day, not closed), blocked, and stale
 * (open, and no check-in for `staleAfterDays`; a commitment never checked in counts from its
 * creation, so a new one gets its full grace period).
 */
export function commitmentFlags(
	commitment: {
		status: CommitmentStatus;
		dueDate: string;
		createdAt: number;
		lastCheckInAt: number | null;
	},
	now: number,
	staleAfterDays: number = DEFAULT_STALE_AFTER_DAYS
): CommitmentFlag[] {
	const flags: CommitmentFlag[] = [];
	const open = isOpen(commitment.status);
	if (open && commitment.dueDate < utcDay(now)) flags.push('overdue');
	const lastSign = commitment.lastCheckInAt ?? commitment.createdAt;
	if (open && now - lastSign >= staleAfterDays * DAY_MS) flags.push('stale');
	if (commitment.status === 'blocked') flags.push('blocked');
	return flags;
}

/**
 * The ideas the commit stage starts with: the first `count` of the ranking, and any idea tied
 * with the last of them, so the facilitator sees the tie and breaks it instead of the board order.
 */
export function preselect<T extends { id: string; rank: number; dots: number }>(
	ranked: readonly T[],
	count: number
): { picked: T[]; tiedAtCut: T[] } {
	const picked = ranked.slice(0, Math.max(0, count));
	const last = picked.at(-1);
	if (!last || last.dots === 0) return { picked, tiedAtCut: [] };
	const tiedAtCut = ranked.filter((idea) => idea.rank === last.rank);
	return tiedAtCut.length > 1 && ranked.indexOf(tiedAtCut.at(-1)!) >= count
		? { picked, tiedAtCut }
		: { picked, tiedAtCut: [] };
}

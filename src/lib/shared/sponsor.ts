/** The sponsor view's order: what needs a sponsor's attention comes first. */
import type { CommitmentFlag } from './commitments.ts';

/** Most urgent first: a blocked item needs a decision, an overdue one a conversation. */
const FLAG_WEIGHT: Record<CommitmentFlag, number> = { blocked: 4, overdue: 2, stale: 1 };

export function attentionScore(flags: readonly CommitmentFlag[]): number {
	return flags.reduce((sum, f) => sum + FLAG_WEIGHT[f], 0);
}

/** Flagged before unflagged, worse flags first, then the nearest due date, then title. */
export function byAttention<T extends { flags: CommitmentFlag[]; dueDate: string; title: string }>(
	a: T,
	b: T
): number {
	return (
		attentionScore(b.flags) - attentionScore(a.flags) ||
		a.dueDate.localeCompare(b.dueDate) ||
		a.title.localeCompare(b.title)
	);
}

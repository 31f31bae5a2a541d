import type { CommitmentFlag, CommitmentStatus, PilotDecisionKind } from '$lib/shared/commitments';

export const STATUS_LABEL: Record<CommitmentStatus, string> = {
	committed: 'Committed',
	in_progress: 'In progress',
	blocked: 'Blocked',
	delivered: 'Delivered',
	dropped: 'Dropped'
};

export const FLAG_LABEL: Record<CommitmentFlag, string> = {
	overdue: 'Overdue',
	stale: 'Needs a check-in',
	blocked: 'Blocked'
};

export const DECISION_LABEL: Record<PilotDecisionKind, string> = {
	scale: 'Scale',
	iterate: 'Iterate',
	stop: 'Stop'
};

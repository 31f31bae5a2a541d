import { VOTE_MAX, VOTE_MIN } from './limits.ts';

export interface VoteSettings {
	voteBudget: number;
	voteCap: number;
}

export type VoteSettingsDecision =
	| { ok: true }
	| { ok: false; code: 'invalid_input' | 'conflict'; field: keyof VoteSettings; message: string };

/**
 * Whether a challenge may have these vote settings: whole numbers in 1..50, the cap per idea no
 * more than the dots each person has, and no change while one of its sessions is voting (dots
 * already spent were counted against the old budget). `voting` says whether a session is in `vote`.
 */
export function checkVoteSettings(
	next: VoteSettings,
	current: VoteSettings | null,
	voting: boolean
): VoteSettingsDecision {
	for (const field of ['voteBudget', 'voteCap'] as const) {
		const value = next[field];
		if (!Number.isInteger(value) || value < VOTE_MIN || value > VOTE_MAX) {
			const what = field === 'voteBudget' ? 'dots per person' : 'dots on one idea';
			return refuse('invalid_input', field, `Allow ${VOTE_MIN} to ${VOTE_MAX} ${what}.`);
		}
	}
	if (next.voteCap > next.voteBudget) {
		return refuse(
			'invalid_input',
			'voteCap',
			'The per-idea cap cannot be more than the dots each person has.'
		);
	}
	const changed =
		current !== null &&
		(next.voteBudget !== current.voteBudget || next.voteCap !== current.voteCap);
	if (changed && voting) {
		const field = next.voteBudget !== current.voteBudget ? 'voteBudget' : 'voteCap';
		return refuse('conflict', field, 'A vote is running: change the dots after it ends.');
	}
	return { ok: true };
}

function refuse(
	code: 'invalid_input' | 'conflict',
	field: keyof VoteSettings,
	message: string
): VoteSettingsDecision {
	return { ok: false, code, field, message };
}

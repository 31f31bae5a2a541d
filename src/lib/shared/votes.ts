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

/**
 * A cast's optional idempotency key, made by the client once per click and sent again with every
 * resend of that click: a UUID, ULID, nanoid or any 16–64 URL-safe characters. The length bound
 * keeps receipts small; the lower bound keeps a client from counting on a short counter.
 */
export const VOTE_ID_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

export const VOTE_ID_MESSAGE =
	'voteId must be 16 to 64 letters, digits, "-" or "_" (a UUID fits); send a fresh one per click.';

export function isVoteId(value: unknown): value is string {
	return typeof value === 'string' && VOTE_ID_PATTERN.test(value);
}

/** One voter's standing when a dot is added or removed. */
export interface BallotState {
	budget: number;
	spent: number;
	cap: number;
	/** Dots this voter has on the idea. */
	onIdea: number;
}

export type VoteRefusal = 'over_budget' | 'idea_cap' | 'no_dot';

export type VoteDecision =
	{ ok: true; spent: number; onIdea: number } | { ok: false; code: VoteRefusal; message: string };

/**
 * Whether one dot may be added (+1) or taken back (−1), and the standing after it. The server
 * applies it to the voter's ballot row while it holds that row's lock, so concurrent casts from
 * any number of tabs and nodes are decided one after another on the latest state.
 */
export function decideVote(state: BallotState, delta: 1 | -1): VoteDecision {
	if (delta === -1) {
		if (state.onIdea <= 0)
			return { ok: false, code: 'no_dot', message: 'You have no dot on this idea to take back.' };
		return { ok: true, spent: state.spent - 1, onIdea: state.onIdea - 1 };
	}
	if (state.spent >= state.budget)
		return {
			ok: false,
			code: 'over_budget',
			message: `You have used all ${state.budget} of your dots. Take one back to move it.`
		};
	if (state.onIdea >= state.cap)
		return {
			ok: false,
			code: 'idea_cap',
			message: `At most ${state.cap} of your dots can go on one idea.`
		};
	return { ok: true, spent: state.spent + 1, onIdea: state.onIdea + 1 };
}

/** An idea as everyone sees it; `dots`, `crossTeamShare`, `rank` and `tied` stay null until the reveal. */
export interface IdeaView {
	id: string;
	title: string;
	noteIds: string[];
	notes: { id: string; text: string }[];
	authorTeamIds: string[];
	dots: number | null;
	crossTeamShare: number | null;
	rank: number | null;
	tied: boolean | null;
}

export interface VoteProgress {
	/** People who have spent their whole budget. */
	done: number;
	/** People who have a ballot (cast at least once). */
	total: number;
}

export interface YourBallot {
	budget: number;
	cap: number;
	remaining: number;
	dots: Record<string, number>;
}

/** `GET /api/v1/sessions/<id>/ideas` and the `votes:ideas` ack. */
export interface VoteIdeas {
	ideas: IdeaView[];
	revealed: boolean;
	you: YourBallot;
	progress: VoteProgress;
}

/** The answer to one cast: what the voter has left and has on that idea. */
export interface CastResult {
	remaining: number;
	onIdea: number;
}

/** What everyone receives on the reveal: the ranked ideas with their dots. */
export interface VotesRevealed {
	sessionId: string;
	ideas: IdeaView[];
}

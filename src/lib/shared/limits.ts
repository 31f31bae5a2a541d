/**
 * Limits and patterns the browser needs as much as the server, with no zod: components import
 * them for `maxlength`, `min`/`max` and `pattern`, and the zod schemas build on the same values.
 */
export const ROLES = ['admin', 'facilitator', 'member'] as const;
export type Role = (typeof ROLES)[number];
/** How every page names a role. */
export const ROLE_LABEL: Record<Role, string> = {
	admin: 'Admin',
	facilitator: 'Facilitator',
	member: 'Member'
};

/** Longest text, in characters, of each field people type. */
export const TEXT_LIMITS = {
	challengeTitle: 120,
	challengeQuestion: 500,
	whyItMatters: 4000,
	personName: 80,
	teamName: 60,
	tokenName: 60,
	notice: 280
} as const;

/** A quarter as people write it: `2027-Q1`. */
export const QUARTER_PATTERN = /^(\d{4})-Q([1-4])$/;
/** The same for an `<input pattern>`, which is anchored already and forgives a lowercase `q`. */
export const QUARTER_INPUT_PATTERN = '\\d{4}-[Qq][1-4]';
export const QUARTER_LENGTH = 7;

/** Dots per person and per idea. */
export const VOTE_MIN = 1;
export const VOTE_MAX = 50;

/** The longest a timer may run or have left. */
export const MAX_TIMER_MS = 4 * 60 * 60 * 1000;
export const MAX_TIMER_SECONDS = MAX_TIMER_MS / 1000;

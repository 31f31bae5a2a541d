import { z } from 'zod';
import { QUARTER_PATTERN, TEXT_LIMITS, VOTE_MAX, VOTE_MIN } from './limits.ts';

export const CHALLENGE_STATUSES = ['draft', 'open', 'closed'] as const;
export type ChallengeStatus = (typeof CHALLENGE_STATUSES)[number];
export const AUDIENCES = ['everyone', 'invited'] as const;
export type Audience = (typeof AUDIENCES)[number];

export interface Challenge {
	id: string;
	title: string;
	question: string;
	whyItMatters: string;
	quarter: string;
	status: ChallengeStatus;
	audience: Audience;
	invitedTeamIds: string[];
	invitedUserIds: string[];
	sponsorId: string | null;
	facilitatorId: string;
	voteBudget: number;
	voteCap: number;
	privateWriting: boolean;
	anonymousNotes: boolean;
}

export function quarterOf(date: Date): string {
	return `${date.getUTCFullYear()}-Q${Math.floor(date.getUTCMonth() / 3) + 1}`;
}

/** Orders quarters newest first. */
export function compareQuartersDesc(a: string, b: string): number {
	return b.localeCompare(a);
}

/** Status moves forward only: a draft opens, an open challenge closes. */
export function canChangeStatus(from: ChallengeStatus, to: ChallengeStatus): boolean {
	return from === to || CHALLENGE_STATUSES.indexOf(to) === CHALLENGE_STATUSES.indexOf(from) + 1;
}

const id = z.string().trim().min(1).max(64);
const ids = z.array(id).max(500, 'Invite at most 500 at once.');

/** Trimmed text; past `max` characters people are asked to keep `name` under it. */
const textUnder = (name: string, max: number, params?: { error: string }) =>
	z.string(params).trim().max(max, `Keep ${name} under ${max} characters.`);

const fields = {
	title: textUnder('the title', TEXT_LIMITS.challengeTitle, {
		error: 'Give the challenge a title.'
	}).min(3, 'Give the challenge a title of at least 3 characters.'),
	question: textUnder('the question', TEXT_LIMITS.challengeQuestion, {
		error: 'Write the question people will answer.'
	}).min(5, 'Write the question people will answer.'),
	whyItMatters: textUnder('“why it matters”', TEXT_LIMITS.whyItMatters),
	quarter: z.string().regex(QUARTER_PATTERN, 'Quarter looks like 2027-Q1.'),
	status: z.enum(CHALLENGE_STATUSES, { error: 'Status is draft, open or closed.' }),
	audience: z.enum(AUDIENCES, { error: 'Audience is everyone or invited.' }),
	invitedTeamIds: ids,
	invitedUserIds: ids,
	sponsorId: id.nullable(),
	facilitatorId: id,
	// The range and the cap ≤ budget rule are checkVoteSettings' (src/lib/shared/votes.ts), which
	// the service applies with the stored values; here only the type.
	voteBudget: z.number().int(`Dots are whole numbers from ${VOTE_MIN} to ${VOTE_MAX}.`),
	voteCap: z.number().int(`Dots are whole numbers from ${VOTE_MIN} to ${VOTE_MAX}.`),
	privateWriting: z.boolean(),
	anonymousNotes: z.boolean()
};

export const challengeCreateInput = z.strictObject({
	title: fields.title,
	question: fields.question,
	whyItMatters: fields.whyItMatters.default(''),
	quarter: fields.quarter.optional(),
	status: z
		.enum(['draft', 'open'], { error: 'A new challenge is draft or open.' })
		.default('draft'),
	audience: fields.audience.default('everyone'),
	invitedTeamIds: ids.default([]),
	invitedUserIds: ids.default([]),
	sponsorId: fields.sponsorId.default(null),
	facilitatorId: fields.facilitatorId.optional(),
	voteBudget: fields.voteBudget.default(5),
	voteCap: fields.voteCap.default(3),
	privateWriting: fields.privateWriting.default(false),
	anonymousNotes: fields.anonymousNotes.default(false)
});
export type ChallengeCreateInput = z.infer<typeof challengeCreateInput>;

export const challengeUpdateInput = z
	.strictObject({
		title: fields.title.optional(),
		question: fields.question.optional(),
		whyItMatters: fields.whyItMatters.optional(),
		quarter: fields.quarter.optional(),
		status: fields.status.optional(),
		audience: fields.audience.optional(),
		invitedTeamIds: fields.invitedTeamIds.optional(),
		invitedUserIds: fields.invitedUserIds.optional(),
		sponsorId: fields.sponsorId.optional(),
		facilitatorId: fields.facilitatorId.optional(),
		voteBudget: fields.voteBudget.optional(),
		voteCap: fields.voteCap.optional(),
		privateWriting: fields.privateWriting.optional(),
		anonymousNotes: fields.anonymousNotes.optional()
	})
	.refine((c) => Object.keys(c).length > 0, { error: 'Send at least one field to change.' });
export type ChallengeUpdateInput = z.infer<typeof challengeUpdateInput>;

/** Join codes avoid characters people confuse when reading them aloud or off a screen. */
export const JOIN_CODE_ALPHABET = 'ACDEFGHJKMNPQRTUVWXY34679';
export const JOIN_CODE_LENGTH = 6;

export function normalizeJoinCode(raw: string): string {
	return raw.replace(/[\s-]/g, '').toUpperCase();
}

export function isJoinCode(code: string): boolean {
	return joinCodeProblem(code) === null;
}

/**
 * What is wrong with a normalized code, said so people can fix it: a wrong length is a typo,
 * a character outside the alphabet means this is not a join code at all (O, 0, I, 1… never appear).
 */
export function joinCodeProblem(code: string): string | null {
	if (code.length === 0) return 'Enter the 6-character join code.';
	if (code.length !== JOIN_CODE_LENGTH)
		return `A join code has ${JOIN_CODE_LENGTH} characters; this one has ${code.length}.`;
	const foreign = [...new Set([...code].filter((c) => !JOIN_CODE_ALPHABET.includes(c)))];
	if (foreign.length > 0)
		return `That is not a valid join code: codes never contain ${foreign.join(', ')}. Check it with your facilitator.`;
	return null;
}

export const joinInput = z.strictObject({
	code: z
		.string({ error: 'Enter the 6-character join code.' })
		.max(32)
		.transform(normalizeJoinCode)
		.superRefine((code, issues) => {
			const problem = joinCodeProblem(code);
			if (problem) issues.addIssue({ code: 'custom', message: problem });
		})
});

import type { AppContext } from '$lib/server/context';
import { formText } from '$lib/server/guards';
import { listTeams } from '$lib/server/teams/service';
import { listPeople } from '$lib/server/users/service';
import type { Challenge } from '$lib/shared/challenges';
import { DomainError, isDomainError } from '$lib/shared/errors';
import type { PublicUser } from '$lib/shared/auth';
import type { ChallengeFormValues } from '$lib/components/challenges/types';

/** The people and teams the form offers as sponsor, facilitator and invitees. */
export async function formOptions(ctx: AppContext, actor: PublicUser) {
	const [people, teams] = await Promise.all([listPeople(ctx, actor), listTeams(ctx)]);
	return { people, teams };
}

export function formValuesOf(challenge: Challenge): ChallengeFormValues {
	return {
		title: challenge.title,
		question: challenge.question,
		whyItMatters: challenge.whyItMatters,
		quarter: challenge.quarter,
		sponsorId: challenge.sponsorId ?? '',
		facilitatorId: challenge.facilitatorId,
		audience: challenge.audience,
		invitedTeamIds: challenge.invitedTeamIds,
		invitedUserIds: challenge.invitedUserIds,
		voteBudget: String(challenge.voteBudget),
		voteCap: String(challenge.voteCap),
		privateWriting: challenge.privateWriting,
		anonymousNotes: challenge.anonymousNotes
	};
}

const NUMBER_PROBLEMS = {
	voteBudget: 'Enter a whole number of dots, from 1 to 50.',
	voteCap: 'Enter a whole number of dots per idea, from 1 to 50.'
} as const;

export interface ChallengeForm {
	/** What the form shows again if the service refuses it. */
	values: ChallengeFormValues;
	/** The request body for the service, typed as it expects. */
	body: Record<string, unknown>;
	/** Fields that are not even the right type; the service's messages for them would be vague. */
	problems: Record<string, string>;
}

/**
 * Form posts carry strings: numbers, checkboxes and multiple selections become the types the
 * service validates. Invitations are sent only for the invited audience, so a list hidden by
 * choosing "Everyone" is never saved without being seen.
 */
export function readChallengeForm(data: FormData): ChallengeForm {
	const text = (name: string) => formText(data, name) ?? '';
	const list = (name: string) =>
		data.getAll(name).filter((v): v is string => typeof v === 'string' && v !== '');
	const audience = text('audience');
	const values: ChallengeFormValues = {
		title: text('title'),
		question: text('question'),
		whyItMatters: text('whyItMatters'),
		quarter: text('quarter').trim().toUpperCase(),
		sponsorId: text('sponsorId'),
		facilitatorId: text('facilitatorId'),
		audience: audience === 'invited' ? 'invited' : 'everyone',
		invitedTeamIds: list('invitedTeamIds'),
		invitedUserIds: list('invitedUserIds'),
		voteBudget: text('voteBudget').trim(),
		voteCap: text('voteCap').trim(),
		privateWriting: data.has('privateWriting'),
		anonymousNotes: data.has('anonymousNotes')
	};
	const problems: Record<string, string> = {};
	const whole = (field: keyof typeof NUMBER_PROBLEMS) => {
		const raw = values[field];
		if (/^\d{1,4}$/.test(raw)) return Number(raw);
		problems[field] = NUMBER_PROBLEMS[field];
		return Number.NaN;
	};
	const invited = values.audience === 'invited';
	const body: Record<string, unknown> = {
		title: values.title,
		question: values.question,
		whyItMatters: values.whyItMatters,
		audience: audience || undefined,
		invitedTeamIds: invited ? values.invitedTeamIds : [],
		invitedUserIds: invited ? values.invitedUserIds : [],
		sponsorId: values.sponsorId || null,
		voteBudget: whole('voteBudget'),
		voteCap: whole('voteCap'),
		privateWriting: values.privateWriting,
		anonymousNotes: values.anonymousNotes
	};
	if (values.quarter) body.quarter = values.quarter;
	if (values.facilitatorId) body.facilitatorId = values.facilitatorId;
	return { values, body, problems };
}

/**
 * A refusal with the form's own messages for fields that were not numbers at all in place of
 * the service's ("expected number, received NaN"). Anything but a DomainError passes through.
 */
export function withProblems(cause: unknown, problems: Record<string, string>): unknown {
	if (!isDomainError(cause) || cause.code !== 'invalid_input' || !Object.keys(problems).length) {
		return cause;
	}
	const fields = { ...cause.fields, ...problems };
	return new DomainError('invalid_input', Object.values(fields)[0] ?? cause.message, { fields });
}

import type { Audience, ChallengeStatus } from '$lib/shared/challenges';
import type { Stage } from '$lib/shared/stages';

/** What the challenge form shows: strings as typed, so a refused form shows them again. */
export interface ChallengeFormValues {
	title: string;
	question: string;
	whyItMatters: string;
	quarter: string;
	sponsorId: string;
	facilitatorId: string;
	audience: Audience;
	invitedTeamIds: string[];
	invitedUserIds: string[];
	voteBudget: string;
	voteCap: string;
	privateWriting: boolean;
	anonymousNotes: boolean;
}

/** What the challenge form is given, by the new and edit pages alike. */
export interface ChallengeFormData {
	mode: 'create' | 'edit';
	values: ChallengeFormValues;
	people: PersonOption[];
	teams: TeamOption[];
	/** The signed-in user's id, to mark them in the lists. */
	me: string;
	/** The last refusal from the server, if any. */
	failure: { message: string; fields: Record<string, string> } | null | undefined;
}

/** Who may be invited and who is: what the audience fields hand the invite picker. */
export interface InviteChoices {
	/** Prefix of the element ids (`<prefix>-team-<id>`, `<prefix>-people-filter`…). */
	prefix: string;
	people: PersonOption[];
	teams: TeamOption[];
	/** The signed-in user's id, to mark them in the lists. */
	me: string;
	invitedTeamIds: string[];
	invitedUserIds: string[];
}

export interface PersonOption {
	id: string;
	name: string;
	teamId: string | null;
	role: 'admin' | 'facilitator' | 'member';
}

export interface TeamOption {
	id: string;
	name: string;
}

export interface SessionSummary {
	id: string;
	stage: Stage;
	startedAt: number;
	endedAt: number | null;
	people: number;
}

export type { Audience, ChallengeStatus };

/** One challenge on the white space calendar. */
export interface CalendarCard {
	id: string;
	title: string;
	question: string;
	status: ChallengeStatus;
	quarter: string;
	audience: Audience;
	/** Names of the invited teams. */
	invitedTeams: string[];
	/** How many people are invited by name. */
	invitedPeople: number;
	sessions: SessionSummary[];
	outcomes: { sessions: number; people: number; minutesPresent: number };
}

/** The /join action's refusal, as the join form shows it. */
export interface JoinFailure {
	message: string;
	code: string;
	fields: Record<string, string>;
	values: { code: string };
}

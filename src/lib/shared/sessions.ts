import { z } from 'zod';
import { STAGES, type Stage } from './stages.ts';
import { MAX_TIMER_SECONDS, type TimerView } from './timer.ts';

export const PARTICIPANT_ROLES = ['facilitator', 'sponsor', 'participant'] as const;
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];
export const PRESENCE_STATES = ['active', 'idle', 'away'] as const;
export type PresenceState = (typeof PRESENCE_STATES)[number];

export interface Participant {
	userId: string;
	name: string;
	teamId: string | null;
	role: ParticipantRole;
	state: PresenceState;
}

export interface LiveSession {
	id: string;
	challengeId: string;
	boardId: string;
	joinCode: string;
	stage: Stage;
	version: number;
	notice: string | null;
}

export interface SessionView extends LiveSession {
	timer: TimerView;
	serverNow: number;
	participants: Participant[];
}

export const stageInput = z.strictObject({
	to: z.enum(STAGES, { error: `Stage is one of ${STAGES.join(', ')}.` })
});

const seconds = z
	.number({ error: 'seconds must be a number.' })
	.int('seconds must be a whole number.')
	.min(1, 'A timer runs for at least 1 second.')
	.max(MAX_TIMER_SECONDS, 'A timer runs for at most 4 hours (14400 seconds).');

export const timerInput = z.discriminatedUnion(
	'action',
	[
		z.strictObject({ action: z.literal('start'), seconds, autoAdvance: z.boolean().optional() }),
		z.strictObject({ action: z.literal('pause') }),
		z.strictObject({ action: z.literal('resume') }),
		z.strictObject({ action: z.literal('extend'), seconds }),
		z.strictObject({ action: z.literal('clear') })
	],
	{ error: 'action is one of start, pause, resume, extend, clear.' }
);

export const noticeInput = z.strictObject({
	text: z.string().trim().max(280, 'Keep the notice under 280 characters.').nullable()
});

export const admitInput = z.strictObject({ userId: z.string().min(1).max(64) });

const STATE_RANK: Record<PresenceState, number> = { active: 0, idle: 1, away: 2 };

/**
 * One row per person: someone with two tabs open appears once, as present as their most
 * active tab. Sorted by name for a stable list.
 */
export function aggregateParticipants(entries: Participant[]): Participant[] {
	const byUser = new Map<string, Participant>();
	for (const entry of entries) {
		const seen = byUser.get(entry.userId);
		if (!seen || STATE_RANK[entry.state] < STATE_RANK[seen.state]) byUser.set(entry.userId, entry);
	}
	return [...byUser.values()].sort(
		(a, b) => a.name.localeCompare(b.name) || a.userId.localeCompare(b.userId)
	);
}

export interface TeamGroup {
	teamId: string | null;
	participants: Participant[];
}

/** Groups people by team, largest team first, people without a team last. */
export function groupByTeam(participants: Participant[]): TeamGroup[] {
	const groups = new Map<string | null, Participant[]>();
	for (const p of participants) groups.set(p.teamId, [...(groups.get(p.teamId) ?? []), p]);
	return [...groups]
		.map(([teamId, members]) => ({ teamId, participants: members }))
		.sort((a, b) =>
			a.teamId === null ? 1 : b.teamId === null ? -1 : b.participants.length - a.participants.length
		);
}

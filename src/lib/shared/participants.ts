/** Who is in a live session, as the UI shows them. No zod here: the browser imports this. */

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
	// Only a participant's own fields: callers pass connections, which carry more.
	return [...byUser.values()]
		.map(({ userId, name, teamId, role, state }) => ({ userId, name, teamId, role, state }))
		.sort((a, b) => a.name.localeCompare(b.name) || a.userId.localeCompare(b.userId));
}

export interface TeamGroup {
	teamId: string | null;
	participants: Participant[];
}

/** Groups people by team, largest team first, people without a team last. */
export function groupByTeam(participants: Participant[]): TeamGroup[] {
	const groups = new Map<string | null, Participant[]>();
	for (const p of participants) {
		const members = groups.get(p.teamId);
		if (members) members.push(p);
		else groups.set(p.teamId, [p]);
	}
	return [...groups]
		.map(([teamId, members]) => ({ teamId, participants: members }))
		.sort((a, b) =>
			a.teamId === null ? 1 : b.teamId === null ? -1 : b.participants.length - a.participants.length
		);
}

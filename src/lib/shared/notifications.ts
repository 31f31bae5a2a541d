/**
 * Notifications: what a follower hears when a commitment moves, and who hears it. Pure rules,
 * no zod, so the bell in the browser imports the types.
 */
import type { HistoryKind } from './commitment-lifecycle.ts';

/** A `commitment_events` kind: the lifecycle's history kinds. */
export type EventKind = HistoryKind;

export const NOTIFICATION_KINDS = ['status', 'check_in', 'debrief', 'value', 'kudos'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface AppNotification {
	id: string;
	kind: NotificationKind;
	commitmentId: string | null;
	actorId: string | null;
	text: string;
	read: boolean;
	createdAt: number;
}

/**
 * Which events are worth a notification. Creation is seen live in the session and edits are
 * wording; a pilot decision changes where the work goes, so it is told as a status change.
 */
export function notificationKindFor(event: EventKind): NotificationKind | null {
	switch (event) {
		case 'status':
		case 'decision':
			return 'status';
		case 'check_in':
			return 'check_in';
		case 'value':
			return 'value';
		case 'debrief':
			return 'debrief';
		case 'created':
		case 'edited':
			return null;
	}
}

/** Owner, sponsor and followers hear of a change, once each; the person who made it does not. */
export function recipientsOf(people: {
	ownerId: string;
	sponsorId: string | null;
	followerIds: readonly string[];
	actorId: string | null;
}): string[] {
	const all = new Set([people.ownerId, ...(people.sponsorId ? [people.sponsorId] : [])]);
	for (const id of people.followerIds) all.add(id);
	if (people.actorId) all.delete(people.actorId);
	return [...all].sort();
}

function describeDetail(kind: EventKind, detail: Record<string, unknown>): string {
	const to = typeof detail.to === 'string' ? detail.to.replace('_', ' ') : null;
	switch (kind) {
		case 'status':
			return to ? `moved to ${to}` : 'changed status';
		case 'check_in': {
			const status = typeof detail.status === 'string' ? detail.status.replace('_', ' ') : null;
			return status ? `checked in (${status})` : 'checked in';
		}
		case 'decision':
			return typeof detail.decision === 'string'
				? `decided to ${detail.decision} the pilot`
				: 'recorded a pilot decision';
		case 'value':
			return 'recorded value';
		case 'debrief':
			return 'wrote the debrief';
		case 'created':
			return 'created it';
		case 'edited':
			return 'edited it';
	}
}

/** The sentence the bell shows: "Ana checked in (blocked) on “Shorter onboarding”". */
export function notificationText(
	kind: EventKind,
	detail: Record<string, unknown>,
	actorName: string | null,
	title: string
): string {
	return `${actorName ?? 'Someone'} ${describeDetail(kind, detail)} on “${title}”`;
}

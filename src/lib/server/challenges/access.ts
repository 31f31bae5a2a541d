import type { PublicUser } from '../../shared/auth.ts';
import type { Challenge } from '../../shared/challenges.ts';
import type { ParticipantRole } from '../../shared/sessions.ts';
import { DomainError } from '../../shared/errors.ts';

export type ChallengeWithOwner = Challenge & { createdBy: string };

export function canCreateChallenge(actor: PublicUser): boolean {
	return actor.role === 'admin' || actor.role === 'facilitator';
}

/** Edits the challenge and runs its sessions. */
export function canManage(actor: PublicUser, c: ChallengeWithOwner): boolean {
	return actor.role === 'admin' || c.facilitatorId === actor.id || c.createdBy === actor.id;
}

export function isInvited(actor: PublicUser, c: Challenge): boolean {
	return (
		c.audience === 'everyone' ||
		c.invitedUserIds.includes(actor.id) ||
		(actor.teamId !== null && c.invitedTeamIds.includes(actor.teamId))
	);
}

/** Drafts are for the people preparing them; once open, the invited see them too. */
export function canView(actor: PublicUser, c: ChallengeWithOwner): boolean {
	return (
		canManage(actor, c) || c.sponsorId === actor.id || (c.status !== 'draft' && isInvited(actor, c))
	);
}

export function participantRole(actor: PublicUser, c: ChallengeWithOwner): ParticipantRole {
	if (canManage(actor, c)) return 'facilitator';
	if (c.sponsorId === actor.id) return 'sponsor';
	return 'participant';
}

export function requireView(actor: PublicUser, c: ChallengeWithOwner): void {
	if (!canView(actor, c)) {
		throw new DomainError(
			'forbidden',
			'You are not invited to this challenge. Ask its facilitator.'
		);
	}
}

export function requireManage(actor: PublicUser, c: ChallengeWithOwner): void {
	if (!canManage(actor, c)) {
		throw new DomainError('forbidden', 'Only the challenge’s facilitator or an admin can do this.');
	}
}

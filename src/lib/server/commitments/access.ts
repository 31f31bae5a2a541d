import type { AppContext } from '../context.ts';
import { requireUser } from '../auth/access.ts';
import { loadChallenge } from '../challenges/queries.ts';
import { canManage, canView, type ChallengeWithOwner } from '../challenges/access.ts';
import { DomainError, found } from '../../shared/errors.ts';
import type { PublicUser } from '../../shared/auth.ts';
import { loadCommitment, type StoredCommitment } from './queries.ts';

/** Proof that `user` may see the commitment, and whether they may change it. */
export interface CommitmentAccess {
	user: PublicUser;
	stored: StoredCommitment;
	challenge: ChallengeWithOwner;
	mayEdit: boolean;
}

/**
 * Whoever may see the challenge sees its commitments; so do the people a commitment names
 * (owner, sponsor, contributors), who may come from outside the invitation. The challenge's
 * managers and the owner may change it.
 */
export async function authorizeCommitment(
	ctx: AppContext,
	actor: PublicUser | null,
	id: string
): Promise<CommitmentAccess> {
	const user = requireUser(actor);
	const stored = found(await loadCommitment(ctx.db, id), 'commitment');
	const challenge = (await loadChallenge(ctx.db, stored.row.challengeId))!;
	const named =
		stored.row.ownerId === user.id ||
		stored.row.sponsorId === user.id ||
		stored.contributorIds.includes(user.id);
	if (!named && !canView(user, challenge)) {
		throw new DomainError('forbidden', 'This commitment belongs to a challenge you are not in.');
	}
	return {
		user,
		stored,
		challenge,
		mayEdit: canManage(user, challenge) || stored.row.ownerId === user.id
	};
}

/** Changes to what was promised and its progress: the challenge's managers and the owner. */
export async function authorizeEdit(
	ctx: AppContext,
	actor: PublicUser | null,
	id: string
): Promise<CommitmentAccess> {
	const access = await authorizeCommitment(ctx, actor, id);
	if (!access.mayEdit) {
		throw new DomainError(
			'forbidden',
			'Only the owner or the challenge’s facilitator can change this commitment.'
		);
	}
	return access;
}

/**
 * What only the owner records: the debrief (they lived the lessons, and the library credits
 * them) and the value claimed. `what` finishes the refusal: "Only the commitment’s owner can …".
 */
export async function authorizeOwner(
	ctx: AppContext,
	actor: PublicUser | null,
	id: string,
	what: string
): Promise<CommitmentAccess> {
	const access = await authorizeCommitment(ctx, actor, id);
	if (access.stored.row.ownerId !== access.user.id) {
		throw new DomainError('forbidden', `Only the commitment’s owner can ${what}.`);
	}
	return access;
}

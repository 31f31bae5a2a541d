import { asc, eq } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import { teams, users } from '../db/schema/index.ts';
import { requireAdmin, requireUser } from '../auth/access.ts';
import { canCreateChallenge } from '../challenges/access.ts';
import { toPublicUser } from '../auth/users.ts';
import { DomainError } from '../../shared/errors.ts';
import { userUpdateInput, type PublicUser } from '../../shared/auth.ts';
import { parseInput } from '../../shared/validate.ts';

export async function listUsers(ctx: AppContext, actor: PublicUser | null): Promise<PublicUser[]> {
	requireAdmin(actor);
	const rows = await ctx.db.select().from(users).orderBy(asc(users.name), asc(users.email));
	return rows.map(toPublicUser);
}

export async function updateUser(
	ctx: AppContext,
	actor: PublicUser | null,
	id: string,
	body: unknown
): Promise<PublicUser> {
	const admin = requireAdmin(actor);
	const input = parseInput(userUpdateInput, body);
	const updated = await ctx.db.transaction(async (tx) => {
		const [target] = await tx.select().from(users).where(eq(users.id, id)).for('update');
		if (!target) throw new DomainError('not_found', 'That user does not exist.');
		if (input.teamId) {
			const [team] = await tx
				.select({ id: teams.id })
				.from(teams)
				.where(eq(teams.id, input.teamId));
			if (!team) {
				throw new DomainError('invalid_input', 'That team does not exist.', {
					fields: { teamId: 'That team does not exist.' }
				});
			}
		}
		if (input.role && input.role !== 'admin' && target.id === admin.id) {
			throw new DomainError(
				'conflict',
				'You cannot remove your own admin role; ask another admin.'
			);
		}
		const [row] = await tx
			.update(users)
			.set({
				...(input.role ? { role: input.role } : {}),
				...(input.teamId !== undefined ? { teamId: input.teamId } : {})
			})
			.where(eq(users.id, id))
			.returning();
		return toPublicUser(row!);
	});
	ctx.sockets.refreshUser(id);
	return updated;
}

export interface Person {
	id: string;
	name: string;
	teamId: string | null;
	role: PublicUser['role'];
}

/**
 * The people facilitators pick sponsors, facilitators and invitees from. Names and teams only:
 * email addresses stay with admins.
 */
export async function listPeople(ctx: AppContext, actor: PublicUser | null): Promise<Person[]> {
	const user = requireUser(actor);
	if (!canCreateChallenge(user))
		throw new DomainError('forbidden', 'Only facilitators and admins can list people.');
	return ctx.db
		.select({ id: users.id, name: users.name, teamId: users.teamId, role: users.role })
		.from(users)
		.orderBy(asc(users.name));
}

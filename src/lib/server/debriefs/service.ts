import { eq } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import { debriefs } from '../db/schema/index.ts';
import { authorizeCommitment, authorizeOwner } from '../commitments/access.ts';
import type { PublicUser } from '../../shared/auth.ts';
import { parseInput } from '../../shared/validate.ts';
import { debriefInput } from '../../shared/debrief-input.ts';
import type { Debrief } from '../../shared/debriefs.ts';
import { changeWithEvent } from '../commitments/events.ts';

type DebriefRow = typeof debriefs.$inferSelect;

export function toDebrief(row: Omit<DebriefRow, 'search'>): Debrief {
	return {
		commitmentId: row.commitmentId,
		authorId: row.authorId,
		outcome: row.outcome,
		whatWorked: row.whatWorked,
		whatDidnt: row.whatDidnt,
		lessons: row.lessons,
		objective: row.objective,
		situation: row.situation,
		people: row.people,
		createdAt: row.createdAt.getTime(),
		updatedAt: row.updatedAt.getTime()
	};
}

/** `GET /api/v1/commitments/<id>/debrief`: whoever sees the commitment; `null` until written. */
export async function getDebrief(
	ctx: AppContext,
	actor: PublicUser | null,
	commitmentId: string
): Promise<{ debrief: Debrief | null }> {
	await authorizeCommitment(ctx, actor, commitmentId);
	const [row] = await ctx.db.select().from(debriefs).where(eq(debriefs.commitmentId, commitmentId));
	return { debrief: row ? toDebrief(row) : null };
}

/**
 * `PUT /api/v1/commitments/<id>/debrief`: writes or rewrites the debrief. It may come before the
 * status change (the lifecycle refuses delivered/dropped without one), so the outcome is the
 * owner's statement of how it ended, not read from the status.
 */
export async function saveDebrief(
	ctx: AppContext,
	actor: PublicUser | null,
	commitmentId: string,
	body: unknown
): Promise<{ debrief: Debrief }> {
	// authorize
	const access = await authorizeOwner(ctx, actor, commitmentId, 'write its debrief');
	// validate
	const input = parseInput(debriefInput, body);
	// apply: the row and its event in one transaction, so a notification never precedes the text
	const now = new Date();
	const row = await changeWithEvent(ctx, async (tx) => {
		const [saved] = await tx
			.insert(debriefs)
			.values({ commitmentId, authorId: access.user.id, ...input, createdAt: now, updatedAt: now })
			.onConflictDoUpdate({ target: debriefs.commitmentId, set: { ...input, updatedAt: now } })
			.returning();
		const edited = saved!.createdAt.getTime() !== now.getTime();
		return {
			result: saved!,
			event: {
				commitmentId,
				actorId: access.user.id,
				kind: 'debrief',
				detail: { outcome: input.outcome, edited }
			}
		};
	});
	return { debrief: toDebrief(row) };
}

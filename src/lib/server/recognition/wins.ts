import { and, desc, eq, inArray } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import { pickColumns } from '../db/columns.ts';
import { commitments, debriefs, users } from '../db/schema/index.ts';
import { requireUser } from '../auth/access.ts';
import { canView } from '../challenges/access.ts';
import { loadAllChallenges } from '../challenges/queries.ts';
import type { PublicUser } from '../../shared/auth.ts';
import type { Win } from '../../shared/contributions.ts';

/** How many wins the home page celebrates at once. */
const WINS_SHOWN = 5;

/** Delivered commitments the viewer may see, newest first, with their debrief's highlights. */
export async function recentWins(
	ctx: AppContext,
	actor: PublicUser | null
): Promise<{ wins: Win[] }> {
	const user = requireUser(actor);
	const visible = (await loadAllChallenges(ctx.db)).filter((c) => canView(user, c));
	if (visible.length === 0) return { wins: [] };
	const titles = new Map(visible.map((c) => [c.id, c.title]));
	const rows = await ctx.db
		.select({
			...pickColumns(commitments, 'id', 'title', 'challengeId', 'ownerId', 'updatedAt'),
			...pickColumns(debriefs, 'whatWorked', 'lessons'),
			ownerName: users.name
		})
		.from(commitments)
		.innerJoin(users, eq(users.id, commitments.ownerId))
		.leftJoin(debriefs, eq(debriefs.commitmentId, commitments.id))
		.where(
			and(eq(commitments.status, 'delivered'), inArray(commitments.challengeId, [...titles.keys()]))
		)
		.orderBy(desc(commitments.updatedAt))
		.limit(WINS_SHOWN);
	return {
		wins: rows.map((r) => ({
			commitmentId: r.id,
			title: r.title,
			challengeTitle: titles.get(r.challengeId)!,
			ownerId: r.ownerId,
			ownerName: r.ownerName,
			deliveredAt: r.updatedAt.getTime(),
			highlight:
				r.whatWorked === null ? null : { whatWorked: r.whatWorked, lessons: r.lessons ?? '' }
		}))
	};
}

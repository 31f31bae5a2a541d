import { and, desc, eq, gte, inArray } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import { commitmentEvents, commitments, kudos } from '../db/schema/index.ts';
import { requireUser } from '../auth/access.ts';
import { eventsWithActor } from '../commitments/events.ts';
import { commitmentsOf } from '../commitments/reads.ts';
import type { PublicUser } from '../../shared/auth.ts';
import { notificationText } from '../../shared/notifications.ts';
import { loadAllChallenges } from '../challenges/queries.ts';
import { watchedCommitments } from './watched.ts';

const WEEK_MS = 7 * 24 * 3600 * 1000;

export interface Digest {
	since: number;
	moved: { commitmentId: string; title: string; changes: { text: string; at: number }[] }[];
	quiet: number;
	kudosReceived: number;
}

/**
 * What moved in the last seven days among what the person owns, sponsors or follows: one entry
 * per commitment with its changes, newest first, and how many watched items did not move.
 */
export async function weeklyDigest(
	ctx: AppContext,
	actor: PublicUser | null,
	now = Date.now()
): Promise<Digest> {
	const user = requireUser(actor);
	const since = now - WEEK_MS;
	const [watched, owned] = await Promise.all([
		loadAllChallenges(ctx.db).then((all) => watchedCommitments(ctx, user, all)),
		commitmentsOf(ctx, user, 'owner')
	]);
	const titles = new Map([
		...watched.map((w) => [w.id, w.title] as const),
		...owned.map((i) => [i.commitment.id, i.commitment.title] as const)
	]);
	const ids = [...titles.keys()];
	const [events, received] = await Promise.all([
		ids.length === 0
			? Promise.resolve([])
			: eventsWithActor(ctx.db)
					.innerJoin(commitments, eq(commitments.id, commitmentEvents.commitmentId))
					.where(
						and(
							inArray(commitmentEvents.commitmentId, ids),
							gte(commitmentEvents.createdAt, new Date(since))
						)
					)
					.orderBy(desc(commitmentEvents.seq)),
		ctx.db.$count(kudos, and(eq(kudos.toUserId, user.id), gte(kudos.createdAt, new Date(since))))
	]);
	const moved = new Map<string, Digest['moved'][number]>();
	for (const e of events) {
		const title = titles.get(e.commitmentId)!;
		const entry = moved.get(e.commitmentId) ?? { commitmentId: e.commitmentId, title, changes: [] };
		entry.changes.push({
			text: notificationText(e.kind, e.detail, e.actorName, title),
			at: e.createdAt.getTime()
		});
		moved.set(e.commitmentId, entry);
	}
	return {
		since,
		moved: [...moved.values()],
		quiet: ids.length - moved.size,
		kudosReceived: received
	};
}

import { and, desc, eq, exists, getTableColumns, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import {
	challenges,
	commitmentContributors,
	commitments,
	debriefs,
	users
} from '../db/schema/index.ts';
import { requireUser } from '../auth/access.ts';
import type { PublicUser } from '../../shared/auth.ts';
import { parseInput } from '../../shared/validate.ts';
import { practiceQuery } from '../../shared/debrief-input.ts';
import type { Practice } from '../../shared/debriefs.ts';
import { toDebrief } from './service.ts';

const PAGE = 50;

/**
 * `GET /api/v1/practices`: the practice library. Anyone signed in reads every debrief: the
 * library exists so one team learns from another's pilot, and a lesson kept inside the
 * challenge's invitation would defeat it. Debriefs carry prose, not the board's notes, so an
 * anonymous challenge's authorship stays hidden (only the owner's team is shown for it).
 */
export async function searchPractices(
	ctx: AppContext,
	actor: PublicUser | null,
	query: unknown
): Promise<{ practices: Practice[] }> {
	requireUser(actor);
	const { q, team, quarter, outcome } = parseInput(practiceQuery, query);
	const tsquery = q ? sql`websearch_to_tsquery('english', ${q})` : null;
	const where: SQL[] = [];
	if (tsquery) where.push(sql`${debriefs.search} @@ ${tsquery}`);
	if (quarter) where.push(eq(challenges.quarter, quarter));
	if (outcome) where.push(eq(debriefs.outcome, outcome));
	if (team) {
		where.push(
			or(
				eq(users.teamId, team),
				and(
					eq(challenges.anonymousNotes, false),
					exists(
						ctx.db
							.select({ one: sql`1` })
							.from(commitmentContributors)
							.where(
								and(
									eq(commitmentContributors.commitmentId, commitments.id),
									eq(commitmentContributors.teamId, team)
								)
							)
					)
				)
			)!
		);
	}
	// The tsvector stays in the database: it is an index, not something to send.
	const { search, ...debriefColumns } = getTableColumns(debriefs);
	void search;
	const rows = await ctx.db
		.select({
			debrief: debriefColumns,
			title: commitments.title,
			challengeId: challenges.id,
			challengeTitle: challenges.title,
			quarter: challenges.quarter,
			anonymous: challenges.anonymousNotes,
			ownerId: commitments.ownerId,
			ownerName: users.name,
			ownerTeamId: users.teamId,
			snippet: tsquery
				? sql<string>`ts_headline('english', ${debriefs.lessons} || ' · ' || ${debriefs.whatWorked} || ' · ' || ${debriefs.whatDidnt} || ' · ' || ${debriefs.situation}, ${tsquery}, 'StartSel=«, StopSel=», MaxWords=24, MinWords=8')`
				: sql<null>`null`
		})
		.from(debriefs)
		.innerJoin(commitments, eq(commitments.id, debriefs.commitmentId))
		.innerJoin(challenges, eq(challenges.id, commitments.challengeId))
		.innerJoin(users, eq(users.id, commitments.ownerId))
		.where(where.length ? and(...where) : undefined)
		.orderBy(
			...(tsquery ? [desc(sql`ts_rank(${debriefs.search}, ${tsquery})`)] : []),
			desc(debriefs.updatedAt)
		)
		.limit(PAGE);
	const contributorTeams = await teamsOf(
		ctx,
		rows.filter((r) => !r.anonymous).map((r) => r.debrief.commitmentId)
	);
	return {
		practices: rows.map((r) => {
			const teamIds = new Set(contributorTeams.get(r.debrief.commitmentId) ?? []);
			if (r.ownerTeamId) teamIds.add(r.ownerTeamId);
			return {
				...toDebrief(r.debrief),
				title: r.title,
				challengeId: r.challengeId,
				challengeTitle: r.challengeTitle,
				quarter: r.quarter,
				ownerId: r.ownerId,
				ownerName: r.ownerName,
				teamIds: [...teamIds].sort(),
				snippet: r.snippet
			};
		})
	};
}

async function teamsOf(ctx: AppContext, commitmentIds: string[]): Promise<Map<string, string[]>> {
	const byCommitment = new Map<string, string[]>();
	if (commitmentIds.length === 0) return byCommitment;
	const rows = await ctx.db
		.selectDistinct({
			commitmentId: commitmentContributors.commitmentId,
			teamId: commitmentContributors.teamId
		})
		.from(commitmentContributors)
		.where(inArray(commitmentContributors.commitmentId, commitmentIds));
	for (const row of rows) {
		if (!row.teamId) continue;
		byCommitment.set(row.commitmentId, [...(byCommitment.get(row.commitmentId) ?? []), row.teamId]);
	}
	return byCommitment;
}

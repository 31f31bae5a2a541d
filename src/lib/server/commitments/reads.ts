import { and, asc, eq, inArray, or } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import {
	challenges,
	commitmentContributors,
	commitments,
	follows,
	ideaNotes,
	ideas,
	liveSessions,
	teams,
	users
} from '../db/schema/index.ts';
import { requireUser } from '../auth/access.ts';
import { listPeople } from '../users/service.ts';
import type { PublicUser } from '../../shared/auth.ts';
import { parseInput } from '../../shared/validate.ts';
import { commitmentListQuery } from '../../shared/commitment-input.ts';
import type { Commitment, CommitmentRole, NamedCommitment } from '../../shared/commitments.ts';
import type { CheckIn, HistoryEntry } from '../../shared/commitment-lifecycle.ts';
import { authorizeCommitment } from './access.ts';
import {
	loadCommitments,
	openCountsByOwner,
	toCommitment,
	type StoredCommitment
} from './queries.ts';
import { loadChallenge } from '../challenges/queries.ts';
import { canView } from '../challenges/access.ts';
import { loadCheckIns, loadHistory } from './events.ts';

/** `GET /api/v1/commitments?role=`: what the actor owns, sponsors, or follows. */
export async function listCommitments(
	ctx: AppContext,
	actor: PublicUser | null,
	query: unknown
): Promise<{ commitments: Commitment[] }> {
	const user = requireUser(actor);
	const { role } = parseInput(commitmentListQuery, query);
	return { commitments: (await commitmentsOf(ctx, user, role)).map((c) => c.commitment) };
}

export interface CommitmentListItem {
	commitment: Commitment;
	challengeTitle: string;
	ownerName: string;
}

/** The actor's commitments in one role, with the names a list shows. */
export async function commitmentsOf(
	ctx: AppContext,
	user: PublicUser,
	role: CommitmentRole
): Promise<CommitmentListItem[]> {
	const where =
		role === 'owner'
			? eq(commitments.ownerId, user.id)
			: role === 'sponsor'
				? eq(commitments.sponsorId, user.id)
				: followedBy(ctx, user.id);
	let stored = await loadCommitments(ctx.db, where);
	if (role === 'follower') stored = await stillVisible(ctx, user, stored);
	if (stored.length === 0) return [];
	const [challengeRows, owners] = await Promise.all([
		ctx.db
			.select({ id: challenges.id, title: challenges.title, anonymous: challenges.anonymousNotes })
			.from(challenges)
			.where(inArray(challenges.id, [...new Set(stored.map((s) => s.row.challengeId))])),
		names(
			ctx,
			stored.map((s) => s.row.ownerId)
		)
	]);
	const byId = new Map(challengeRows.map((c) => [c.id, c]));
	const now = Date.now();
	return stored.map((s) => {
		const challenge = byId.get(s.row.challengeId)!;
		return {
			commitment: toCommitment(s, user.id, challenge.anonymous, now),
			challengeTitle: challenge.title,
			ownerName: owners.get(s.row.ownerId) ?? 'Someone'
		};
	});
}

/**
 * A follower's commitments: the ones they contributed to, follow, or whose challenge they
 * follow. A follow outlives access, so what is listed is checked against the challenge again.
 */
export function followedBy(ctx: AppContext, userId: string) {
	const mine = (kind: 'challenge' | 'commitment') =>
		ctx.db
			.select({ id: follows.targetId })
			.from(follows)
			.where(and(eq(follows.userId, userId), eq(follows.targetKind, kind)));
	return or(
		inArray(
			commitments.id,
			ctx.db
				.select({ id: commitmentContributors.commitmentId })
				.from(commitmentContributors)
				.where(eq(commitmentContributors.userId, userId))
		),
		inArray(commitments.id, mine('commitment')),
		inArray(commitments.challengeId, mine('challenge'))
	)!;
}

async function stillVisible(
	ctx: AppContext,
	user: PublicUser,
	stored: StoredCommitment[]
): Promise<StoredCommitment[]> {
	const ids = [...new Set(stored.map((s) => s.row.challengeId))];
	const loaded = await Promise.all(ids.map((id) => loadChallenge(ctx.db, id)));
	const visible = new Set(loaded.filter((c) => c && canView(user, c)).map((c) => c!.id));
	return stored.filter((s) => s.contributorIds.includes(user.id) || visible.has(s.row.challengeId));
}

export interface OwnerCandidate {
	id: string;
	name: string;
	teamId: string | null;
	teamName: string | null;
	/** Commitments they hold that are neither delivered nor dropped: the go-to guard's input. */
	openCommitments: number;
}

/** Everyone who could own a commitment, for the facilitator's picker. */
export async function ownerCandidates(
	ctx: AppContext,
	actor: PublicUser | null
): Promise<{ people: OwnerCandidate[] }> {
	const [people, counts, teamRows] = await Promise.all([
		listPeople(ctx, actor),
		openCountsByOwner(ctx.db),
		ctx.db.select({ id: teams.id, name: teams.name }).from(teams)
	]);
	const teamNames = new Map(teamRows.map((t) => [t.id, t.name]));
	return {
		people: people.map((p) => ({
			id: p.id,
			name: p.name,
			teamId: p.teamId,
			teamName: p.teamId ? (teamNames.get(p.teamId) ?? null) : null,
			openCommitments: counts.get(p.id) ?? 0
		}))
	};
}

export interface CommitmentDetail {
	commitment: Commitment;
	/** The owner, the challenge's facilitator and admins edit, check in and decide. */
	mayEdit: boolean;
	checkIns: CheckIn[];
	history: HistoryEntry[];
	people: Record<string, { name: string; teamName: string | null }>;
	origin: {
		idea: { id: string; title: string; notes: { id: string; text: string }[] };
		session: { id: string; startedAt: number; endedAt: number | null };
		challenge: { id: string; title: string; question: string; quarter: string };
	};
}

/** The commitment page: its fields, the people it names, and where it came from. */
export async function commitmentDetail(
	ctx: AppContext,
	actor: PublicUser | null,
	id: string
): Promise<CommitmentDetail> {
	const { user, stored, challenge, mayEdit } = await authorizeCommitment(ctx, actor, id);
	const commitment = toCommitment(stored, user.id, challenge.anonymousNotes, Date.now());
	const [[idea], notes, [session], people, checkIns, history] = await Promise.all([
		ctx.db.select().from(ideas).where(eq(ideas.id, stored.row.ideaId)),
		ctx.db
			.select({ id: ideaNotes.noteId, text: ideaNotes.text })
			.from(ideaNotes)
			.where(eq(ideaNotes.ideaId, stored.row.ideaId))
			.orderBy(asc(ideaNotes.noteId)),
		ctx.db.select().from(liveSessions).where(eq(liveSessions.id, stored.row.sessionId)),
		peopleNamed(ctx, [
			commitment.ownerId,
			...(commitment.sponsorId ? [commitment.sponsorId] : []),
			...commitment.contributorIds
		]),
		loadCheckIns(ctx.db, id),
		loadHistory(ctx.db, id)
	]);
	return {
		commitment,
		mayEdit,
		checkIns,
		history,
		people,
		origin: {
			idea: { id: idea!.id, title: idea!.title, notes },
			session: {
				id: session!.id,
				startedAt: session!.createdAt.getTime(),
				endedAt: session!.endedAt?.getTime() ?? null
			},
			challenge: {
				id: challenge.id,
				title: challenge.title,
				question: challenge.question,
				quarter: challenge.quarter
			}
		}
	};
}

/** Adds the owner's and sponsor's names, in one read for all of them. */
export async function nameCommitments(
	ctx: AppContext,
	list: Commitment[]
): Promise<NamedCommitment[]> {
	const named = await peopleNamed(
		ctx,
		list.flatMap((c) => [c.ownerId, ...(c.sponsorId ? [c.sponsorId] : [])])
	);
	return list.map((c) => ({
		...c,
		ownerName: named[c.ownerId]?.name ?? 'Someone',
		sponsorName: c.sponsorId ? (named[c.sponsorId]?.name ?? null) : null
	}));
}

async function names(ctx: AppContext, ids: string[]): Promise<Map<string, string>> {
	const people = await peopleNamed(ctx, ids);
	return new Map(Object.entries(people).map(([id, p]) => [id, p.name]));
}

/** Names and teams of the given people (those a commitment names). */
export async function peopleNamed(
	ctx: AppContext,
	ids: string[]
): Promise<Record<string, { name: string; teamName: string | null }>> {
	const unique = [...new Set(ids)];
	if (unique.length === 0) return {};
	const rows = await ctx.db
		.select({ id: users.id, name: users.name, teamName: teams.name })
		.from(users)
		.leftJoin(teams, eq(teams.id, users.teamId))
		.where(inArray(users.id, unique));
	return Object.fromEntries(rows.map((r) => [r.id, { name: r.name, teamName: r.teamName }]));
}

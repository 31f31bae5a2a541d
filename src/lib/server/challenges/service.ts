import { and, eq, inArray } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import { challenges, liveSessions, teams, users } from '../db/schema/index.ts';
import { newId } from '../ids.ts';
import { requireUser } from '../auth/access.ts';
import { DomainError } from '../../shared/errors.ts';
import type { PublicUser } from '../../shared/auth.ts';
import {
	canChangeStatus,
	challengeCreateInput,
	challengeUpdateInput,
	quarterOf,
	type Challenge
} from '../../shared/challenges.ts';
import { parseInput } from '../../shared/validate.ts';
import { checkVoteSettings, type VoteSettings } from '../../shared/votes.ts';
import {
	canCreateChallenge,
	canView,
	requireManage,
	requireView,
	type ChallengeWithOwner
} from './access.ts';
import {
	existingChallenge,
	loadAllChallenges,
	loadChallenge,
	replaceInvites,
	type DbOrTx
} from './queries.ts';

export function toPublicChallenge({
	createdBy: _createdBy,
	...challenge
}: ChallengeWithOwner): Challenge {
	return challenge;
}

/** Only the challenges the actor may see: the list never leaks other titles. */
export async function listChallenges(
	ctx: AppContext,
	actor: PublicUser | null
): Promise<Challenge[]> {
	const user = requireUser(actor);
	const all = await loadAllChallenges(ctx.db);
	return all
		.filter((c) => canView(user, c))
		.sort((a, b) => b.quarter.localeCompare(a.quarter) || a.title.localeCompare(b.title))
		.map(toPublicChallenge);
}

/** Loads a challenge the actor may see: 404 when it does not exist, 403 when not invited. */
export async function getVisibleChallenge(
	ctx: AppContext,
	actor: PublicUser | null,
	id: string
): Promise<ChallengeWithOwner> {
	const user = requireUser(actor);
	const challenge = await existingChallenge(ctx.db, id);
	requireView(user, challenge);
	return challenge;
}

export async function createChallenge(
	ctx: AppContext,
	actor: PublicUser | null,
	body: unknown
): Promise<Challenge> {
	// authorize
	const user = requireUser(actor);
	if (!canCreateChallenge(user)) {
		throw new DomainError('forbidden', 'Only facilitators and admins create challenges.');
	}
	// validate
	const input = parseInput(challengeCreateInput, body);
	requireVoteSettings(input, null, false);
	const facilitatorId = input.facilitatorId ?? user.id;
	// apply
	const id = newId();
	await ctx.db.transaction(async (tx) => {
		await checkReferences(tx, { ...input, facilitatorId });
		await tx.insert(challenges).values({
			id,
			title: input.title,
			question: input.question,
			whyItMatters: input.whyItMatters,
			quarter: input.quarter ?? quarterOf(new Date()),
			status: input.status,
			audience: input.audience,
			sponsorId: input.sponsorId,
			facilitatorId,
			createdBy: user.id,
			voteBudget: input.voteBudget,
			voteCap: input.voteCap,
			privateWriting: input.privateWriting,
			anonymousNotes: input.anonymousNotes
		});
		await replaceInvites(tx, id, input.invitedTeamIds, input.invitedUserIds);
	});
	return toPublicChallenge((await loadChallenge(ctx.db, id))!);
}

export async function updateChallenge(
	ctx: AppContext,
	actor: PublicUser | null,
	id: string,
	body: unknown
): Promise<Challenge> {
	const existing = await getVisibleChallenge(ctx, actor, id);
	requireManage(actor!, existing);
	const input = parseInput(challengeUpdateInput, body);
	const { invitedTeamIds, invitedUserIds, ...columns } = input;
	await ctx.db.transaction(async (tx) => {
		// Locked with the sessions' rows: a stage change to `vote` and this check cannot interleave.
		const [row] = await tx.select().from(challenges).where(eq(challenges.id, id)).for('update');
		if (!row) throw new DomainError('not_found', 'That challenge does not exist.');
		if (input.status && !canChangeStatus(row.status, input.status)) {
			throw new DomainError(
				'conflict',
				`${row.status === 'open' ? 'An' : 'A'} ${row.status} challenge cannot become ${input.status}: drafts open, open challenges close.`
			);
		}
		const voting = await tx
			.select({ id: liveSessions.id })
			.from(liveSessions)
			.where(and(eq(liveSessions.challengeId, id), eq(liveSessions.stage, 'vote')))
			.for('update');
		const next = {
			voteBudget: input.voteBudget ?? row.voteBudget,
			voteCap: input.voteCap ?? row.voteCap
		};
		requireVoteSettings(next, row, voting.length > 0);
		await checkReferences(tx, input);
		await tx
			.update(challenges)
			.set({ ...columns, updatedAt: new Date() })
			.where(eq(challenges.id, id));
		await replaceInvites(tx, id, invitedTeamIds, invitedUserIds);
	});
	const updated = (await loadChallenge(ctx.db, id))!;
	// People who lost access leave its live sessions now, on every node.
	ctx.sockets.revalidateChallenge(id);
	return toPublicChallenge(updated);
}

function requireVoteSettings(
	next: VoteSettings,
	current: VoteSettings | null,
	voting: boolean
): void {
	const decision = checkVoteSettings(next, current, voting);
	if (!decision.ok) {
		throw new DomainError(decision.code, decision.message, {
			fields: { [decision.field]: decision.message }
		});
	}
}

async function checkReferences(
	tx: DbOrTx,
	input: {
		sponsorId?: string | null;
		facilitatorId?: string;
		invitedTeamIds?: string[];
		invitedUserIds?: string[];
	}
): Promise<void> {
	const refuse = (field: string, message: string) => {
		throw new DomainError('invalid_input', message, { fields: { [field]: message } });
	};
	if (input.facilitatorId) {
		const [f] = await tx
			.select({ role: users.role })
			.from(users)
			.where(eq(users.id, input.facilitatorId));
		if (!f) refuse('facilitatorId', 'That facilitator does not exist.');
		else if (f.role === 'member')
			refuse('facilitatorId', 'The facilitator must have the facilitator or admin role.');
	}
	if (input.sponsorId) {
		const [s] = await tx.select({ id: users.id }).from(users).where(eq(users.id, input.sponsorId));
		if (!s) refuse('sponsorId', 'That sponsor does not exist.');
	}
	if (!(await allExist(tx, teams, input.invitedTeamIds)))
		refuse('invitedTeamIds', 'One of the invited teams does not exist.');
	if (!(await allExist(tx, users, input.invitedUserIds)))
		refuse('invitedUserIds', 'One of the invited people does not exist.');
}

/** Whether every id (duplicates allowed) names a row of the table; no ids is trivially true. */
async function allExist(
	tx: DbOrTx,
	table: typeof teams | typeof users,
	ids: string[] | undefined
): Promise<boolean> {
	if (!ids?.length) return true;
	const wanted = new Set(ids);
	const found = await tx
		.select({ id: table.id })
		.from(table)
		.where(inArray(table.id, [...wanted]));
	return found.length === wanted.size;
}

/**
 * Names of the people a challenge names (facilitator, sponsor, invitees), for anyone who may see
 * it; the full directory stays with facilitators and admins.
 */
export async function challengePeople(
	ctx: AppContext,
	challenge: ChallengeWithOwner
): Promise<Map<string, string>> {
	const ids = [challenge.facilitatorId, challenge.sponsorId, ...challenge.invitedUserIds].filter(
		(id): id is string => id !== null
	);
	const rows = await ctx.db
		.select({ id: users.id, name: users.name })
		.from(users)
		.where(inArray(users.id, ids));
	return new Map(rows.map((r) => [r.id, r.name]));
}

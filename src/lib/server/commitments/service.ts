import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import type { DbOrTx } from '../challenges/queries.ts';
import {
	commitmentContributors,
	commitments,
	ideaNotes,
	ideas,
	users
} from '../db/schema/index.ts';
import { newId } from '../ids.ts';
import { authorizeManage } from '../sessions/access.ts';
import { lockSession } from '../sessions/queries.ts';
import { DomainError, found } from '../../shared/errors.ts';
import type { PublicUser } from '../../shared/auth.ts';
import { parseInput } from '../../shared/validate.ts';
import { rooms } from '../../shared/realtime.ts';
import {
	commitmentInput,
	commitmentPatch,
	type CommitmentPatch
} from '../../shared/commitment-input.ts';
import { dueDateProblem, type Commitment } from '../../shared/commitments.ts';
import type { CheckIn, HistoryEntry } from '../../shared/commitment-lifecycle.ts';
import { authorizeCommitment, authorizeEdit } from './access.ts';
import { loadCheckIns, loadHistory, recordEvent } from './events.ts';
import { nameCommitments } from './reads.ts';
import { forIdea, loadCommitment, loadCommitments, toCommitment } from './queries.ts';

/**
 * The facilitator turns an idea of this session into a commitment, in the Commit stage, with
 * the room watching: everyone in the session hears `commitment:created`.
 */
export async function createCommitment(
	ctx: AppContext,
	actor: PublicUser | null,
	sessionId: string,
	body: unknown
): Promise<{ commitment: Commitment }> {
	// authorize
	const { user, challenge } = await authorizeManage(ctx, actor, sessionId);
	// validate
	const input = parseInput(commitmentInput, body);
	const now = Date.now();
	refuseField('dueDate', dueDateProblem(input.dueDate, now));
	const sponsorId = input.sponsorId === undefined ? challenge.sponsorId : input.sponsorId;
	// apply: the session row lock orders this against stage changes and a second create
	const id = await ctx.db.transaction(async (tx) => {
		const session = found(await lockSession(tx, sessionId), 'session');
		const [idea] = await tx
			.select({ id: ideas.id })
			.from(ideas)
			.where(and(eq(ideas.id, input.ideaId), eq(ideas.sessionId, sessionId)));
		if (!idea) throw new DomainError('not_found', 'That idea is not one of this session’s.');
		if (session.stage !== 'commit') {
			throw new DomainError('conflict', 'Commitments are made in the Commit stage.');
		}
		if ((await loadCommitments(tx, forIdea(sessionId, idea.id))).length > 0) {
			throw new DomainError('conflict', 'This idea has a commitment already; change that one.');
		}
		await requirePeople(tx, { ownerId: input.ownerId, sponsorId });
		const commitmentId = newId();
		await tx.insert(commitments).values({
			id: commitmentId,
			ideaId: idea.id,
			sessionId,
			challengeId: challenge.id,
			title: input.title,
			description: input.description,
			ownerId: input.ownerId,
			sponsorId,
			dueDate: input.dueDate,
			...metricColumns(input.metric),
			kind: input.kind,
			nextStep: input.nextStep,
			createdBy: user.id
		});
		const authors = await tx
			.selectDistinctOn([ideaNotes.authorId], {
				userId: ideaNotes.authorId,
				teamId: ideaNotes.teamId
			})
			.from(ideaNotes)
			.where(and(eq(ideaNotes.ideaId, idea.id), isNotNull(ideaNotes.authorId)));
		if (authors.length > 0) {
			await tx
				.insert(commitmentContributors)
				.values(authors.map((a) => ({ commitmentId, userId: a.userId!, teamId: a.teamId })));
		}
		await recordEvent(tx, { commitmentId, actorId: user.id, kind: 'created' });
		return commitmentId;
	});
	// publish
	const stored = (await loadCommitment(ctx.db, id))!;
	const anonymous = challenge.anonymousNotes;
	await publish(ctx, 'commitment:created', toCommitment(stored, '', anonymous, now));
	return { commitment: toCommitment(stored, user.id, anonymous, now) };
}

export async function getCommitment(
	ctx: AppContext,
	actor: PublicUser | null,
	id: string
): Promise<{ commitment: Commitment; checkIns: CheckIn[]; history: HistoryEntry[] }> {
	const { user, stored, challenge } = await authorizeCommitment(ctx, actor, id);
	const [checkIns, history] = await Promise.all([
		loadCheckIns(ctx.db, id),
		loadHistory(ctx.db, id)
	]);
	return {
		commitment: toCommitment(stored, user.id, challenge.anonymousNotes, Date.now()),
		checkIns,
		history
	};
}

/** The owner or a manager changes what was promised; status moves by check-ins, not here. */
export async function updateCommitment(
	ctx: AppContext,
	actor: PublicUser | null,
	id: string,
	body: unknown
): Promise<{ commitment: Commitment }> {
	// authorize
	const access = await authorizeEdit(ctx, actor, id);
	// validate
	const patch = parseInput(commitmentPatch, body);
	const now = Date.now();
	const before = toCommitment(access.stored, access.user.id, false, now);
	if (patch.dueDate !== undefined && patch.dueDate !== before.dueDate)
		refuseField('dueDate', dueDateProblem(patch.dueDate, now));
	if ((patch.kind ?? before.kind) !== 'pilot' && (patch.comparisonGroup ?? before.comparisonGroup))
		refuseField('comparisonGroup', 'Only a pilot has a comparison group.');
	const changes = changedFields(before, patch);
	// apply
	await ctx.db.transaction(async (tx) => {
		await requirePeople(tx, { ownerId: patch.ownerId, sponsorId: patch.sponsorId ?? null });
		const { metric, ...rest } = patch;
		await tx
			.update(commitments)
			.set({ ...rest, ...(metric ? metricColumns(metric) : {}), updatedAt: new Date(now) })
			.where(eq(commitments.id, id));
		if (Object.keys(changes).length > 0) {
			await recordEvent(tx, {
				commitmentId: id,
				actorId: access.user.id,
				kind: 'edited',
				detail: { changes }
			});
		}
	});
	// publish
	const stored = (await loadCommitment(ctx.db, id))!;
	const anonymous = access.challenge.anonymousNotes;
	await publish(ctx, 'commitment:updated', toCommitment(stored, '', anonymous, now));
	return { commitment: toCommitment(stored, access.user.id, anonymous, now) };
}

/** What a PATCH changes, field by field, for the history: `{field: {from, to}}`. */
function changedFields(
	before: Commitment,
	patch: CommitmentPatch
): Record<string, { from: unknown; to: unknown }> {
	const changes: Record<string, { from: unknown; to: unknown }> = {};
	for (const [field, to] of Object.entries(patch)) {
		const from = before[field as keyof CommitmentPatch];
		if (JSON.stringify(from) !== JSON.stringify(to)) changes[field] = { from, to };
	}
	return changes;
}

/** Tells everyone in the commitment's session, with the names their screens show. */
export async function publish(
	ctx: AppContext,
	event: 'commitment:created' | 'commitment:updated',
	commitment: Commitment
): Promise<void> {
	const [named] = await nameCommitments(ctx, [commitment]);
	const { sessionId } = commitment;
	ctx.sockets.emit(rooms.session(sessionId), event, { sessionId, commitment: named! });
}

function metricColumns(metric: { name: string; unit: string; baseline: number; target: number }) {
	return {
		metricName: metric.name,
		metricUnit: metric.unit,
		metricBaseline: metric.baseline,
		metricTarget: metric.target
	};
}

export function refuseField(field: string, problem: string | null): void {
	if (problem) throw new DomainError('invalid_input', problem, { fields: { [field]: problem } });
}

/** The owner and sponsor must be people of the organisation; a typo'd id is a 400, not a 500. */
export async function requirePeople(
	tx: DbOrTx,
	people: { ownerId?: string; sponsorId: string | null }
): Promise<void> {
	const wanted = Object.entries(people).filter(
		(entry): entry is [string, string] => typeof entry[1] === 'string'
	);
	if (wanted.length === 0) return;
	const found = await tx
		.select({ id: users.id })
		.from(users)
		.where(
			inArray(
				users.id,
				wanted.map(([, id]) => id)
			)
		);
	const known = new Set(found.map((u) => u.id));
	for (const [field, userId] of wanted) {
		if (!known.has(userId)) refuseField(field, 'That person is not in the organisation.');
	}
}

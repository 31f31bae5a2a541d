import { eq } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import type { DbOrTx } from '../challenges/queries.ts';
import { checkIns, commitmentContributors, commitments, debriefs } from '../db/schema/index.ts';
import { newId } from '../ids.ts';
import { DomainError } from '../../shared/errors.ts';
import type { PublicUser } from '../../shared/auth.ts';
import { parseInput } from '../../shared/validate.ts';
import { checkInInput, decisionInput } from '../../shared/commitment-input.ts';
import {
	decisionProblem,
	followUpKind,
	statusTransition,
	type CheckIn,
	type Refusal
} from '../../shared/commitment-lifecycle.ts';
import { dueDateProblem, type Commitment } from '../../shared/commitments.ts';
import { authorizeEdit } from './access.ts';
import { loadCheckIns, recordEvent } from './events.ts';
import { announceNotifications } from '../notifications/notify.ts';
import { loadCommitment, toCommitment } from './queries.ts';
import { publish, refuseField, requirePeople } from './service.ts';

/**
 * The owner (or the challenge's facilitator or an admin) reports progress; the status moves only
 * here, through the status machine, and delivered or dropped only with a debrief on file.
 */
export async function postCheckIn(
	ctx: AppContext,
	actor: PublicUser | null,
	id: string,
	body: unknown
): Promise<{ checkIn: CheckIn; commitment: Commitment }> {
	// authorize
	const access = await authorizeEdit(ctx, actor, id);
	// validate
	const input = parseInput(checkInInput, body);
	const checkInId = newId();
	// apply: the row lock orders concurrent check-ins, so each sees the status the other left
	const told = await ctx.db.transaction(async (tx) => {
		const row = await lockCommitment(tx, id);
		if (input.comparisonActual != null && !row.comparisonGroup) {
			refuseField(
				'comparisonActual',
				'This commitment names no comparison group; set one on the pilot first.'
			);
		}
		const [debrief] = await tx
			.select({ id: debriefs.commitmentId })
			.from(debriefs)
			.where(eq(debriefs.commitmentId, id));
		const move = statusTransition(row.status, input.status, Boolean(debrief));
		if (!move.ok) throw refusal(move);
		const at = new Date();
		await tx.insert(checkIns).values({
			id: checkInId,
			commitmentId: id,
			authorId: access.user.id,
			status: input.status,
			note: input.note,
			metricActual: input.metricActual ?? null,
			comparisonActual: input.comparisonActual ?? null,
			confidence: input.confidence,
			createdAt: at
		});
		const heard = await recordEvent(tx, {
			commitmentId: id,
			actorId: access.user.id,
			kind: 'check_in',
			detail: {
				checkInId,
				status: input.status,
				confidence: input.confidence,
				metricActual: input.metricActual ?? null,
				comparisonActual: input.comparisonActual ?? null
			},
			at
		});
		if (move.changed) {
			await tx
				.update(commitments)
				.set({ status: input.status, updatedAt: at })
				.where(eq(commitments.id, id));
			heard.push(
				...(await recordEvent(tx, {
					commitmentId: id,
					actorId: access.user.id,
					kind: 'status',
					detail: { from: row.status, to: input.status },
					at
				}))
			);
		}
		return heard;
	});
	// publish
	announceNotifications(ctx, told);
	const commitment = await publishChange(ctx, access.user.id, id, access.challenge.anonymousNotes);
	const checkIn = (await loadCheckIns(ctx.db, id)).find((c) => c.id === checkInId)!;
	return { checkIn, commitment };
}

/**
 * A closed pilot ends with a decision and a reason. Scale starts a rollout, iterate another
 * pilot round, both linked by `parent_id` and carrying the pilot's metric and contributors.
 */
export async function decidePilot(
	ctx: AppContext,
	actor: PublicUser | null,
	id: string,
	body: unknown
): Promise<{ commitment: Commitment; followUp: Commitment | null }> {
	// authorize
	const access = await authorizeEdit(ctx, actor, id);
	// validate
	const input = parseInput(decisionInput, body);
	const kind = followUpKind(input.decision);
	if (kind) {
		if (!input.dueDate) refuseField('dueDate', `A ${kind} needs a due date (YYYY-MM-DD).`);
		refuseField('dueDate', dueDateProblem(input.dueDate!, Date.now()));
		if (!input.nextStep) refuseField('nextStep', `Name the ${kind}’s first next step.`);
	}
	// apply
	const decided = await ctx.db.transaction(async (tx) => {
		const row = await lockCommitment(tx, id);
		const problem = decisionProblem(
			{ kind: row.kind, status: row.status, decided: row.decision !== null },
			input.decision
		);
		if (problem) throw refusal(problem);
		const at = new Date();
		await tx
			.update(commitments)
			.set({
				decision: input.decision,
				decisionReason: input.reason,
				decidedAt: at,
				updatedAt: at
			})
			.where(eq(commitments.id, id));
		const childId = kind ? newId() : null;
		if (kind && childId) {
			const ownerId = input.ownerId ?? row.ownerId;
			await requirePeople(tx, { ownerId, sponsorId: null });
			await tx.insert(commitments).values({
				...row,
				id: childId,
				ownerId,
				kind,
				parentId: id,
				dueDate: input.dueDate!,
				nextStep: input.nextStep!,
				comparisonGroup: kind === 'pilot' ? row.comparisonGroup : null,
				status: 'committed',
				decision: null,
				decisionReason: null,
				decidedAt: null,
				createdBy: access.user.id,
				createdAt: at,
				updatedAt: at
			});
			const credited = await tx
				.select()
				.from(commitmentContributors)
				.where(eq(commitmentContributors.commitmentId, id));
			if (credited.length > 0) {
				await tx
					.insert(commitmentContributors)
					.values(credited.map((c) => ({ ...c, commitmentId: childId })));
			}
			await recordEvent(tx, {
				commitmentId: childId,
				actorId: access.user.id,
				kind: 'created',
				detail: { parentId: id, decision: input.decision },
				at
			});
		}
		const heard = await recordEvent(tx, {
			commitmentId: id,
			actorId: access.user.id,
			kind: 'decision',
			detail: { decision: input.decision, reason: input.reason, followUpId: childId },
			at
		});
		return { childId, heard };
	});
	// publish
	announceNotifications(ctx, decided.heard);
	const anonymous = access.challenge.anonymousNotes;
	const commitment = await publishChange(ctx, access.user.id, id, anonymous);
	return {
		commitment,
		followUp: decided.childId
			? await publishChange(ctx, access.user.id, decided.childId, anonymous)
			: null
	};
}

async function lockCommitment(tx: DbOrTx, id: string) {
	const [row] = await tx.select().from(commitments).where(eq(commitments.id, id)).for('update');
	if (!row) throw new DomainError('not_found', 'That commitment does not exist.');
	return row;
}

function refusal(refused: Refusal): DomainError {
	return new DomainError(refused.code, refused.message);
}

/** Tells the session's room and answers with the viewer's projection. */
async function publishChange(
	ctx: AppContext,
	viewerId: string,
	id: string,
	anonymous: boolean
): Promise<Commitment> {
	const stored = (await loadCommitment(ctx.db, id))!;
	const now = Date.now();
	await publish(ctx, 'commitment:updated', toCommitment(stored, '', anonymous, now));
	return toCommitment(stored, viewerId, anonymous, now);
}

import { and, asc, eq } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import { valueRecords } from '../db/schema/index.ts';
import { newId } from '../ids.ts';
import { authorizeCommitment, authorizeOwner } from '../commitments/access.ts';
import { loadSettings } from '../settings/service.ts';
import { DomainError } from '../../shared/errors.ts';
import type { PublicUser } from '../../shared/auth.ts';
import { parseInput } from '../../shared/validate.ts';
import { valueClaimInput, valueReviewInput } from '../../shared/value-input.ts';
import type { ValueRecord } from '../../shared/value.ts';
import { changeWithEvent } from '../commitments/events.ts';

function toRecord(row: typeof valueRecords.$inferSelect): ValueRecord {
	return {
		...row,
		reviewedAt: row.reviewedAt?.getTime() ?? null,
		createdAt: row.createdAt.getTime()
	};
}

/** `GET /api/v1/commitments/<id>/value`: whoever sees the commitment, oldest first. */
export async function listValue(
	ctx: AppContext,
	actor: PublicUser | null,
	commitmentId: string
): Promise<{ currency: string; records: ValueRecord[]; mayClaim: boolean; mayReview: boolean }> {
	const access = await authorizeCommitment(ctx, actor, commitmentId);
	const [rows, settings] = await Promise.all([
		ctx.db
			.select()
			.from(valueRecords)
			.where(eq(valueRecords.commitmentId, commitmentId))
			.orderBy(asc(valueRecords.createdAt), asc(valueRecords.id)),
		loadSettings(ctx.db)
	]);
	return {
		currency: settings.currency,
		records: rows.map(toRecord),
		mayClaim: access.stored.row.ownerId === access.user.id,
		mayReview: mayReview(access.user, access.stored.row.sponsorId)
	};
}

/** The sponsor vouches for the value; an admin stands in when a commitment has none. */
function mayReview(user: PublicUser, sponsorId: string | null): boolean {
	return user.role === 'admin' || (sponsorId !== null && sponsorId === user.id);
}

/** `POST /api/v1/commitments/<id>/value`: the owner claims value, with evidence. */
export async function claimValue(
	ctx: AppContext,
	actor: PublicUser | null,
	commitmentId: string,
	body: unknown
): Promise<{ record: ValueRecord }> {
	// authorize
	const access = await authorizeOwner(ctx, actor, commitmentId, 'record its value');
	// validate
	const input = parseInput(valueClaimInput, body);
	// apply
	const row = await changeWithEvent(ctx, async (tx) => {
		const [saved] = await tx
			.insert(valueRecords)
			.values({ id: newId(), commitmentId, authorId: access.user.id, ...input })
			.returning();
		const detail = {
			action: 'claimed',
			recordId: saved!.id,
			amountMinor: input.amountMinor,
			metricDelta: input.metricDelta
		};
		return {
			result: saved!,
			event: { commitmentId, actorId: access.user.id, kind: 'value', detail }
		};
	});
	return { record: toRecord(row) };
}

/**
 * `POST /api/v1/commitments/<id>/value/<recordId>/review`: the sponsor (or an admin) confirms
 * or questions a claim. Only a claim awaiting review can be reviewed: the conditional update
 * makes two sponsors' clicks race to one verdict, not two.
 */
export async function reviewValue(
	ctx: AppContext,
	actor: PublicUser | null,
	commitmentId: string,
	recordId: string,
	body: unknown
): Promise<{ record: ValueRecord }> {
	// authorize
	const access = await authorizeCommitment(ctx, actor, commitmentId);
	if (!mayReview(access.user, access.stored.row.sponsorId)) {
		throw new DomainError(
			'forbidden',
			'Only the commitment’s sponsor (or an admin) can confirm or question its value.'
		);
	}
	// validate
	const { verdict, note } = parseInput(valueReviewInput, body);
	// apply
	const row = await changeWithEvent(ctx, async (tx) => {
		const where = and(eq(valueRecords.id, recordId), eq(valueRecords.commitmentId, commitmentId));
		const [existing] = await tx.select().from(valueRecords).where(where);
		if (!existing)
			throw new DomainError('not_found', 'That value record is not this commitment’s.');
		const [updated] = await tx
			.update(valueRecords)
			.set({
				status: verdict,
				reviewedBy: access.user.id,
				reviewNote: note || null,
				reviewedAt: new Date()
			})
			.where(and(where, eq(valueRecords.status, 'claimed')))
			.returning();
		if (!updated) {
			throw new DomainError(
				'conflict',
				`This value was already ${existing.status}; the owner can record a new claim.`
			);
		}
		return {
			result: updated,
			event: {
				commitmentId,
				actorId: access.user.id,
				kind: 'value',
				detail: { action: verdict, recordId, note }
			}
		};
	});
	return { record: toRecord(row) };
}

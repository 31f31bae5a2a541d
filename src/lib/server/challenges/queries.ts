import { eq, inArray } from 'drizzle-orm';
import type { PgInsertValue } from 'drizzle-orm/pg-core';
import type { Db } from '../db/client.ts';
import {
	challenges,
	challengeTeams,
	challengeUsers,
	type ChallengeRow
} from '../db/schema/index.ts';
import { found } from '../../shared/errors.ts';
import type { ChallengeWithOwner } from './access.ts';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export async function loadChallenge(db: DbOrTx, id: string): Promise<ChallengeWithOwner | null> {
	const [row] = await db.select().from(challenges).where(eq(challenges.id, id));
	if (!row) return null;
	const [withInvites] = await attachInvites(db, [row]);
	return withInvites ?? null;
}

/** The challenge, or the 404 every use case answers for an id that names none. */
export async function existingChallenge(db: DbOrTx, id: string): Promise<ChallengeWithOwner> {
	return found(await loadChallenge(db, id), 'challenge');
}

/** Every challenge with its invitations: three reads, whatever the number of challenges. */
export async function loadAllChallenges(db: DbOrTx): Promise<ChallengeWithOwner[]> {
	const [rows, teamRows, userRows] = await Promise.all([
		db.select().from(challenges),
		db.select().from(challengeTeams),
		db.select().from(challengeUsers)
	]);
	return withInvites(rows, teamRows, userRows);
}

async function attachInvites(db: DbOrTx, rows: ChallengeRow[]): Promise<ChallengeWithOwner[]> {
	if (rows.length === 0) return [];
	const ids = rows.map((r) => r.id);
	const [teamRows, userRows] = await Promise.all([
		db.select().from(challengeTeams).where(inArray(challengeTeams.challengeId, ids)),
		db.select().from(challengeUsers).where(inArray(challengeUsers.challengeId, ids))
	]);
	return withInvites(rows, teamRows, userRows);
}

function withInvites(
	rows: ChallengeRow[],
	teamRows: { challengeId: string; teamId: string }[],
	userRows: { challengeId: string; userId: string }[]
): ChallengeWithOwner[] {
	const teamsOf = idsBy(
		teamRows,
		(t) => t.challengeId,
		(t) => t.teamId
	);
	const usersOf = idsBy(
		userRows,
		(u) => u.challengeId,
		(u) => u.userId
	);
	return rows.map((row) => ({
		id: row.id,
		title: row.title,
		question: row.question,
		whyItMatters: row.whyItMatters,
		quarter: row.quarter,
		status: row.status,
		audience: row.audience,
		invitedTeamIds: (teamsOf.get(row.id) ?? []).sort(),
		invitedUserIds: (usersOf.get(row.id) ?? []).sort(),
		sponsorId: row.sponsorId,
		facilitatorId: row.facilitatorId,
		voteBudget: row.voteBudget,
		voteCap: row.voteCap,
		privateWriting: row.privateWriting,
		anonymousNotes: row.anonymousNotes,
		createdBy: row.createdBy
	}));
}

function idsBy<T>(
	rows: readonly T[],
	key: (row: T) => string,
	id: (row: T) => string
): Map<string, string[]> {
	const map = new Map<string, string[]>();
	for (const row of rows) {
		const list = map.get(key(row));
		if (list) list.push(id(row));
		else map.set(key(row), [id(row)]);
	}
	return map;
}

export async function replaceInvites(
	db: DbOrTx,
	challengeId: string,
	teamIds: string[] | undefined,
	userIds: string[] | undefined
): Promise<void> {
	const unique = (ids: string[] | undefined) => ids && [...new Set(ids)];
	await replaceList(
		db,
		challengeTeams,
		challengeId,
		unique(teamIds)?.map((teamId) => ({ challengeId, teamId }))
	);
	await replaceList(
		db,
		challengeUsers,
		challengeId,
		unique(userIds)?.map((userId) => ({ challengeId, userId }))
	);
}

/** Replaces one of the challenge's invitation lists with `rows`; none leaves it as it is. */
async function replaceList<T extends typeof challengeTeams | typeof challengeUsers>(
	db: DbOrTx,
	table: T,
	challengeId: string,
	rows: PgInsertValue<T>[] | undefined
): Promise<void> {
	if (!rows) return;
	await db.delete(table).where(eq(table.challengeId, challengeId));
	if (rows.length) await db.insert(table).values(rows);
}

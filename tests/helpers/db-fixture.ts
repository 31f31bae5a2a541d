import { openDatabase, type Database } from '../../src/lib/server/db/client.ts';
import { challenges, liveSessions, users } from '../../src/lib/server/db/schema/index.ts';
import type { PublicUser } from '../../src/lib/shared/auth.ts';

export const facilitator: PublicUser = {
	id: 'u1',
	email: 'u1@example.com',
	name: 'Una',
	role: 'member',
	teamId: null
};
export const participant: PublicUser = {
	...facilitator,
	id: 'u2',
	email: 'u2@example.com',
	name: 'Per'
};

/**
 * An in-memory database with two people, an open challenge `c1` that `u1` facilitates and
 * everyone may join, and two sessions of it: `live` (in the lobby) and `ended`.
 */
export async function sessionFixture(): Promise<Database> {
	const database = await openDatabase({ dataDir: null });
	const db = database.db;
	for (const u of [facilitator, participant]) {
		await db
			.insert(users)
			.values({ id: u.id, email: u.email, name: u.name, passwordHash: 'x', role: 'member' });
	}
	await db.insert(challenges).values({
		id: 'c1',
		title: 'T',
		question: 'Q',
		quarter: '2030-Q1',
		status: 'open',
		audience: 'everyone',
		facilitatorId: 'u1',
		createdBy: 'u1',
		voteBudget: 5,
		voteCap: 3,
		privateWriting: false,
		anonymousNotes: false
	});
	for (const [id, stage] of [
		['live', 'lobby'],
		['ended', 'closed']
	] as const) {
		await db
			.insert(liveSessions)
			.values({ id, challengeId: 'c1', boardId: `b-${id}`, joinCode: id, stage, createdBy: 'u1' });
	}
	return database;
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/server/db/client.ts';
import type { AppContext } from '../../src/lib/server/context.ts';
import { listWaiting } from '../../src/lib/server/sessions/admissions.ts';
import { authorizeManage, authorizeSession } from '../../src/lib/server/sessions/access.ts';
import { facilitator, participant, sessionFixture } from '../helpers/db-fixture.ts';

let database: Database;
let ctx: AppContext;

beforeAll(async () => {
	database = await sessionFixture();
	ctx = { db: database.db } as unknown as AppContext;
});
afterAll(() => database?.close());

describe('session access', () => {
	it('shows the waiting list to the facilitator', async () => {
		expect(await listWaiting(ctx, facilitator, 'live')).toEqual([]);
	});

	it('refuses the waiting list to a participant, in the service itself', async () => {
		await expect(listWaiting(ctx, participant, 'live')).rejects.toMatchObject({
			code: 'forbidden'
		});
	});

	it('refuses the waiting list to nobody signed in', async () => {
		await expect(listWaiting(ctx, null, 'live')).rejects.toMatchObject({ code: 'unauthenticated' });
	});

	it('admits everyone a challenge open to everyone invites, each with their role', async () => {
		expect((await authorizeSession(ctx, participant, 'live')).role).toBe('participant');
		expect((await authorizeSession(ctx, facilitator, 'live')).role).toBe('facilitator');
	});

	it('answers not_found for a session that does not exist', async () => {
		await expect(authorizeSession(ctx, participant, 'nope')).rejects.toMatchObject({
			code: 'not_found'
		});
	});

	it('lets only the facilitator manage the session', async () => {
		await expect(authorizeManage(ctx, participant, 'live')).rejects.toMatchObject({
			code: 'forbidden'
		});
		expect((await authorizeManage(ctx, facilitator, 'live')).role).toBe('facilitator');
	});
});

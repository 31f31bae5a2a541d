import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/server/db/client.ts';
import { ballots, ideaNotes, ideas, votes } from '../../src/lib/server/db/schema/index.ts';
import { loadIdeas, loadResults } from '../../src/lib/server/votes/results.ts';
import { sessionFixture } from '../helpers/db-fixture.ts';

let database: Database;

beforeAll(async () => {
	database = await sessionFixture();
	const db = database.db;
	await db.insert(ideas).values([
		{
			id: 'i1',
			sessionId: 'live',
			sourceKind: 'cluster',
			sourceId: 'c',
			title: 'Pairs',
			position: 0
		},
		{
			id: 'i2',
			sessionId: 'live',
			sourceKind: 'note',
			sourceId: 'n3',
			title: 'Demos',
			position: 1
		},
		{
			id: 'i3',
			sessionId: 'ended',
			sourceKind: 'note',
			sourceId: 'n9',
			title: 'Other',
			position: 0
		}
	]);
	await db.insert(ideaNotes).values([
		{ ideaId: 'i1', noteId: 'n1', text: 'a', authorId: 'u1', teamId: 'red' },
		{ ideaId: 'i1', noteId: 'n2', text: 'b', authorId: 'u1', teamId: 'red' },
		{ ideaId: 'i2', noteId: 'n3', text: 'Demos', authorId: 'u2', teamId: 'blue' }
	]);
	await db.insert(ballots).values([
		{ sessionId: 'live', voterId: 'u1', teamId: 'red', budget: 5, spent: 3 },
		{ sessionId: 'live', voterId: 'u2', teamId: 'blue', budget: 5, spent: 3 },
		{ sessionId: 'ended', voterId: 'u2', teamId: 'blue', budget: 5, spent: 2 }
	]);
	await db.insert(votes).values([
		{ sessionId: 'live', ideaId: 'i1', voterId: 'u1', dots: 1 },
		{ sessionId: 'live', ideaId: 'i1', voterId: 'u2', dots: 3 },
		{ sessionId: 'live', ideaId: 'i2', voterId: 'u1', dots: 2 },
		{ sessionId: 'ended', ideaId: 'i3', voterId: 'u2', dots: 2 }
	]);
});

afterAll(() => database.close());

describe('loadIdeas', () => {
	it('returns the session’s ideas in board order with their notes and distinct authors', async () => {
		expect(await loadIdeas(database.db, 'live')).toEqual([
			{
				id: 'i1',
				title: 'Pairs',
				position: 0,
				noteIds: ['n1', 'n2'],
				authorIds: ['u1'],
				authorTeamIds: ['red']
			},
			{
				id: 'i2',
				title: 'Demos',
				position: 1,
				noteIds: ['n3'],
				authorIds: ['u2'],
				authorTeamIds: ['blue']
			}
		]);
	});
});

describe('loadResults', () => {
	it('ranks by dots with the pull counted from each voter’s ballot team', async () => {
		const results = await loadResults(database.db, 'live');
		expect(results.map((r) => [r.id, r.dots, r.crossTeamShare, r.rank, r.tied])).toEqual([
			['i1', 4, 0.75, 1, false],
			['i2', 2, 1, 2, false]
		]);
	});
});

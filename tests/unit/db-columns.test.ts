import { describe, expect, it } from 'vitest';
import { columnsExcept, pickColumns } from '../../src/lib/server/db/columns.ts';
import { kudos, notifications } from '../../src/lib/server/db/schema/index.ts';

describe('select projections', () => {
	it('pickColumns gives the named columns under their own names', () => {
		expect(pickColumns(kudos, 'id', 'text')).toEqual({ id: kudos.id, text: kudos.text });
		expect(Object.keys(pickColumns(kudos, 'id', 'text'))).toEqual(['id', 'text']);
	});

	it('columnsExcept gives every other column and leaves the table alone', () => {
		const rest = columnsExcept(notifications, 'userId');
		expect(Object.keys(rest)).toEqual([
			'id',
			'kind',
			'commitmentId',
			'actorId',
			'text',
			'readAt',
			'createdAt'
		]);
		expect(rest.readAt).toBe(notifications.readAt);
		expect(notifications.userId).toBeDefined();
	});
});

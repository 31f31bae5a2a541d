import { bigserial, customType, index, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { users } from './auth.ts';
import { createdAt, ref } from './columns.ts';

/** node-postgres answers `bytea` with a Buffer, PGlite with a Uint8Array: both are one. */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
	dataType: () => 'bytea',
	fromDriver: (value) => new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
});

/**
 * A board document is the merge of its rows: at most one compacted snapshot plus the updates
 * stored after it. Rows are only ever appended, or replaced by their merge in one transaction.
 */
export const boardUpdates = pgTable(
	'board_updates',
	{
		seq: bigserial('seq', { mode: 'number' }).primaryKey(),
		boardId: text('board_id').notNull(),
		update: bytea('update').notNull(),
		createdAt: createdAt()
	},
	(t) => [index('board_updates_board_idx').on(t.boardId, t.seq)]
);

/** Who wrote each note, as the server saw it: the document may carry no author (anonymous). */
export const noteAuthors = pgTable(
	'note_authors',
	{
		boardId: text('board_id').notNull(),
		noteId: text('note_id').notNull(),
		userId: ref('user_id', () => users.id, 'cascade'),
		teamId: text('team_id'),
		createdAt: createdAt()
	},
	(t) => [primaryKey({ columns: [t.boardId, t.noteId] })]
);

export type NoteAuthorRow = typeof noteAuthors.$inferSelect;

import {
	bigint,
	bigserial,
	check,
	customType,
	doublePrecision,
	index,
	integer,
	jsonb,
	pgTable,
	primaryKey,
	text
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { COMMITMENT_STATUSES } from '../../../shared/commitments.ts';
import { users } from './auth.ts';
import { createdAt, optionalRef, ref, textId, timestamptz, updatedAt } from './columns.ts';
import { commitments } from './commitments.ts';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/** Who changed what on a commitment and when: status, fields, decisions, value, debrief. */
export const commitmentEvents = pgTable(
	'commitment_events',
	{
		seq: bigserial('seq', { mode: 'number' }).primaryKey(),
		commitmentId: ref('commitment_id', () => commitments.id, 'cascade'),
		actorId: optionalRef('actor_id', () => users.id, 'set null'),
		kind: text('kind', {
			enum: ['created', 'edited', 'status', 'check_in', 'decision', 'value', 'debrief']
		}).notNull(),
		/** What changed, e.g. `{from, to}` for a status; shown on the timeline. */
		detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
		createdAt: createdAt()
	},
	(t) => [index('commitment_events_commitment_idx').on(t.commitmentId, t.seq)]
);

/** An owner's report on progress; a pilot may record its comparison group's metric alongside. */
export const checkIns = pgTable(
	'check_ins',
	{
		id: textId(),
		commitmentId: ref('commitment_id', () => commitments.id, 'cascade'),
		authorId: ref('author_id', () => users.id),
		status: text('status', { enum: COMMITMENT_STATUSES }).notNull(),
		note: text('note').notNull(),
		metricActual: doublePrecision('metric_actual'),
		comparisonActual: doublePrecision('comparison_actual'),
		confidence: integer('confidence').notNull(),
		createdAt: createdAt()
	},
	(t) => [
		index('check_ins_commitment_idx').on(t.commitmentId, t.createdAt),
		check('check_ins_confidence_range', sql`${t.confidence} between 1 and 5`)
	]
);

/**
 * What a delivered or dropped commitment taught, with the context that makes the lesson
 * transferable. `search` is maintained by Postgres for the practice library.
 */
export const debriefs = pgTable(
	'debriefs',
	{
		commitmentId: text('commitment_id')
			.primaryKey()
			.references(() => commitments.id, { onDelete: 'cascade' }),
		authorId: ref('author_id', () => users.id),
		outcome: text('outcome', { enum: ['delivered', 'dropped'] }).notNull(),
		whatWorked: text('what_worked').notNull(),
		whatDidnt: text('what_didnt').notNull(),
		lessons: text('lessons').notNull(),
		objective: text('objective').notNull(),
		situation: text('situation').notNull(),
		people: text('people').notNull(),
		search: tsvector('search').generatedAlwaysAs(
			sql`to_tsvector('english', what_worked || ' ' || what_didnt || ' ' || lessons || ' ' || objective || ' ' || situation || ' ' || people)`
		),
		createdAt: createdAt(),
		updatedAt: updatedAt()
	},
	(t) => [index('debriefs_search_idx').using('gin', t.search)]
);

/** Value an owner claims with evidence; only a sponsor's confirmation makes it count. */
export const valueRecords = pgTable(
	'value_records',
	{
		id: textId(),
		commitmentId: ref('commitment_id', () => commitments.id, 'cascade'),
		authorId: ref('author_id', () => users.id),
		/** Money in the organisation's currency, integer minor units (cents). */
		amountMinor: bigint('amount_minor', { mode: 'number' }),
		metricDelta: doublePrecision('metric_delta'),
		evidence: text('evidence').notNull(),
		status: text('status', { enum: ['claimed', 'confirmed', 'questioned'] })
			.notNull()
			.default('claimed'),
		reviewedBy: optionalRef('reviewed_by', () => users.id, 'set null'),
		reviewNote: text('review_note'),
		reviewedAt: timestamptz('reviewed_at'),
		createdAt: createdAt()
	},
	(t) => [index('value_records_commitment_idx').on(t.commitmentId)]
);

/** The organisation's settings: one row, id 1. */
export const orgSettings = pgTable(
	'org_settings',
	{
		id: integer('id').primaryKey().default(1),
		currency: text('currency').notNull().default('EUR'),
		/** What an hour of someone's time costs, in minor units: the ledger's invested side. */
		hourlyCostMinor: bigint('hourly_cost_minor', { mode: 'number' }).notNull().default(0),
		staleAfterDays: integer('stale_after_days').notNull().default(14),
		updatedAt: updatedAt()
	},
	(t) => [check('org_settings_single_row', sql`${t.id} = 1`)]
);

/** Challenges and commitments a person follows, for the sponsor view and notifications. */
export const follows = pgTable(
	'follows',
	{
		userId: ref('user_id', () => users.id, 'cascade'),
		targetKind: text('target_kind', { enum: ['challenge', 'commitment'] }).notNull(),
		targetId: text('target_id').notNull(),
		createdAt: createdAt()
	},
	(t) => [
		primaryKey({ columns: [t.userId, t.targetKind, t.targetId] }),
		index('follows_target_idx').on(t.targetKind, t.targetId)
	]
);

export const notifications = pgTable(
	'notifications',
	{
		id: textId(),
		userId: ref('user_id', () => users.id, 'cascade'),
		kind: text('kind', { enum: ['status', 'check_in', 'debrief', 'value', 'kudos'] }).notNull(),
		commitmentId: optionalRef('commitment_id', () => commitments.id, 'cascade'),
		actorId: optionalRef('actor_id', () => users.id, 'set null'),
		text: text('text').notNull(),
		readAt: timestamptz('read_at'),
		createdAt: createdAt()
	},
	(t) => [index('notifications_user_idx').on(t.userId, t.createdAt)]
);

/** A sentence of thanks from a colleague, on a commitment or an idea. */
export const kudos = pgTable(
	'kudos',
	{
		id: textId(),
		fromUserId: ref('from_user_id', () => users.id, 'cascade'),
		toUserId: ref('to_user_id', () => users.id, 'cascade'),
		commitmentId: optionalRef('commitment_id', () => commitments.id, 'cascade'),
		ideaId: text('idea_id'),
		text: text('text').notNull(),
		createdAt: createdAt()
	},
	(t) => [index('kudos_to_idx').on(t.toUserId, t.createdAt)]
);

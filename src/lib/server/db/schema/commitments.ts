import { date, doublePrecision, index, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { COMMITMENT_STATUSES } from '../../../shared/commitments.ts';
import { users } from './auth.ts';
import { challenges } from './challenges.ts';
import { createdAt, optionalRef, ref, textId, timestamptz, updatedAt } from './columns.ts';
import { liveSessions } from './sessions.ts';
import { ideas } from './votes.ts';

/** A winning idea someone has promised to carry out, with the metric that says it worked. */
export const commitments = pgTable(
	'commitments',
	{
		id: textId(),
		ideaId: ref('idea_id', () => ideas.id),
		sessionId: ref('session_id', () => liveSessions.id),
		challengeId: ref('challenge_id', () => challenges.id),
		title: text('title').notNull(),
		description: text('description').notNull().default(''),
		ownerId: ref('owner_id', () => users.id),
		sponsorId: optionalRef('sponsor_id', () => users.id, 'set null'),
		dueDate: date('due_date', { mode: 'string' }).notNull(),
		metricName: text('metric_name').notNull(),
		metricUnit: text('metric_unit').notNull(),
		metricBaseline: doublePrecision('metric_baseline').notNull(),
		metricTarget: doublePrecision('metric_target').notNull(),
		kind: text('kind', { enum: ['pilot', 'rollout'] }).notNull(),
		nextStep: text('next_step').notNull(),
		/** A rollout made by scaling a pilot points at the pilot. */
		parentId: text('parent_id'),
		/** A pilot's comparison group: a team or site that did not get the change. */
		comparisonGroup: text('comparison_group'),
		decision: text('decision', { enum: ['scale', 'iterate', 'stop'] }),
		decisionReason: text('decision_reason'),
		decidedAt: timestamptz('decided_at'),
		status: text('status', { enum: COMMITMENT_STATUSES }).notNull().default('committed'),
		createdBy: ref('created_by', () => users.id),
		createdAt: createdAt(),
		updatedAt: updatedAt()
	},
	(t) => [
		index('commitments_owner_idx').on(t.ownerId, t.status),
		index('commitments_sponsor_idx').on(t.sponsorId, t.status),
		index('commitments_session_idx').on(t.sessionId),
		index('commitments_challenge_idx').on(t.challengeId),
		// A person's record looks commitments up by idea; the wins feed takes the latest deliveries.
		index('commitments_idea_idx').on(t.ideaId),
		index('commitments_status_updated_idx').on(t.status, t.updatedAt)
	]
);

/** The idea's authors, as the server recorded them, credited on the commitment. */
export const commitmentContributors = pgTable(
	'commitment_contributors',
	{
		commitmentId: ref('commitment_id', () => commitments.id, 'cascade'),
		userId: ref('user_id', () => users.id, 'cascade'),
		teamId: text('team_id')
	},
	(t) => [
		primaryKey({ columns: [t.commitmentId, t.userId] }),
		index('commitment_contributors_user_idx').on(t.userId)
	]
);

export type CommitmentRow = typeof commitments.$inferSelect;

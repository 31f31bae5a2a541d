import { z } from 'zod';
import {
	COMMITMENT_KINDS,
	COMMITMENT_LIMITS as L,
	COMMITMENT_ROLES,
	COMMITMENT_STATUSES,
	PILOT_DECISIONS,
	isCalendarDay
} from './commitments.ts';
import { textUpTo } from './text-input.ts';

const id = (what: string) =>
	z
		.string({ error: `${what} is required.` })
		.min(1, `${what} is required.`)
		.max(64);

const text = (what: string, max: number) => textUpTo(what, max).min(1, `${what} is required.`);

const amount = (what: string) =>
	z
		.number({ error: `${what} must be a number.` })
		.refine(Number.isFinite, `${what} must be a finite number.`);

const metric = z.strictObject(
	{
		name: text('The metric name', L.metricName),
		unit: textUpTo('The unit', L.metricUnit),
		baseline: amount('The baseline'),
		target: amount('The target')
	},
	{ error: 'The metric is {name, unit, baseline, target}.' }
);

const dueDate = z
	.string({ error: 'The due date is required (YYYY-MM-DD).' })
	.refine(isCalendarDay, 'The due date must be a real day written YYYY-MM-DD, e.g. 2027-03-31.');

const fields = {
	title: text('The title', L.title),
	description: textUpTo('The description', L.description),
	ownerId: id('An owner'),
	sponsorId: id('The sponsor').nullable(),
	dueDate,
	metric,
	kind: z.enum(COMMITMENT_KINDS, { error: 'The kind is pilot or rollout.' }),
	nextStep: text('The first next step', L.nextStep)
};

/** A pilot's comparison group; empty text clears it. Set by PATCH, not at creation. */
const comparisonGroup = textUpTo('The comparison group', L.comparisonGroup)
	.transform((value) => value || null)
	.nullable();

/** `POST /api/v1/sessions/<id>/commitments` and `commitment:create`. */
export const commitmentInput = z.strictObject({
	ideaId: id('The idea'),
	...fields,
	description: fields.description.default(''),
	sponsorId: fields.sponsorId.optional()
});
export type CommitmentInput = z.output<typeof commitmentInput>;

/** `PATCH /api/v1/commitments/<id>`: the commitment's own fields; status moves by check-ins. */
export const commitmentPatch = z
	.strictObject({
		title: fields.title,
		description: fields.description,
		ownerId: fields.ownerId,
		sponsorId: fields.sponsorId,
		dueDate: fields.dueDate,
		metric: fields.metric,
		kind: fields.kind,
		nextStep: fields.nextStep,
		comparisonGroup
	})
	.partial()
	.refine((patch) => Object.keys(patch).length > 0, 'Send at least one field to change.');
export type CommitmentPatch = z.output<typeof commitmentPatch>;

export const commitmentListQuery = z.strictObject({
	role: z.enum(COMMITMENT_ROLES, { error: 'role is one of owner, sponsor, follower.' })
});

export const summaryQuery = z.strictObject({
	format: z.enum(['json', 'md', 'csv'], { error: 'format is json, md or csv.' }).default('json'),
	table: z
		.enum(['ideas', 'commitments'], { error: 'table is ideas or commitments.' })
		.default('ideas')
});

const optionalAmount = (what: string) => amount(what).nullable().optional();

/** `POST /api/v1/commitments/<id>/check-ins`. */
export const checkInInput = z.strictObject({
	status: z.enum(COMMITMENT_STATUSES, {
		error: 'The status is committed, in_progress, blocked, delivered or dropped.'
	}),
	note: text('The progress note', L.note),
	metricActual: optionalAmount('The metric actual'),
	comparisonActual: optionalAmount('The comparison group’s actual'),
	confidence: z
		.number({ error: 'The confidence must be a whole number from 1 to 5.' })
		.int('The confidence must be a whole number from 1 to 5.')
		.min(1, 'The confidence must be a whole number from 1 to 5.')
		.max(5, 'The confidence must be a whole number from 1 to 5.')
});
export type CheckInInput = z.output<typeof checkInInput>;

/** `POST /api/v1/commitments/<id>/decision`: how a pilot ends, and the follow-up it starts. */
export const decisionInput = z.strictObject({
	decision: z.enum(PILOT_DECISIONS, { error: 'The decision is scale, iterate or stop.' }),
	reason: text('The reason', L.reason),
	/** For scale and iterate: the follow-up's due date, owner (default: the pilot's) and first step. */
	dueDate: dueDate.optional(),
	ownerId: id('The owner').optional(),
	nextStep: fields.nextStep.optional()
});
export type DecisionInput = z.output<typeof decisionInput>;

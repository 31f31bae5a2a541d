import { z } from 'zod';
import { QUARTER_PATTERN } from './limits.ts';
import { DEBRIEF_FIELDS, DEBRIEF_OUTCOMES, type DebriefField } from './debriefs.ts';
import { textUpTo } from './text-input.ts';

const text = (field: DebriefField) => {
	const { label, max } = DEBRIEF_FIELDS[field];
	return textUpTo(label, max).min(
		1,
		`${label} is required: a lesson travels only with its context.`
	);
};

/** `PUT /api/v1/commitments/<id>/debrief`: every field is required. */
export const debriefInput = z.strictObject({
	outcome: z.enum(DEBRIEF_OUTCOMES, { error: 'The outcome is delivered or dropped.' }),
	whatWorked: text('whatWorked'),
	whatDidnt: text('whatDidnt'),
	lessons: text('lessons'),
	objective: text('objective'),
	situation: text('situation'),
	people: text('people')
});
export type DebriefInput = z.output<typeof debriefInput>;

const optional = <S extends z.ZodType>(schema: S) =>
	z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

/** `GET /api/v1/practices?q=&team=&quarter=&outcome=`; empty parameters mean "any". */
export const practiceQuery = z.strictObject({
	q: optional(z.string().trim().max(200, 'Search for at most 200 characters.')),
	team: optional(z.string().max(64)),
	quarter: optional(z.string().regex(QUARTER_PATTERN, 'Quarter looks like 2027-Q1.')),
	outcome: optional(z.enum(DEBRIEF_OUTCOMES, { error: 'outcome is delivered or dropped.' }))
});
export type PracticeQuery = z.output<typeof practiceQuery>;

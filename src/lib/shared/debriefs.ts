/** Debriefs and the practice library: constants the browser needs too, with no zod. */

export const DEBRIEF_OUTCOMES = ['delivered', 'dropped'] as const;
export type DebriefOutcome = (typeof DEBRIEF_OUTCOMES)[number];

/** The form's fields, in the order it asks for them, with the longest text each takes. */
export const DEBRIEF_FIELDS = {
	whatWorked: { label: 'What worked', max: 4000 },
	whatDidnt: { label: 'What didn’t', max: 4000 },
	lessons: { label: 'Lessons for the next team', max: 4000 },
	objective: { label: 'Objective', max: 1000 },
	situation: { label: 'Situation', max: 2000 },
	people: { label: 'People and teams involved', max: 1000 }
} as const;
export type DebriefField = keyof typeof DEBRIEF_FIELDS;

export type DebriefText = Record<DebriefField, string>;

export interface Debrief extends DebriefText {
	commitmentId: string;
	authorId: string;
	outcome: DebriefOutcome;
	createdAt: number;
	updatedAt: number;
}

/** One practice in the library: a debrief with the commitment and challenge it came from. */
export interface Practice extends Debrief {
	title: string;
	challengeId: string;
	challengeTitle: string;
	quarter: string;
	ownerId: string;
	ownerName: string;
	teamIds: string[];
	/** A short extract around the words searched for, from Postgres `ts_headline`. */
	snippet: string | null;
}

import { z } from 'zod';
import { STAGES, type Stage } from './stages.ts';
import { MAX_TIMER_SECONDS, TEXT_LIMITS } from './limits.ts';
import type { TimerView } from './timer.ts';
import type { Participant } from './participants.ts';

// Zod-free presence rules live in participants.ts so the browser can use them without zod.
export * from './participants.ts';

export interface LiveSession {
	id: string;
	challengeId: string;
	boardId: string;
	joinCode: string;
	stage: Stage;
	version: number;
	notice: string | null;
	/** Private notes were revealed (or `diverge` was left); see shared/private-writing.ts. */
	privateRevealed: boolean;
}

/** One stage as it ran: durable, for the record of the session. */
export interface StageRun {
	stage: Stage;
	startedAt: number;
	endedAt: number | null;
}

export interface SessionView extends LiveSession {
	timer: TimerView;
	stageHistory: StageRun[];
	serverNow: number;
	participants: Participant[];
}

export const stageInput = z.strictObject({
	to: z.enum(STAGES, { error: `Stage is one of ${STAGES.join(', ')}.` })
});

const seconds = z
	.number({ error: 'seconds must be a number.' })
	.int('seconds must be a whole number.')
	.min(1, 'A timer runs for at least 1 second.')
	.max(MAX_TIMER_SECONDS, 'A timer runs for at most 4 hours (14400 seconds).');

export const timerInput = z.discriminatedUnion(
	'action',
	[
		z.strictObject({ action: z.literal('start'), seconds, autoAdvance: z.boolean().optional() }),
		z.strictObject({ action: z.literal('pause') }),
		z.strictObject({ action: z.literal('resume') }),
		z.strictObject({ action: z.literal('extend'), seconds }),
		z.strictObject({ action: z.literal('clear') })
	],
	{ error: 'action is one of start, pause, resume, extend, clear.' }
);

export const noticeInput = z.strictObject({
	text: z
		.string()
		.trim()
		.max(TEXT_LIMITS.notice, `Keep the notice under ${TEXT_LIMITS.notice} characters.`)
		.nullable()
});

export const admitInput = z.strictObject({ userId: z.string().min(1).max(64) });

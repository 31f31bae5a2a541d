/** Realised value: limits and shapes the browser needs too, with no zod. */
import type { ValueStatus } from './ledger.ts';

export const VALUE_LIMITS = { evidence: 2000, reviewNote: 1000 } as const;
/** Ten billion in major units: beyond any one commitment, and safe as a JS integer. */
export const MAX_AMOUNT_MINOR = 1_000_000_000_000;

export interface ValueRecord {
	id: string;
	commitmentId: string;
	authorId: string;
	amountMinor: number | null;
	metricDelta: number | null;
	evidence: string;
	status: ValueStatus;
	reviewedBy: string | null;
	reviewNote: string | null;
	reviewedAt: number | null;
	createdAt: number;
}

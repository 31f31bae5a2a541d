import { z } from 'zod';
import { QUARTER_PATTERN } from './limits.ts';
import { pageNumber } from './paging-input.ts';
import { textUpTo } from './text-input.ts';
import { MAX_AMOUNT_MINOR, VALUE_LIMITS } from './value.ts';

/**
 * `POST /api/v1/commitments/<id>/value`: an amount in minor units, a metric delta, or both,
 * always with evidence.
 */
export const valueClaimInput = z
	.strictObject({
		amountMinor: z
			.number({ error: 'The amount must be a number of minor units (cents).' })
			.int('The amount is a whole number of minor units (cents).')
			.min(0, 'The amount cannot be negative.')
			.max(MAX_AMOUNT_MINOR, 'That amount is larger than any one commitment returns.')
			.nullable()
			.default(null),
		metricDelta: z
			.number({ error: 'The metric change must be a number.' })
			.refine(Number.isFinite, 'The metric change must be a finite number.')
			.nullable()
			.default(null),
		evidence: textUpTo('Evidence', VALUE_LIMITS.evidence).min(
			1,
			'Say what shows the value is real: a report, a dashboard, a figure.'
		)
	})
	.refine((v) => v.amountMinor !== null || v.metricDelta !== null, {
		message: 'Give an amount, a metric change, or both.',
		path: ['amountMinor']
	});
export type ValueClaimInput = z.output<typeof valueClaimInput>;

/** `POST /api/v1/commitments/<id>/value/<recordId>/review`: the sponsor's verdict. */
export const valueReviewInput = z
	.strictObject({
		verdict: z.enum(['confirmed', 'questioned'], {
			error: 'The verdict is confirmed or questioned.'
		}),
		note: textUpTo('The note', VALUE_LIMITS.reviewNote).default('')
	})
	.refine((v) => v.verdict === 'confirmed' || v.note.length > 0, {
		message: 'Say what you question, so the owner can answer it.',
		path: ['note']
	});

/** `PATCH /api/v1/settings` (admin). */
export const orgSettingsPatch = z
	.strictObject({
		currency: z
			.string({ error: 'The currency is a three-letter code, e.g. EUR.' })
			.trim()
			.toUpperCase()
			.refine(isCurrency, 'The currency is a three-letter ISO code, e.g. EUR, USD, GBP.'),
		hourlyCostMinor: z
			.number({ error: 'The hourly cost must be a number of minor units.' })
			.int('The hourly cost is a whole number of minor units (cents).')
			.min(0, 'The hourly cost cannot be negative.')
			.max(100_000_000, 'That hourly cost is implausibly high.'),
		staleAfterDays: z
			.number({ error: 'Stale after must be a number of days.' })
			.int('Stale after is a whole number of days.')
			.min(1, 'Stale after is at least 1 day.')
			.max(365, 'Stale after is at most 365 days.')
	})
	.partial()
	.refine((patch) => Object.keys(patch).length > 0, 'Send at least one setting to change.');

function isCurrency(code: string): boolean {
	if (!/^[A-Z]{3}$/.test(code)) return false;
	return Intl.supportedValuesOf('currency').includes(code);
}

export const ledgerQuery = z.strictObject({
	quarter: z
		.string({ error: 'Name the quarter, e.g. ?quarter=2027-Q1.' })
		.regex(QUARTER_PATTERN, 'Quarter looks like 2027-Q1.')
});

/** The ledger page, which pages the quarter's lines; the JSON route sends them all. */
export const ledgerPageQuery = ledgerQuery.extend({ page: pageNumber });

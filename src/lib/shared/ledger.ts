/**
 * The value ledger's arithmetic, pure: money is integer minor units (cents) of the
 * organisation's currency, time is milliseconds until it is priced.
 *
 * Rounding rule: a cost is computed exactly in integers (BigInt) and rounded once, at the end,
 * half away from zero to a whole minor unit. Sums are of already-rounded integers, so a total
 * is never a cent off the sum of its lines.
 */

const MS_PER_HOUR = 3_600_000n;
const MS_PER_MINUTE = 60_000;

/** Divides two non-negative BigInts, rounding half up. */
function divideRounded(numerator: bigint, denominator: bigint): bigint {
	return (numerator * 2n + denominator) / (denominator * 2n);
}

/** What `presentMs` of people's time costs at `hourlyCostMinor`, in whole minor units. */
export function costOfTime(presentMs: number, hourlyCostMinor: number): number {
	if (!Number.isSafeInteger(presentMs) || !Number.isSafeInteger(hourlyCostMinor)) {
		throw new RangeError('Time and rate must be whole numbers.');
	}
	if (presentMs <= 0 || hourlyCostMinor <= 0) return 0;
	return Number(divideRounded(BigInt(presentMs) * BigInt(hourlyCostMinor), MS_PER_HOUR));
}

/** Whole minutes, rounded half up, for display and the `minutesPresent` field. */
export function minutesOf(ms: number): number {
	return Math.floor((Math.max(0, ms) + MS_PER_MINUTE / 2) / MS_PER_MINUTE);
}

/**
 * The facilitator runs the whole session, present in the room or not (a facilitator who drives
 * it from the API has no attendance row). Facilitation time tops their attendance up to the
 * session's running time; it never counts the same minute twice.
 */
export function facilitationTopUpMs(facilitatorPresentMs: number, sessionSpanMs: number): number {
	return Math.max(0, sessionSpanMs - Math.max(0, facilitatorPresentMs));
}

/** Confirmed value per unit invested; `null` when nothing was invested (no ratio, not ∞). */
export function valueRatio(confirmedMinor: number, investedMinor: number): number | null {
	if (investedMinor <= 0) return null;
	return confirmedMinor / investedMinor;
}

export type ValueStatus = 'claimed' | 'confirmed' | 'questioned';

export interface ValueClaim {
	amountMinor: number | null;
	status: ValueStatus;
	/** Order of recording; the latest claim is the owner's current estimate. */
	createdAt: number;
}

/**
 * One commitment's money: confirmed is the sum of every confirmed amount (value can arrive in
 * instalments); expected is the latest claim still awaiting its sponsor, on a commitment that
 * was not dropped. A commitment's metric target is not money, so the owner's own claim is the
 * only monetary estimate there is; a questioned claim is no estimate until it is claimed again.
 */
export function commitmentValue(
	claims: readonly ValueClaim[],
	dropped: boolean
): { confirmedMinor: number; expectedMinor: number } {
	let confirmedMinor = 0;
	let latest: ValueClaim | null = null;
	for (const claim of claims) {
		if (claim.status === 'confirmed') confirmedMinor += claim.amountMinor ?? 0;
		if (!latest || claim.createdAt >= latest.createdAt) latest = claim;
	}
	const awaiting = latest?.status === 'claimed' && !dropped ? (latest.amountMinor ?? 0) : 0;
	return { confirmedMinor, expectedMinor: awaiting };
}

export interface LedgerTotals {
	minutesPresent: number;
	facilitationMinutes: number;
	investedMinor: number;
	confirmedMinor: number;
	expectedMinor: number;
	ratio: number | null;
}

/** Prices the time once over the whole scope, so rounding happens once, as stated above. */
export function ledgerTotals(input: {
	presentMs: number;
	facilitationMs: number;
	hourlyCostMinor: number;
	lines: readonly { confirmedMinor: number; expectedMinor: number }[];
}): LedgerTotals {
	const investedMinor = costOfTime(input.presentMs + input.facilitationMs, input.hourlyCostMinor);
	const confirmedMinor = input.lines.reduce((sum, l) => sum + l.confirmedMinor, 0);
	const expectedMinor = input.lines.reduce((sum, l) => sum + l.expectedMinor, 0);
	return {
		minutesPresent: minutesOf(input.presentMs),
		facilitationMinutes: minutesOf(input.facilitationMs),
		investedMinor,
		confirmedMinor,
		expectedMinor,
		ratio: valueRatio(confirmedMinor, investedMinor)
	};
}

/** Minor units per major unit for a currency (ISO 4217 exponent, via Intl). */
export function minorDigits(currency: string): number {
	return (
		new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
			.maximumFractionDigits ?? 2
	);
}

/**
 * A decimal typed on a form ("1234.5", "1,234.50") as integer minor units, or null when it is
 * not an amount with at most the currency's decimals. Parsed from the digits, not via floats.
 */
export function parseAmount(text: string, currency: string): number | null {
	const digits = minorDigits(currency);
	const cleaned = text.trim().replace(/[\s,_]/g, '');
	const match = /^(-?)(\d+)(?:\.(\d*))?$/.exec(cleaned);
	if (!match) return null;
	const [, sign, whole, fraction = ''] = match;
	if (fraction.length > digits) return null;
	const minor = Number(whole! + fraction.padEnd(digits, '0'));
	if (!Number.isSafeInteger(minor)) return null;
	return sign ? -minor : minor;
}

/** Minor units shown in the organisation's currency, e.g. 123456 EUR → "€1,234.56". */
export function formatMoney(minor: number, currency: string, locale = 'en-GB'): string {
	const digits = minorDigits(currency);
	return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(
		minor / 10 ** digits
	);
}

/** A ratio as "3.2×", or a dash when nothing was invested. */
export function formatRatio(ratio: number | null): string {
	return ratio === null ? '—' : `${ratio.toFixed(1)}×`;
}

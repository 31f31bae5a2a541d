import { describe, expect, it } from 'vitest';
import {
	commitmentValue,
	costOfTime,
	facilitationTopUpMs,
	formatMoney,
	ledgerTotals,
	minutesOf,
	parseAmount,
	valueRatio
} from '../../src/lib/shared/ledger.ts';

const HOUR = 3_600_000;
const MINUTE = 60_000;

describe('costOfTime', () => {
	it('prices whole hours exactly in minor units', () => {
		expect(costOfTime(2 * HOUR, 6000)).toBe(12_000);
	});

	it('rounds half a minor unit up, once', () => {
		// 1 minute at 30 cents an hour is half a cent.
		expect(costOfTime(MINUTE, 30)).toBe(1);
		// 1 minute at 29 cents an hour is 0.483 cents.
		expect(costOfTime(MINUTE, 29)).toBe(0);
	});

	it('is exact beyond float precision', () => {
		// (2^53 - 1) ms × 3,600,000 overflows a float; the result must still be exact.
		expect(costOfTime(Number.MAX_SAFE_INTEGER, 3_600_000)).toBe(Number.MAX_SAFE_INTEGER);
	});

	it('costs nothing when there is no time or no rate', () => {
		expect(costOfTime(0, 6000)).toBe(0);
		expect(costOfTime(HOUR, 0)).toBe(0);
	});

	it('refuses fractional inputs instead of rounding them silently', () => {
		expect(() => costOfTime(1.5, 100)).toThrow(RangeError);
	});
});

describe('minutesOf', () => {
	it('rounds to the nearest minute, half up', () => {
		expect(minutesOf(29_999)).toBe(0);
		expect(minutesOf(30_000)).toBe(1);
		expect(minutesOf(90 * MINUTE)).toBe(90);
	});
});

describe('facilitationTopUpMs', () => {
	it('adds the part of the session the facilitator was not counted present for', () => {
		expect(facilitationTopUpMs(20 * MINUTE, 60 * MINUTE)).toBe(40 * MINUTE);
	});

	it('adds nothing when the facilitator was present the whole time', () => {
		expect(facilitationTopUpMs(60 * MINUTE, 60 * MINUTE)).toBe(0);
		expect(facilitationTopUpMs(70 * MINUTE, 60 * MINUTE)).toBe(0);
	});
});

describe('valueRatio', () => {
	it('is confirmed value over invested', () => {
		expect(valueRatio(30_000, 12_000)).toBe(2.5);
	});

	it('is null, not infinity, when nothing was invested', () => {
		expect(valueRatio(30_000, 0)).toBeNull();
	});
});

describe('commitmentValue', () => {
	const claim = (
		amountMinor: number | null,
		status: 'claimed' | 'confirmed' | 'questioned',
		t: number
	) => ({ amountMinor, status, createdAt: t });

	it('sums every confirmed amount and expects only the latest claim awaiting review', () => {
		expect(
			commitmentValue(
				[claim(10_000, 'confirmed', 1), claim(5_000, 'confirmed', 2), claim(7_000, 'claimed', 3)],
				false
			)
		).toEqual({ confirmedMinor: 15_000, expectedMinor: 7_000 });
	});

	it('expects nothing from a questioned claim or a dropped commitment', () => {
		expect(commitmentValue([claim(7_000, 'questioned', 1)], false).expectedMinor).toBe(0);
		expect(commitmentValue([claim(7_000, 'claimed', 1)], true).expectedMinor).toBe(0);
	});

	it('counts a metric-only confirmation as no money', () => {
		expect(commitmentValue([claim(null, 'confirmed', 1)], false)).toEqual({
			confirmedMinor: 0,
			expectedMinor: 0
		});
	});
});

describe('ledgerTotals', () => {
	it('prices attendance plus facilitation once and sums the lines', () => {
		const totals = ledgerTotals({
			presentMs: 150 * MINUTE,
			facilitationMs: 30 * MINUTE,
			hourlyCostMinor: 5000,
			lines: [
				{ confirmedMinor: 30_000, expectedMinor: 0 },
				{ confirmedMinor: 0, expectedMinor: 4_000 }
			]
		});
		expect(totals).toEqual({
			minutesPresent: 150,
			facilitationMinutes: 30,
			investedMinor: 15_000,
			confirmedMinor: 30_000,
			expectedMinor: 4_000,
			ratio: 2
		});
	});

	it('has no ratio when the hourly rate is not set', () => {
		const totals = ledgerTotals({
			presentMs: HOUR,
			facilitationMs: 0,
			hourlyCostMinor: 0,
			lines: []
		});
		expect(totals.investedMinor).toBe(0);
		expect(totals.ratio).toBeNull();
	});
});

describe('parseAmount', () => {
	it('reads a decimal as minor units without float error', () => {
		expect(parseAmount('1234.56', 'EUR')).toBe(123_456);
		expect(parseAmount('0.29', 'EUR')).toBe(29);
		expect(parseAmount('1,000', 'EUR')).toBe(100_000);
		expect(parseAmount('12.5', 'EUR')).toBe(1250);
	});

	it('follows the currency’s decimals', () => {
		expect(parseAmount('1500', 'JPY')).toBe(1500);
		expect(parseAmount('15.5', 'JPY')).toBeNull();
	});

	it('refuses what is not an amount', () => {
		expect(parseAmount('12.345', 'EUR')).toBeNull();
		expect(parseAmount('ten', 'EUR')).toBeNull();
		expect(parseAmount('', 'EUR')).toBeNull();
	});
});

describe('formatMoney', () => {
	it('shows minor units in the organisation’s currency', () => {
		expect(formatMoney(123_456, 'EUR')).toBe('€1,234.56');
		expect(formatMoney(1500, 'JPY')).toBe('JP¥1,500');
	});
});

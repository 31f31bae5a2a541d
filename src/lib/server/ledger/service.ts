import { inArray } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import { teams, users } from '../db/schema/index.ts';
import { requireUser } from '../auth/access.ts';
import { loadAllChallenges } from '../challenges/queries.ts';
import { canView, type ChallengeWithOwner } from '../challenges/access.ts';
import { getVisibleChallenge } from '../challenges/service.ts';
import { loadSettings } from '../settings/service.ts';
import type { PublicUser } from '../../shared/auth.ts';
import { parseInput } from '../../shared/validate.ts';
import { SharedReads } from '../shared-reads.ts';
import { ledgerPageQuery, ledgerQuery } from '../../shared/value-input.ts';
import { pageOf, type PageInfo } from '../../shared/paging.ts';
import { ledgerTotals, type LedgerTotals } from '../../shared/ledger.ts';
import { compareQuartersDesc } from '../../shared/challenges.ts';
import {
	ledgerValues,
	timeByChallenge,
	traceLines,
	valueByChallenge,
	type ChallengeTime,
	type LedgerLine,
	type LedgerValue,
	type Money
} from './queries.ts';

export interface Ledger extends LedgerTotals {
	currency: string;
	hourlyCostMinor: number;
	lines: LedgerLine[];
	/** Names for the ids in `lines`, so a page can show people and teams without another call. */
	names: { users: Record<string, string>; teams: Record<string, string> };
}

export interface QuarterPoint extends LedgerTotals {
	quarter: string;
}

/** `GET /api/v1/challenges/<id>/ledger`: whoever may see the challenge. */
export async function challengeLedger(
	ctx: AppContext,
	actor: PublicUser | null,
	challengeId: string
): Promise<Ledger> {
	return buildLedger(ctx, [await getVisibleChallenge(ctx, actor, challengeId)]);
}

/**
 * `GET /api/v1/ledger?quarter=`: the quarter's challenges the actor may see. A member sees
 * the quarter as far as they were invited; a sponsor or admin usually sees all of it.
 */
export async function quarterLedger(
	ctx: AppContext,
	actor: PublicUser | null,
	query: unknown
): Promise<QuarterLedger> {
	const user = requireUser(actor);
	const { quarter } = parseInput(ledgerQuery, query);
	return ledgerOfQuarter(ctx, await visibleChallenges(ctx, user), quarter);
}

/** `GET /api/v1/ledger/quarters`, the chart: one point per quarter with a visible challenge. */
export async function ledgerSeries(ctx: AppContext, actor: PublicUser | null): Promise<Series> {
	const user = requireUser(actor);
	return seriesOf(ctx, await visibleChallenges(ctx, user));
}

/**
 * The ledger page: the chart and one page of one quarter's ledger, by default the latest quarter
 * with a visible challenge (else `fallbackQuarter`). Both from one read of the challenges, at once.
 * The totals count every line of the quarter; only the page's lines are sent, and named.
 */
export async function ledgerPage(
	ctx: AppContext,
	actor: PublicUser | null,
	query: { quarter?: string | null; page?: string | null },
	fallbackQuarter: string
): Promise<{ series: Series; ledger: QuarterLedger & { page: PageInfo } }> {
	const user = requireUser(actor);
	const visible = await visibleChallenges(ctx, user);
	const latest = visible.map((c) => c.quarter).sort(compareQuartersDesc)[0];
	const { quarter, page } = parseInput(ledgerPageQuery, {
		quarter: query.quarter ?? latest ?? fallbackQuarter,
		page: query.page ?? undefined
	});
	const { scope, ...heading } = quarterScope(visible, quarter);
	const [sums, { head, lines }] = await Promise.all([
		organisationSums(ctx),
		ledgerTotalsOf(ctx, scope)
	]);
	const { hourlyCostMinor, currency, ...shownTotals } = head;
	const series = seriesFrom(visible, sums, { currency, hourlyCostMinor });
	// The shown quarter's point is its fresh totals, so the chart agrees with the table below it.
	series.points = series.points.map((p) =>
		p.quarter === quarter ? { quarter, ...shownTotals } : p
	);
	const shown = pageOf(lines, page);
	const traced = await traceLines(ctx.db, scope, shown.items);
	return {
		series,
		ledger: { ...heading, ...(await withNames(ctx, head, traced)), page: shown.page }
	};
}

interface Sums {
	time: Map<string, ChallengeTime>;
	value: Map<string, Money>;
}

/**
 * The ledger page's chart sums the time and value of every visible challenge over every quarter
 * (~190 ms at 200 challenges and 60,000 attendances) on each view, and those sums move slowly.
 * A node reads the whole organisation's at most every CHART_SUMS_MS and each view filters them
 * to what its viewer may see; the quarter the page shows is read fresh (above). The JSON series
 * (`ledgerSeries`) stays fresh on every call.
 */
const CHART_SUMS_MS = 30_000;
const sumsByContext = new WeakMap<AppContext, SharedReads<'all', Sums>>();

function organisationSums(ctx: AppContext): Promise<Sums> {
	let reads = sumsByContext.get(ctx);
	if (!reads) sumsByContext.set(ctx, (reads = new SharedReads(CHART_SUMS_MS, 1)));
	return reads.get('all', async () => {
		const all = await loadAllChallenges(ctx.db);
		const [time, value] = await Promise.all([
			timeByChallenge(ctx.db, all, new Date()),
			valueByChallenge(ctx.db, all)
		]);
		return { time, value };
	});
}

type QuarterLedger = Ledger & { quarter: string; challenges: { id: string; title: string }[] };
type Series = { currency: string; points: QuarterPoint[] };

async function ledgerOfQuarter(
	ctx: AppContext,
	visible: ChallengeWithOwner[],
	quarter: string
): Promise<QuarterLedger> {
	const { scope, ...heading } = quarterScope(visible, quarter);
	return { ...heading, ...(await buildLedger(ctx, scope)) };
}

function quarterScope(visible: ChallengeWithOwner[], quarter: string) {
	const scope = visible.filter((c) => c.quarter === quarter);
	return { quarter, challenges: scope.map((c) => ({ id: c.id, title: c.title })), scope };
}

async function seriesOf(ctx: AppContext, scope: ChallengeWithOwner[]): Promise<Series> {
	const [settings, time, value] = await Promise.all([
		loadSettings(ctx.db),
		timeByChallenge(ctx.db, scope, new Date()),
		valueByChallenge(ctx.db, scope)
	]);
	return seriesFrom(scope, { time, value }, settings);
}

/** One point per quarter of `scope`; a challenge the sums do not hold yet counts nothing. */
function seriesFrom(
	scope: ChallengeWithOwner[],
	{ time, value }: Sums,
	settings: { currency: string; hourlyCostMinor: number }
): Series {
	const quarters = [...new Set(scope.map((c) => c.quarter))].sort(compareQuartersDesc).reverse();
	const points = quarters.map((quarter) => {
		const ids = scope.filter((c) => c.quarter === quarter).map((c) => c.id);
		return {
			quarter,
			...totals(
				ids.map((id) => time.get(id) ?? { presentMs: 0, facilitationMs: 0 }),
				ids.map((id) => value.get(id) ?? { confirmedMinor: 0, expectedMinor: 0 }),
				settings.hourlyCostMinor
			)
		};
	});
	return { currency: settings.currency, points };
}

async function visibleChallenges(ctx: AppContext, user: PublicUser): Promise<ChallengeWithOwner[]> {
	return (await loadAllChallenges(ctx.db)).filter((c) => canView(user, c));
}

async function buildLedger(ctx: AppContext, scope: ChallengeWithOwner[]): Promise<Ledger> {
	const { head, lines } = await ledgerTotalsOf(ctx, scope);
	return withNames(ctx, head, await traceLines(ctx.db, scope, lines));
}

type LedgerHead = Omit<Ledger, 'lines' | 'names'>;

/** The scope's totals over all its lines, and the lines themselves, not yet traced or named. */
async function ledgerTotalsOf(
	ctx: AppContext,
	scope: ChallengeWithOwner[]
): Promise<{ head: LedgerHead; lines: LedgerValue[] }> {
	const [settings, time, lines] = await Promise.all([
		loadSettings(ctx.db),
		timeByChallenge(ctx.db, scope, new Date()),
		ledgerValues(ctx.db, scope)
	]);
	return {
		head: {
			...totals([...time.values()], lines, settings.hourlyCostMinor),
			currency: settings.currency,
			hourlyCostMinor: settings.hourlyCostMinor
		},
		lines
	};
}

/** A ledger of `lines` under `head`, whose totals may count more lines than it carries. */
async function withNames(ctx: AppContext, head: LedgerHead, lines: LedgerLine[]): Promise<Ledger> {
	return { ...head, lines, names: await namesOf(ctx, lines) };
}

function totals(times: ChallengeTime[], lines: Money[], hourlyCostMinor: number): LedgerTotals {
	return ledgerTotals({
		presentMs: times.reduce((sum, t) => sum + t.presentMs, 0),
		facilitationMs: times.reduce((sum, t) => sum + t.facilitationMs, 0),
		hourlyCostMinor,
		lines
	});
}

async function namesOf(ctx: AppContext, lines: LedgerLine[]): Promise<Ledger['names']> {
	const userIds = [...new Set(lines.flatMap((l) => l.authorIds))];
	const teamIds = [...new Set(lines.flatMap((l) => [...l.authorTeamIds, ...l.voterTeamIds]))];
	const [userNames, teamNames] = await Promise.all([
		namesIn(ctx, users, userIds),
		namesIn(ctx, teams, teamIds)
	]);
	return { users: userNames, teams: teamNames };
}

/** `id → name` for the given ids of a table that has both. */
async function namesIn(
	ctx: AppContext,
	table: typeof users | typeof teams,
	ids: string[]
): Promise<Record<string, string>> {
	if (ids.length === 0) return {};
	const rows = await ctx.db
		.select({ id: table.id, name: table.name })
		.from(table)
		.where(inArray(table.id, ids));
	return Object.fromEntries(rows.map((r) => [r.id, r.name]));
}

import type pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { servicesBackend } from '../helpers/backends.ts';
import { sessionAtCommit, voteFixtures } from '../helpers/vote-fixtures.ts';
import type { TestServer } from '../helpers/server.ts';
import type { Person, Workshop } from '../helpers/workshop.ts';
import type { Ledger } from '../../src/lib/server/ledger/service.ts';
import type { Practice } from '../../src/lib/shared/debriefs.ts';
import { formatMoney } from '../../src/lib/shared/ledger.ts';

/**
 * Debriefs, the practice library, realised value and the ledger on Postgres + Redis (the
 * library needs Postgres full-text search). Ideas, votes, attendance and stage runs are written
 * as fixtures, the way the vote and the presence tracker store them, so the figures are exact.
 */
const backend = servicesBackend();

const MINUTE = 60_000;
const QUARTER = '2031-Q2';

// Skips only without DATABASE_URL and REDIS_URL (fixtures are written with pg); CI sets both and
// REQUIRE_SERVICES=1, under which servicesBackend() fails instead of skipping.
describe.skipIf(!backend)('debriefs, value and the ledger (Postgres + Redis)', () => {
	let server: TestServer;
	let db: pg.Client;
	let fixtures: ReturnType<typeof voteFixtures>;
	let workshop: Workshop;
	let sponsor: Person;
	let owner: Person;
	let author: Person;
	let stranger: Person;
	let challengeId: string;
	let sessionId: string;
	let pilotId: string;
	let rolloutId: string;

	const debrief = {
		outcome: 'delivered',
		whatWorked: 'Pairing each new customer with an engineer for their first day',
		whatDidnt: 'Automated reminder emails were ignored',
		lessons: 'Onboarding pilots work best with the largest accounts first',
		objective: 'Customers live within a day',
		situation: 'B2B onboarding, about forty new accounts a month',
		people: 'Payments engineers and the Growth team'
	};

	async function commit(ideaId: string, title: string): Promise<string> {
		const res = await workshop.facilitator.client.post(
			`/api/v1/sessions/${sessionId}/commitments`,
			{
				ideaId,
				title,
				ownerId: owner.user.id,
				dueDate: '2099-06-30',
				metric: { name: 'Hours to first value', unit: 'h', baseline: 72, target: 24 },
				kind: 'pilot',
				nextStep: 'Book the kickoff'
			}
		);
		expect(res.status).toBe(201);
		return ((await res.json()) as { commitment: { id: string } }).commitment.id;
	}

	const attend = (person: Person, minutes: number) =>
		fixtures.attended(sessionId, person, minutes * MINUTE);

	const claim = (who: Person, id: string, body: unknown) =>
		who.client.post(`/api/v1/commitments/${id}/value`, body);
	const review = (who: Person, id: string, recordId: string, body: unknown) =>
		who.client.post(`/api/v1/commitments/${id}/value/${recordId}/review`, body);
	const practices = async (who: Person, query: string) => {
		const res = await who.client.get(`/api/v1/practices?${query}`);
		expect(res.status).toBe(200);
		return ((await res.json()) as { practices: Practice[] }).practices;
	};

	beforeAll(async () => {
		const atCommit = await sessionAtCommit(backend!, { quarter: QUARTER });
		({ server, db, fixtures, workshop, sponsor, owner, challengeId } = atCommit);
		sessionId = atCommit.session.id;
		author = await workshop.person('Ada Author', 1);
		stranger = await workshop.person('Sid Stranger');
		await fixtures.idea(sessionId, 'idea-a', 'Onboarding buddy', 0, [author, workshop.facilitator]);
		await fixtures.idea(sessionId, 'idea-b', 'Setup checklist', 1, [author]);
		await fixtures.vote(sessionId, owner, { 'idea-a': 3, 'idea-b': 1 });
		await fixtures.vote(sessionId, sponsor, { 'idea-a': 2 });
		pilotId = await commit('idea-a', 'Onboarding buddy pilot');
		rolloutId = await commit('idea-b', 'Setup checklist rollout');
		// 155 minutes present; the facilitator was in the room 20 of the session's 50 minutes.
		await attend(owner, 60);
		await attend(author, 45);
		await attend(sponsor, 30);
		await attend(workshop.facilitator, 20);
		await fixtures.stageRuns(sessionId, [
			['lobby', '2031-04-01T09:00Z'],
			['commit', '2031-04-01T09:10Z'],
			['closed', '2031-04-01T09:50Z']
		]);
	}, 60_000);

	describe('debriefs', () => {
		it('refuses anyone but the owner with 403, and changes nothing', async () => {
			for (const who of [sponsor, workshop.facilitator]) {
				const res = await who.client.request('PUT', `/api/v1/commitments/${pilotId}/debrief`, {
					json: debrief
				});
				expect(res.status).toBe(403);
			}
			const read = await sponsor.client.get(`/api/v1/commitments/${pilotId}/debrief`);
			expect(await read.json()).toEqual({ debrief: null });
		});

		it('refuses empty fields with 400 naming each of them', async () => {
			const res = await owner.client.request('PUT', `/api/v1/commitments/${pilotId}/debrief`, {
				json: { ...debrief, lessons: ' ', people: '' }
			});
			expect(res.status).toBe(400);
			const body = (await res.json()) as { error: { code: string; fields: object } };
			expect(body.error.code).toBe('invalid_input');
			expect(Object.keys(body.error.fields).sort()).toEqual(['lessons', 'people']);
		});

		it('saves the owner’s debrief, logs a debrief event, and rewrites it in place', async () => {
			for (const lessons of ['First draft', debrief.lessons]) {
				const res = await owner.client.request('PUT', `/api/v1/commitments/${pilotId}/debrief`, {
					json: { ...debrief, lessons }
				});
				expect(res.status).toBe(200);
			}
			const read = await sponsor.client.get(`/api/v1/commitments/${pilotId}/debrief`);
			expect(((await read.json()) as { debrief: { lessons: string } }).debrief.lessons).toBe(
				debrief.lessons
			);
			const events = await db.query(
				`select actor_id, detail from commitment_events where commitment_id = $1 and kind = 'debrief' order by seq`,
				[pilotId]
			);
			expect(events.rows).toEqual([
				{ actor_id: owner.user.id, detail: { outcome: 'delivered', edited: false } },
				{ actor_id: owner.user.id, detail: { outcome: 'delivered', edited: true } }
			]);
		});

		it('finds the practice by a stemmed word for anyone signed in, across teams', async () => {
			// "pilot" matches "pilots", "account" matches "accounts".
			const found = await practices(stranger, 'q=pilot%20account');
			expect(found.map((p) => p.commitmentId)).toEqual([pilotId]);
			expect(found[0]).toMatchObject({
				title: 'Onboarding buddy pilot',
				challengeId,
				quarter: QUARTER,
				ownerId: owner.user.id,
				ownerName: 'Olu Owner',
				outcome: 'delivered'
			});
			expect(found[0]!.snippet).toMatch(/«pilots»/);
			expect(found[0]!.teamIds.sort()).toEqual(workshop.teams.map((t) => t.id).sort());
			expect(await practices(stranger, 'q=spreadsheet')).toEqual([]);
		});

		it('filters by team, quarter and outcome', async () => {
			const ids = async (query: string) =>
				(await practices(stranger, query)).map((p) => p.commitmentId);
			expect(
				await ids(`team=${workshop.teams[1]!.id}&quarter=${QUARTER}&outcome=delivered`)
			).toEqual([pilotId]);
			expect(await ids('outcome=dropped')).toEqual([]);
			expect(await ids('quarter=2030-Q1')).toEqual([]);
			expect(await ids('team=no-such-team')).toEqual([]);
		});

		it('refuses a malformed filter with 400 and an anonymous reader with 401', async () => {
			expect((await stranger.client.get('/api/v1/practices?quarter=Q2')).status).toBe(400);
			expect((await fetch(`${server.url}/api/v1/practices`)).status).toBe(401);
		});
	});

	describe('value', () => {
		let confirmedId: string;

		it('lets only the owner claim, and refuses a claim without evidence or amount', async () => {
			expect((await claim(sponsor, pilotId, { amountMinor: 100, evidence: 'x' })).status).toBe(403);
			expect((await claim(owner, pilotId, { evidence: 'Report' })).status).toBe(400);
			expect((await claim(owner, pilotId, { amountMinor: 1.5, evidence: 'Report' })).status).toBe(
				400
			);
		});

		it('counts a claim as expected until the sponsor confirms it', async () => {
			const res = await claim(owner, pilotId, {
				amountMinor: 250_000,
				evidence: 'Finance report Q2: support hours saved'
			});
			expect(res.status).toBe(201);
			confirmedId = ((await res.json()) as { record: { id: string } }).record.id;
			const ledger = await ledgerOf(sponsor);
			expect(ledger.confirmedMinor).toBe(0);
			expect(ledger.expectedMinor).toBe(250_000);
		});

		it('lets only the sponsor or an admin review, and a question needs a note', async () => {
			expect((await review(owner, pilotId, confirmedId, { verdict: 'confirmed' })).status).toBe(
				403
			);
			expect((await review(sponsor, pilotId, confirmedId, { verdict: 'questioned' })).status).toBe(
				400
			);
			expect((await review(sponsor, rolloutId, confirmedId, { verdict: 'confirmed' })).status).toBe(
				404
			);
			const ok = await review(sponsor, pilotId, confirmedId, {
				verdict: 'confirmed',
				note: 'Matches the report'
			});
			expect(ok.status).toBe(200);
			expect(
				((await ok.json()) as { record: { status: string; reviewedBy: string } }).record
			).toMatchObject({
				status: 'confirmed',
				reviewedBy: sponsor.user.id
			});
			expect(
				(await review(sponsor, pilotId, confirmedId, { verdict: 'questioned', note: 'again' }))
					.status
			).toBe(409);
		});

		it('does not count a questioned claim, and logs every step as a value event', async () => {
			const res = await claim(owner, pilotId, { amountMinor: 40_000, evidence: 'Guess' });
			const { record } = (await res.json()) as { record: { id: string } };
			expect(
				(
					await review(workshop.admin, pilotId, record.id, {
						verdict: 'questioned',
						note: 'Show the data'
					})
				).status
			).toBe(200);
			const pending = await claim(owner, rolloutId, {
				amountMinor: 12_345,
				metricDelta: -2,
				evidence: 'Dashboard'
			});
			expect(pending.status).toBe(201);
			const events = await db.query(
				`select detail->>'action' as action from commitment_events where kind = 'value' order by seq`
			);
			expect(events.rows.map((r) => r.action)).toEqual([
				'claimed',
				'confirmed',
				'claimed',
				'questioned',
				'claimed'
			]);
		});
	});

	async function ledgerOf(who: Person): Promise<Ledger> {
		const res = await who.client.get(`/api/v1/challenges/${challengeId}/ledger`);
		expect(res.status).toBe(200);
		return (await res.json()) as Ledger;
	}

	describe('the ledger', () => {
		it('sets time invested against confirmed and expected value, with exact figures', async () => {
			const settings = await workshop.admin.client.patch('/api/v1/settings', {
				hourlyCostMinor: 6000
			});
			expect(settings.status).toBe(200);
			const ledger = await ledgerOf(sponsor);
			// (155 present + 30 facilitation) minutes at 6000 minor an hour = 18,500.
			expect(ledger).toMatchObject({
				minutesPresent: 155,
				facilitationMinutes: 30,
				investedMinor: 18_500,
				confirmedMinor: 250_000,
				expectedMinor: 12_345,
				currency: 'EUR',
				ratio: 250_000 / 18_500
			});
			const [teamA, teamB] = workshop.teams.map((t) => t.id);
			expect(ledger.lines).toEqual([
				expect.objectContaining({
					commitmentId: pilotId,
					confirmedMinor: 250_000,
					expectedMinor: 0,
					ideaId: 'idea-a',
					authorIds: [author.user.id, workshop.facilitator.user.id].sort(),
					authorTeamIds: [teamA, teamB].sort(),
					voterTeamIds: [teamA, teamB].sort(),
					sessionId
				}),
				expect.objectContaining({
					commitmentId: rolloutId,
					confirmedMinor: 0,
					expectedMinor: 12_345,
					ideaId: 'idea-b',
					authorIds: [author.user.id],
					authorTeamIds: [teamB],
					voterTeamIds: [teamB],
					sessionId
				})
			]);
			expect(ledger.names.users[author.user.id]).toBe('Ada Author');
		});

		it('gives the same totals per quarter, and nothing for another quarter', async () => {
			const res = await sponsor.client.get(`/api/v1/ledger?quarter=${QUARTER}`);
			expect(res.status).toBe(200);
			const quarter = (await res.json()) as Ledger & { challenges: { id: string }[] };
			expect(quarter).toMatchObject({
				investedMinor: 18_500,
				confirmedMinor: 250_000,
				expectedMinor: 12_345
			});
			expect(quarter.challenges.map((c) => c.id)).toEqual([challengeId]);
			const other = await (await sponsor.client.get('/api/v1/ledger?quarter=2031-Q3')).json();
			expect(other).toMatchObject({ minutesPresent: 0, investedMinor: 0, ratio: null, lines: [] });
			expect((await sponsor.client.get('/api/v1/ledger?quarter=soon')).status).toBe(400);
		});

		it('draws the quarter on the chart with the same totals as its ledger', async () => {
			const [series, quarter] = await Promise.all(
				['/api/v1/ledger/quarters', `/api/v1/ledger?quarter=${QUARTER}`].map(async (path) => {
					const res = await sponsor.client.get(path);
					expect(res.status).toBe(200);
					return res.json();
				})
			);
			const { lines, ...totals } = quarter as Ledger;
			expect(lines).not.toHaveLength(0);
			expect(series.points).toContainEqual(
				expect.objectContaining({
					quarter: QUARTER,
					minutesPresent: totals.minutesPresent,
					facilitationMinutes: totals.facilitationMinutes,
					investedMinor: totals.investedMinor,
					confirmedMinor: totals.confirmedMinor,
					expectedMinor: totals.expectedMinor,
					ratio: totals.ratio
				})
			);
			expect((await stranger.client.get('/api/v1/ledger/quarters')).status).toBe(200);
		});

		it('tops a facilitator with no attendance up to the whole session, per session', async () => {
			const other = await workshop.createChallenge({
				quarter: '2032-Q1',
				sponsorId: sponsor.user.id,
				audience: 'invited',
				invitedTeamIds: workshop.teams.map((t) => t.id)
			});
			const ids = [
				(await workshop.startSession(other.id)).id,
				(await workshop.startSession(other.id)).id
			];
			for (const [i, id] of ids.entries()) {
				await fixtures.stageRuns(id, [
					['lobby', '2032-01-05T09:00Z'],
					['closed', '2032-01-05T09:40Z']
				]);
				await fixtures.attended(id, owner, (10 + i) * MINUTE);
			}
			// The facilitator's 15 minutes in the second session leave 25 of its 40 to top up.
			await fixtures.attended(ids[1]!, workshop.facilitator, 15 * MINUTE);
			const res = await sponsor.client.get(`/api/v1/challenges/${other.id}/ledger`);
			expect(res.status).toBe(200);
			expect(await res.json()).toMatchObject({ minutesPresent: 36, facilitationMinutes: 65 });
		});

		it('refuses a challenge ledger to someone not invited, and leaves it out of their quarter', async () => {
			expect((await stranger.client.get(`/api/v1/challenges/${challengeId}/ledger`)).status).toBe(
				403
			);
			expect((await stranger.client.get('/api/v1/challenges/nope/ledger')).status).toBe(404);
			const quarter = await (await stranger.client.get(`/api/v1/ledger?quarter=${QUARTER}`)).json();
			expect(quarter).toMatchObject({
				investedMinor: 0,
				confirmedMinor: 0,
				lines: [],
				challenges: []
			});
			expect((await stranger.client.get(`/api/v1/commitments/${pilotId}/value`)).status).toBe(403);
		});

		it('pages the lines on the ledger page, with totals over all of them and every line traced', async () => {
			const quarter = '2033-Q1';
			const other = await workshop.createChallenge({
				quarter,
				sponsorId: sponsor.user.id,
				audience: 'invited',
				invitedTeamIds: workshop.teams.map((t) => t.id)
			});
			const session = (await workshop.startSession(other.id)).id;
			await fixtures.idea(session, 'idea-paged', 'Paged idea', 0, [author]);
			await fixtures.vote(session, owner, { 'idea-paged': 2 });
			// 60 lines, one page and a bit, in creation order, each with €1.00 confirmed.
			await db.query(
				`insert into commitments (id, idea_id, session_id, challenge_id, title, owner_id, due_date,
				   metric_name, metric_unit, metric_baseline, metric_target, kind, next_step, created_by,
				   created_at)
				 select 'paged-' || lpad(n::text, 2, '0'), 'idea-paged', $1, $2, 'Paged line ' || n, $3,
				   '2099-01-01', 'Hours', 'h', 10, 5, 'pilot', 'Start', $3,
				   timestamptz '2033-01-01' + n * interval '1 minute'
				 from generate_series(1, 60) n`,
				[session, other.id, owner.user.id]
			);
			await db.query(
				`insert into value_records (id, commitment_id, author_id, amount_minor, evidence, status)
				 select 'pv-' || id, id, $1, 100, 'Invoice', 'confirmed' from commitments
				 where challenge_id = $2`,
				[owner.user.id, other.id]
			);

			// The JSON route keeps its contract: every line, no paging.
			const json = (await (
				await sponsor.client.get(`/api/v1/ledger?quarter=${quarter}`)
			).json()) as Ledger;
			expect(json.lines).toHaveLength(60);
			expect(json.confirmedMinor).toBe(6000);
			expect(json).not.toHaveProperty('page');

			// Without Svelte's hydration markers, which sit wherever a component renders a snippet.
			const html = async (path: string) => {
				const res = await sponsor.client.get(path);
				expect(res.status).toBe(200);
				return (await res.text()).replace(/<!--[\s\S]*?-->/g, '');
			};
			const linesOn = (page: string) => page.match(/data-testid="ledger-line"/g)?.length ?? 0;
			// The pager and one line's row, so a failure prints them and not the whole page.
			const pagerOf = (page: string) => page.match(/<nav class="pager[\s\S]*?<\/nav>/)?.[0] ?? '';
			const rowOf = (page: string, id: string) =>
				page.match(
					new RegExp(
						`<tr data-testid="ledger-line"[^>]*>(?:(?!</tr>)[\\s\\S])*${id}"[\\s\\S]*?</tr>`
					)
				)?.[0] ?? '';
			const link = (to: number, rel: string) =>
				new RegExp(`href="\\.?/ledger\\?quarter=2033-Q1&amp;page=${to}" rel="${rel}"`);
			const first = await html(`/ledger?quarter=${quarter}`);
			expect(linesOn(first)).toBe(50);
			expect(rowOf(first, 'paged-50')).not.toBe('');
			// Neither rendered nor serialised into the page's data.
			expect(first.includes('paged-51')).toBe(false);
			// The totals count all 60 lines, not the page's 50.
			expect(first.includes(`>${formatMoney(6000, 'EUR')}</dd>`)).toBe(true);
			const firstPager = pagerOf(first);
			expect(firstPager).toMatch(/aria-label="Pages of value lines"/);
			expect(firstPager).toMatch(/1–50 of 60 · page\s+1 of 2/);
			expect(firstPager).toMatch(link(2, 'next'));
			expect(firstPager).toMatch(/Next <span class="visually-hidden">page<\/span>/);
			expect(firstPager).not.toMatch(/rel="prev"/);

			const second = await html(`/ledger?quarter=${quarter}&page=2`);
			expect(linesOn(second)).toBe(10);
			expect(second.includes('paged-50"')).toBe(false);
			expect(second.includes(`>${formatMoney(6000, 'EUR')}</dd>`)).toBe(true);
			const secondPager = pagerOf(second);
			expect(secondPager).toMatch(/51–60 of 60/);
			expect(secondPager).toMatch(link(1, 'prev'));
			expect(secondPager).not.toMatch(/rel="next"/);
			// A line on the second page still traces to its idea, author, teams and session.
			const teamOf = (p: Person) => workshop.teams.find((t) => t.id === p.user.teamId)!.name;
			const row = rowOf(second, 'paged-60');
			expect(row).toMatch(/href="\.?\/commitments\/paged-60"/);
			expect(row).toContain('“Paged idea”');
			expect(row).toContain(`/people/${author.user.id}">Ada Author</a>`);
			expect(row).toContain(teamOf(author));
			expect(row).toContain(teamOf(owner));
			expect(row).toContain(`/s/${session}/summary`);

			expect((await sponsor.client.get(`/ledger?quarter=${quarter}&page=0`)).status).toBe(400);

			// The chart's sums are read at most every 30 s, but the shown quarter's point is its
			// fresh totals: value confirmed a moment ago is on the chart and in the table alike.
			const chartPoint = (page: string) =>
				Number(new RegExp(`quarter:"${quarter}"[^}]*confirmedMinor:(\\d+)`).exec(page)?.[1]);
			expect(chartPoint(first)).toBe(6000);
			await db.query(`update value_records set amount_minor = 200 where id = 'pv-paged-01'`);
			const after = await html(`/ledger?quarter=${quarter}`);
			expect(after.includes(`>${formatMoney(6100, 'EUR')}</dd>`)).toBe(true);
			expect(chartPoint(after)).toBe(6100);
		});
	});

	describe('settings', () => {
		it('are the admin’s alone, and validated', async () => {
			expect((await sponsor.client.get('/api/v1/settings')).status).toBe(403);
			expect((await sponsor.client.patch('/api/v1/settings', { hourlyCostMinor: 1 })).status).toBe(
				403
			);
			const bad = await workshop.admin.client.patch('/api/v1/settings', {
				currency: 'EURO',
				hourlyCostMinor: -1
			});
			expect(bad.status).toBe(400);
			const ok = await workshop.admin.client.patch('/api/v1/settings', { currency: 'gbp' });
			expect(await ok.json()).toEqual({
				settings: { currency: 'GBP', hourlyCostMinor: 6000, staleAfterDays: 14 }
			});
			expect((await ledgerOf(sponsor)).currency).toBe('GBP');
		});
	});
});

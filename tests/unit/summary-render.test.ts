import { describe, expect, it } from 'vitest';
import {
	summaryCsv,
	summaryFileName,
	summaryMarkdown
} from '../../src/lib/server/summary/render.ts';
import type { SessionSummary } from '../../src/lib/server/summary/service.ts';

const started = Date.UTC(2027, 0, 12, 9, 0);

function summary(overrides: Partial<SessionSummary> = {}): SessionSummary {
	return {
		session: {
			id: 's1',
			challengeId: 'c1',
			stage: 'closed',
			startedAt: started,
			endedAt: started + 90 * 60_000,
			resultsVisible: true
		},
		challenge: {
			id: 'c1',
			title: 'Halve onboarding | time',
			question: 'How might we?',
			quarter: '2027-Q1',
			sponsorId: null
		},
		counts: { participants: 2, notes: 9, ideas: 2, dots: 7, commitments: 1 },
		people: [],
		teams: [
			{ teamName: 'Payments', people: 1, presentMs: 80 * 60_000 },
			{ teamName: null, people: 1, presentMs: 3_000 }
		],
		ideas: [
			{
				id: 'a',
				title: 'Pair new customers\nwith a buddy',
				noteIds: ['n1', 'n2'],
				authorTeamIds: [],
				dots: 4,
				crossTeamShare: 0.5,
				rank: 1,
				tied: true
			},
			{
				id: 'b',
				title: '=HYPERLINK("x")',
				noteIds: ['n3'],
				authorTeamIds: [],
				dots: 4,
				crossTeamShare: 1 / 3,
				rank: 1,
				tied: true
			}
		],
		commitments: [
			{
				id: 'k1',
				ideaId: 'a',
				sessionId: 's1',
				challengeId: 'c1',
				title: 'Buddy pilot, "v1"',
				description: '',
				ownerId: 'u1',
				sponsorId: null,
				contributorIds: [],
				dueDate: '2027-03-31',
				metric: { name: 'Time to live', unit: 'h', baseline: 72, target: 24 },
				kind: 'pilot',
				nextStep: 'Ask, then book',
				status: 'committed',
				flags: [],
				createdAt: started,
				lastCheckInAt: null,
				parentId: null,
				comparisonGroup: null,
				decision: null,
				ownerName: 'Olu',
				sponsorName: null
			}
		],
		...overrides
	};
}

describe('the summary as Markdown', () => {
	it('lists the counts, the teams, the ranked ideas with ties and pull, and the commitments', () => {
		const md = summaryMarkdown(summary());
		expect(md).toContain('# Halve onboarding | time — session summary');
		expect(md).toContain('> How might we?');
		expect(md).toContain('- Dots: 7');
		expect(md).toContain('| Payments | 1 | 80 min |');
		expect(md).toContain('| No team | 1 | under a minute |');
		// One line per idea, whatever its text: newlines folded and pipes escaped.
		expect(md).toContain('| 1 (tied) | Pair new customers with a buddy | 4 | 50% |');
		expect(md).toContain(
			'| Buddy pilot, "v1" | Olu | — | 2027-03-31 | pilot | Time to live: 72 → 24 h |'
		);
	});

	it('keeps the tallies out while the votes are secret and says why lists are empty', () => {
		const md = summaryMarkdown(
			summary({
				session: { ...summary().session, resultsVisible: false, endedAt: null },
				counts: { ...summary().counts, dots: null },
				teams: [],
				commitments: []
			})
		);
		expect(md).toContain('- Dots: not revealed yet');
		expect(md).toContain('- Ended: still running');
		expect(md).toContain('The votes are not revealed yet.');
		expect(md).not.toMatch(/\| 4 \|/);
		expect(md).toContain('Nobody joined this session.');
		expect(md).toContain('No commitments were made in this session.');
	});
});

describe('the summary as CSV', () => {
	it('writes ideas with their votes, quoting what needs it and defusing formulas', () => {
		expect(summaryCsv(summary(), 'ideas').split('\n')).toEqual([
			'rank,idea,notes,dots,cross_team_share,tied',
			'1,"Pair new customers',
			'with a buddy",2,4,0.5,yes',
			`1,"'=HYPERLINK(""x"")",1,4,0.333,yes`,
			''
		]);
	});

	it('writes commitments in a table of their own', () => {
		const [head, row] = summaryCsv(summary(), 'commitments').split('\n');
		expect(head).toBe(
			'id,title,owner,sponsor,due_date,kind,status,metric,unit,baseline,target,next_step'
		);
		expect(row).toBe(
			'k1,"Buddy pilot, ""v1""",Olu,,2027-03-31,pilot,committed,Time to live,h,72,24,"Ask, then book"'
		);
	});

	it('names the download after the challenge, the day and the table', () => {
		expect(summaryFileName(summary(), 'csv', 'ideas')).toBe(
			'halve-onboarding-time-2027-01-12-summary-ideas.csv'
		);
	});
});

import { describe, expect, it } from 'vitest';
import {
	contributionCounts,
	isCrossTeamBuild,
	type IdeaFacts
} from '../../src/lib/shared/contributions.ts';
import { EMPTY_FUNNEL, funnelSteps } from '../../src/lib/shared/funnel.ts';
import { attentionScore, byAttention } from '../../src/lib/shared/sponsor.ts';

const idea = (id: string, noteTeamIds: (string | null)[], status: IdeaFacts['commitmentStatus']) =>
	({ id, noteTeamIds, commitmentStatus: status }) satisfies IdeaFacts;

describe('cross-team builds', () => {
	it('is a note in a winning idea that also holds another team’s note', () => {
		expect(
			isCrossTeamBuild({ ideaId: 'a', teamId: 't1' }, idea('a', ['t1', 't2'], 'committed'))
		).toBe(true);
	});

	it('is not one when the idea lost, when only one team wrote it, or for a teamless author', () => {
		expect(isCrossTeamBuild({ ideaId: 'a', teamId: 't1' }, idea('a', ['t1', 't2'], null))).toBe(
			false
		);
		expect(
			isCrossTeamBuild({ ideaId: 'a', teamId: 't1' }, idea('a', ['t1', 't1'], 'delivered'))
		).toBe(false);
		expect(
			isCrossTeamBuild({ ideaId: 'a', teamId: null }, idea('a', [null, 't2'], 'delivered'))
		).toBe(false);
		// Teamless co-authors are nobody's team.
		expect(
			isCrossTeamBuild({ ideaId: 'a', teamId: 't1' }, idea('a', ['t1', null], 'delivered'))
		).toBe(false);
	});
});

describe('contribution counts', () => {
	it('counts ideas once however many notes, and each cross-team note', () => {
		const ideas = new Map([
			['a', idea('a', ['t1', 't1', 't2'], 'delivered')],
			['b', idea('b', ['t1'], 'in_progress')],
			['c', idea('c', ['t1', 't2'], null)]
		]);
		expect(
			contributionCounts({
				notes: [
					{ ideaId: 'a', teamId: 't1' },
					{ ideaId: 'a', teamId: 't1' },
					{ ideaId: 'b', teamId: 't1' },
					{ ideaId: 'c', teamId: 't1' }
				],
				ideas,
				ownedStatuses: ['delivered', 'dropped', 'blocked'],
				kudosReceived: 2
			})
		).toEqual({
			ideasWritten: 3,
			ideasCommitted: 2,
			ideasDelivered: 1,
			crossTeamBuilds: 2,
			commitmentsOwned: 3,
			commitmentsDelivered: 1,
			kudosReceived: 2
		});
	});

	it('is all zeros for someone who has not taken part yet', () => {
		expect(
			Object.values(
				contributionCounts({ notes: [], ideas: new Map(), ownedStatuses: [], kudosReceived: 0 })
			)
		).toEqual([0, 0, 0, 0, 0, 0, 0]);
	});
});

describe('the funnel', () => {
	it('gives each step as a whole percent of the one before', () => {
		const steps = funnelSteps({
			participants: 12,
			notes: 48,
			ideas: 9,
			votedIdeas: 6,
			commitments: 3,
			delivered: 2,
			valueConfirmed: 1
		});
		expect(steps.map((s) => [s.stage, s.count, s.ofPrevious])).toEqual([
			['participants', 12, null],
			['notes', 48, 400],
			['ideas', 9, 19],
			['votedIdeas', 6, 67],
			['commitments', 3, 50],
			['delivered', 2, 67],
			['valueConfirmed', 1, 50]
		]);
	});

	it('has no percent after an empty step instead of dividing by zero', () => {
		const steps = funnelSteps({ ...EMPTY_FUNNEL, participants: 3 });
		expect(steps.map((s) => s.ofPrevious)).toEqual([null, 0, null, null, null, null, null]);
	});
});

describe('what the sponsor sees first', () => {
	const item = (
		title: string,
		flags: ('blocked' | 'overdue' | 'stale')[],
		dueDate = '2030-01-01'
	) => ({
		title,
		flags,
		dueDate
	});

	it('puts blocked before overdue before stale before fine, then the nearest due date', () => {
		const sorted = [
			item('fine later', [], '2031-01-01'),
			item('stale', ['stale']),
			item('fine sooner', [], '2029-01-01'),
			item('overdue', ['overdue']),
			item('blocked', ['blocked']),
			item('overdue and stale', ['overdue', 'stale'])
		].sort(byAttention);
		expect(sorted.map((s) => s.title)).toEqual([
			'blocked',
			'overdue and stale',
			'overdue',
			'stale',
			'fine sooner',
			'fine later'
		]);
	});

	it('weighs a block above being both overdue and stale', () => {
		expect(attentionScore(['blocked'])).toBeGreaterThan(attentionScore(['overdue', 'stale']));
	});
});

import { describe, expect, it } from 'vitest';
import { rankIdeas, tallyIdeas } from '../../src/lib/shared/tally.ts';

describe('tallyIdeas', () => {
	const authors = new Map([
		['a', ['red']],
		['b', ['red', 'blue']],
		['c', []]
	]);

	it('counts dots per idea and the share given by other teams than the authors', () => {
		const tally = tallyIdeas(authors, [
			{ ideaId: 'a', voterTeamId: 'red', dots: 1 },
			{ ideaId: 'a', voterTeamId: 'blue', dots: 3 },
			{ ideaId: 'b', voterTeamId: 'blue', dots: 2 },
			{ ideaId: 'b', voterTeamId: 'green', dots: 2 }
		]);
		expect(tally.get('a')).toEqual({ dots: 4, crossTeamShare: 0.75 });
		expect(tally.get('b')).toEqual({ dots: 4, crossTeamShare: 0.5 });
	});

	it('gives an idea without dots a pull of 0', () => {
		expect(tallyIdeas(authors, []).get('c')).toEqual({ dots: 0, crossTeamShare: 0 });
	});

	it('counts a voter in no team towards the dots but not the pull', () => {
		const tally = tallyIdeas(authors, [
			{ ideaId: 'a', voterTeamId: null, dots: 2 },
			{ ideaId: 'a', voterTeamId: 'blue', dots: 2 }
		]);
		expect(tally.get('a')).toEqual({ dots: 4, crossTeamShare: 0.5 });
	});

	it('ignores lines for ideas it was not given and lines without dots', () => {
		const tally = tallyIdeas(authors, [
			{ ideaId: 'elsewhere', voterTeamId: 'blue', dots: 3 },
			{ ideaId: 'c', voterTeamId: 'blue', dots: 0 }
		]);
		expect([...tally.keys()]).toEqual(['a', 'b', 'c']);
		expect(tally.get('c')).toEqual({ dots: 0, crossTeamShare: 0 });
	});
});

describe('rankIdeas', () => {
	it('orders by dots and shares a rank between equals, keeping board order among them', () => {
		const ranked = rankIdeas([
			{ id: 'x', dots: 2 },
			{ id: 'y', dots: 5 },
			{ id: 'z', dots: 2 },
			{ id: 'w', dots: 1 }
		]);
		expect(ranked.map((r) => [r.id, r.rank, r.tied])).toEqual([
			['y', 1, false],
			['x', 2, true],
			['z', 2, true],
			['w', 4, false]
		]);
	});

	it('never marks ideas without dots as tied', () => {
		const ranked = rankIdeas([
			{ id: 'x', dots: 0 },
			{ id: 'y', dots: 0 }
		]);
		expect(ranked.map((r) => [r.rank, r.tied])).toEqual([
			[1, false],
			[1, false]
		]);
	});

	it('ranks an empty list as empty', () => {
		expect(rankIdeas([])).toEqual([]);
	});
});

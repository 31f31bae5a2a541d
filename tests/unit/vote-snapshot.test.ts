import { describe, expect, it } from 'vitest';
import { IDEA_TITLE_MAX, ideasFromBoard } from '../../src/lib/server/votes/snapshot.ts';
import type { BoardNote } from '../../src/lib/server/board/service.ts';

const note = (id: string, text: string, clusterId: string | null, teamId = 't1'): BoardNote => ({
	id,
	text,
	authorId: `u-${id}`,
	teamId,
	clusterId,
	createdAt: 0
});

describe('ideasFromBoard', () => {
	it('makes one idea per cluster with notes and one per unclustered note, in board order', () => {
		const ideas = ideasFromBoard({
			notes: [
				note('n1', 'Self-serve setup', null),
				note('n2', 'Templates', 'c1', 't1'),
				note('n3', 'Guided tour', 'c1', 't2'),
				note('n4', 'Fewer fields', null)
			],
			clusters: [
				{ id: 'c1', title: 'Onboarding help' },
				{ id: 'c2', title: 'Empty' }
			]
		});
		expect(ideas.map((i) => [i.sourceKind, i.sourceId, i.title])).toEqual([
			['note', 'n1', 'Self-serve setup'],
			['cluster', 'c1', 'Onboarding help'],
			['note', 'n4', 'Fewer fields']
		]);
		expect(ideas[1]!.notes).toEqual([
			{ noteId: 'n2', text: 'Templates', authorId: 'u-n2', teamId: 't1' },
			{ noteId: 'n3', text: 'Guided tour', authorId: 'u-n3', teamId: 't2' }
		]);
	});

	it('skips empty notes, so a cluster holding only empty notes is no idea', () => {
		const ideas = ideasFromBoard({
			notes: [note('n1', '  ', 'c1'), note('n2', '', null)],
			clusters: [{ id: 'c1', title: 'Nothing yet' }]
		});
		expect(ideas).toEqual([]);
	});

	it('titles an untitled cluster by its first note and cuts long titles', () => {
		const long = 'x'.repeat(IDEA_TITLE_MAX + 20);
		const ideas = ideasFromBoard({
			notes: [note('n1', 'First\nline', 'c1'), note('n2', long, null)],
			clusters: [{ id: 'c1', title: '   ' }]
		});
		expect(ideas[0]!.title).toBe('First line');
		expect(ideas[1]!.title).toHaveLength(IDEA_TITLE_MAX);
		expect(ideas[1]!.notes[0]!.text).toBe(long);
	});

	it('treats a note whose cluster is gone as unclustered', () => {
		const ideas = ideasFromBoard({ notes: [note('n1', 'Orphan', 'gone')], clusters: [] });
		expect(ideas).toMatchObject([{ sourceKind: 'note', sourceId: 'n1' }]);
	});
});

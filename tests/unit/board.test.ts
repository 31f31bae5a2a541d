import { describe, expect, it } from 'vitest';
import {
	NOTE_HEIGHT,
	NOTE_WIDTH,
	boardAccess,
	boundsOf,
	clusterAt,
	fitTransform,
	isNoteColor,
	layoutBoard,
	layoutCluster,
	occupiedRects,
	placeCluster,
	placeNote,
	teamColor,
	textEdit
} from '../../src/lib/shared/board.ts';
import { STAGES } from '../../src/lib/shared/stages.ts';

describe('boardAccess', () => {
	it('lets people write in diverge and cluster only', () => {
		const editable = STAGES.filter((stage) => boardAccess(stage).editable);
		expect(editable).toEqual(['diverge', 'cluster']);
	});

	it('says why the board is read-only in every other stage', () => {
		for (const stage of STAGES) {
			const access = boardAccess(stage);
			if (!access.editable) expect(access.reason.length).toBeGreaterThan(10);
		}
	});
});

describe('layoutCluster', () => {
	it('puts members in rows of three, oldest first', () => {
		const members = [
			{ id: 'c', createdAt: 3 },
			{ id: 'a', createdAt: 1 },
			{ id: 'b', createdAt: 2 },
			{ id: 'd', createdAt: 4 }
		];
		const { positions, bounds } = layoutCluster({ x: 100, y: 50 }, members);
		expect(positions.get('a')).toEqual({ x: 116, y: 98 });
		expect(positions.get('b')!.x).toBeGreaterThan(positions.get('a')!.x);
		expect(positions.get('d')!.x).toBe(positions.get('a')!.x);
		expect(positions.get('d')!.y).toBeGreaterThan(positions.get('a')!.y);
		expect(bounds.width).toBe(16 * 2 + 3 * NOTE_WIDTH + 2 * 16);
	});

	it('gives an empty cluster room for one note to be dropped in', () => {
		const { bounds, positions } = layoutCluster({ x: 0, y: 0 }, []);
		expect(positions.size).toBe(0);
		expect(bounds.width).toBeGreaterThanOrEqual(NOTE_WIDTH);
		expect(bounds.height).toBeGreaterThanOrEqual(NOTE_HEIGHT);
	});
});

describe('clusterAt', () => {
	const frame = (id: string, x: number) => ({ id, bounds: { x, y: 0, width: 400, height: 300 } });

	it('finds the cluster under the note’s centre', () => {
		expect(clusterAt([frame('a', 0)], { x: 100, y: 100 })).toBe('a');
	});

	it('returns null for a note dropped outside every cluster', () => {
		expect(clusterAt([frame('a', 0)], { x: 600, y: 100 })).toBeNull();
	});

	it('lets the cluster drawn on top win an overlap', () => {
		expect(clusterAt([frame('a', 0), frame('b', 100)], { x: 150, y: 100 })).toBe('b');
	});

	it('goes by the centre, not the corner', () => {
		// Top-left inside, centre outside.
		expect(clusterAt([frame('a', 0)], { x: 390, y: 100 })).toBeNull();
	});
});

describe('placeNote', () => {
	it('centres the note on the point asked for', () => {
		expect(placeNote({ x: 500, y: 400 }, [])).toEqual({
			x: 500 - NOTE_WIDTH / 2,
			y: 400 - NOTE_HEIGHT / 2
		});
	});

	it('nudges a note off one already in that spot', () => {
		const first = placeNote({ x: 500, y: 400 }, []);
		const second = placeNote({ x: 500, y: 400 }, [first]);
		expect(second).toEqual({ x: first.x + 24, y: first.y + 24 });
	});
});

describe('boundsOf and fitTransform', () => {
	it('has no bounds for an empty board', () => {
		expect(boundsOf([])).toBeNull();
	});

	it('fits the content inside the viewport, centred', () => {
		const content = boundsOf([
			{ x: 0, y: 0, width: 100, height: 100 },
			{ x: 900, y: 400, width: 100, height: 100 }
		])!;
		expect(content).toEqual({ x: 0, y: 0, width: 1000, height: 500 });
		const t = fitTransform(content, 1096, 800);
		expect(t.k).toBe(1);
		expect(t.x + (content.x + content.width / 2) * t.k).toBe(548);
	});

	it('never zooms in past the limit for a single small note', () => {
		expect(fitTransform({ x: 0, y: 0, width: 10, height: 10 }, 1000, 800).k).toBe(1.5);
	});
});

describe('textEdit', () => {
	it('finds nothing to do for equal text', () => {
		expect(textEdit('same', 'same')).toBeNull();
	});

	it('turns typing in the middle into one insert', () => {
		expect(textEdit('helo', 'hello')).toEqual({ index: 3, remove: 0, insert: 'l' });
	});

	it('turns a replaced selection into one delete and insert', () => {
		expect(textEdit('a big idea', 'a bold idea')).toEqual({ index: 3, remove: 2, insert: 'old' });
	});

	it('handles clearing the text', () => {
		expect(textEdit('gone', '')).toEqual({ index: 0, remove: 4, insert: '' });
	});
});

describe('colours', () => {
	it('gives a team the same colour every time, and no team a neutral one', () => {
		expect(teamColor('team-1')).toBe(teamColor('team-1'));
		expect(teamColor(null)).toBe('#475467');
	});

	it('accepts only the note colours it knows', () => {
		expect(isNoteColor('yellow')).toBe(true);
		expect(isNoteColor('red; background: url(x)')).toBe(false);
		expect(isNoteColor(3)).toBe(false);
	});
});

describe('layoutBoard', () => {
	const clusters = [
		{ id: 'a', x: 0, y: 0 },
		{ id: 'b', x: 1000, y: 0 }
	];
	const note = (id: string, clusterId: string | null, createdAt = 1) => ({
		id,
		clusterId,
		createdAt,
		x: 5000,
		y: 5000
	});

	it('lays out each cluster with its own members, and none for a missing cluster', () => {
		const layout = layoutBoard(clusters, [note('n1', 'a'), note('n2', 'b'), note('n3', 'gone')]);
		expect(layout.map((c) => [c.id, [...c.positions.keys()]])).toEqual([
			['a', ['n1']],
			['b', ['n2']]
		]);
	});

	it('counts a loose note and a cluster frame as occupied, a member only through its frame', () => {
		const notes = [note('n1', 'a'), note('n2', null)];
		const rects = occupiedRects(layoutBoard(clusters, notes), notes);
		expect(rects).toHaveLength(3);
		expect(rects[2]).toEqual({ x: 5000, y: 5000, width: NOTE_WIDTH, height: NOTE_HEIGHT });
	});
});

describe('placeCluster', () => {
	it('starts near the origin on an empty board', () => {
		expect(placeCluster([])).toEqual({ x: 80, y: 80 });
	});

	it('goes right of everything, level with the top, overlapping nothing', () => {
		const occupied = [
			{ x: 0, y: 100, width: 400, height: 300 },
			{ x: 600, y: -50, width: NOTE_WIDTH, height: NOTE_HEIGHT }
		];
		const at = placeCluster(occupied);
		expect(at.y).toBe(-50);
		for (const r of occupied) expect(at.x).toBeGreaterThan(r.x + r.width);
	});
});

import type { Stage } from './stages.ts';

/** A sticky note as the canvas draws it (the Yjs schema lives in DESIGN.md). */
export interface NoteData {
	id: string;
	text: string;
	x: number;
	y: number;
	color: string;
	authorId: string | null;
	teamId: string | null;
	clusterId: string | null;
	createdAt: number;
}

export interface ClusterData {
	id: string;
	title: string;
	x: number;
	y: number;
	color: string;
}

export interface Point {
	x: number;
	y: number;
}

export interface Rect {
	x: number;
	y: number;
	width: number;
	height: number;
}

export const NOTE_WIDTH = 176;
export const NOTE_HEIGHT = 128;
const GAP = 16;
const PADDING = 16;
const HEADER = 48;
const COLUMNS = 3;

export const NOTE_COLORS = ['yellow', 'pink', 'green', 'blue', 'purple', 'orange'] as const;
export type NoteColor = (typeof NOTE_COLORS)[number];

/** The paper each colour name stands for; dark text stays above AA on all of them. */
export const NOTE_PAPER: Record<NoteColor, string> = {
	yellow: '#fff1a8',
	pink: '#ffd3e2',
	green: '#c9f2cf',
	blue: '#cfe6ff',
	purple: '#e3d7ff',
	orange: '#ffdcb8'
};

export function isNoteColor(value: unknown): value is NoteColor {
	return typeof value === 'string' && (NOTE_COLORS as readonly string[]).includes(value);
}

/** Team colours: distinct hues that keep white text at AA contrast. */
const TEAM_PALETTE = ['#b42318', '#b54708', '#027a48', '#026aa2', '#5925dc', '#c11574', '#3e4784'];

/** The same team gets the same colour on every screen, without a table to keep in sync. */
export function teamColor(teamId: string | null): string {
	if (!teamId) return '#475467';
	let hash = 0;
	for (const char of teamId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
	return TEAM_PALETTE[hash % TEAM_PALETTE.length]!;
}

export type BoardAccess = { editable: true } | { editable: false; reason: string };

/** Writing and clustering happen in diverge and cluster; every other stage reads the board. */
export function boardAccess(stage: Stage): BoardAccess {
	switch (stage) {
		case 'diverge':
		case 'cluster':
			return { editable: true };
		case 'lobby':
			return { editable: false, reason: 'The board opens for writing when Diverge starts.' };
		case 'vote':
			return { editable: false, reason: 'The board is frozen while everyone votes.' };
		case 'commit':
			return { editable: false, reason: 'The board is frozen: winning ideas become commitments.' };
		case 'closed':
			return { editable: false, reason: 'This session has ended; the board is kept as it was.' };
	}
}

/** Members of a cluster sit in a tidy grid under its title, oldest first. */
export function layoutCluster(
	cluster: Pick<ClusterData, 'x' | 'y'>,
	members: readonly Pick<NoteData, 'id' | 'createdAt'>[]
): { bounds: Rect; positions: Map<string, Point> } {
	const sorted = [...members].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
	const positions = new Map<string, Point>();
	sorted.forEach((note, i) => {
		positions.set(note.id, {
			x: cluster.x + PADDING + (i % COLUMNS) * (NOTE_WIDTH + GAP),
			y: cluster.y + HEADER + Math.floor(i / COLUMNS) * (NOTE_HEIGHT + GAP)
		});
	});
	const columns = Math.max(1, Math.min(COLUMNS, sorted.length));
	const rows = Math.max(1, Math.ceil(sorted.length / COLUMNS));
	return {
		bounds: {
			x: cluster.x,
			y: cluster.y,
			width: PADDING * 2 + columns * NOTE_WIDTH + (columns - 1) * GAP,
			height: HEADER + rows * NOTE_HEIGHT + (rows - 1) * GAP + PADDING
		},
		positions
	};
}

export interface ClusterLayout {
	id: string;
	bounds: Rect;
	positions: Map<string, Point>;
}

/** Every cluster frame with its members laid out; a note naming a missing cluster stays loose. */
export function layoutBoard<N extends Pick<NoteData, 'id' | 'createdAt' | 'clusterId'>>(
	clusters: readonly Pick<ClusterData, 'id' | 'x' | 'y'>[],
	notes: Iterable<N>
): ClusterLayout[] {
	const members = new Map<string, N[]>(clusters.map((c) => [c.id, []]));
	for (const note of notes) if (note.clusterId) members.get(note.clusterId)?.push(note);
	return clusters.map((cluster) => ({
		id: cluster.id,
		...layoutCluster(cluster, members.get(cluster.id)!)
	}));
}

/** Every cluster frame and loose note: what "zoom to fit" shows and a new cluster keeps clear of. */
export function occupiedRects(
	layout: readonly ClusterLayout[],
	notes: Iterable<Pick<NoteData, 'id' | 'x' | 'y'>>
): Rect[] {
	const rects = layout.map((c) => c.bounds);
	for (const note of notes) {
		if (layout.some((c) => c.positions.has(note.id))) continue;
		rects.push({ x: note.x, y: note.y, width: NOTE_WIDTH, height: NOTE_HEIGHT });
	}
	return rects;
}

/**
 * Where a cluster made without pointing (the outline view) goes: right of everything on the
 * board, level with its top, so it never lands on what people arranged on the canvas.
 */
export function placeCluster(occupied: readonly Rect[]): Point {
	const content = boundsOf(occupied);
	if (!content) return { x: 80, y: 80 };
	return { x: Math.round(content.x + content.width + GAP * 4), y: Math.round(content.y) };
}

function contains(rect: Rect, point: Point): boolean {
	return (
		point.x >= rect.x &&
		point.x <= rect.x + rect.width &&
		point.y >= rect.y &&
		point.y <= rect.y + rect.height
	);
}

/**
 * Where a dropped note belongs: the topmost cluster under its centre, or none. Clusters later in
 * the list are drawn on top, so they win an overlap.
 */
export function clusterAt(
	clusters: readonly { id: string; bounds: Rect }[],
	noteTopLeft: Point
): string | null {
	const centre = { x: noteTopLeft.x + NOTE_WIDTH / 2, y: noteTopLeft.y + NOTE_HEIGHT / 2 };
	for (let i = clusters.length - 1; i >= 0; i--) {
		if (contains(clusters[i]!.bounds, centre)) return clusters[i]!.id;
	}
	return null;
}

/**
 * A new note goes where asked, nudged down-right past notes already there so two quick `N`s
 * never stack exactly.
 */
export function placeNote(at: Point, taken: readonly Point[]): Point {
	let spot = { x: Math.round(at.x - NOTE_WIDTH / 2), y: Math.round(at.y - NOTE_HEIGHT / 2) };
	for (let tries = 0; tries < 50; tries++) {
		const clash = taken.some((p) => Math.abs(p.x - spot.x) < 24 && Math.abs(p.y - spot.y) < 24);
		if (!clash) return spot;
		spot = { x: spot.x + 24, y: spot.y + 24 };
	}
	return spot;
}

/** The smallest rectangle around every note and cluster, for "zoom to fit". */
export function boundsOf(rects: readonly Rect[]): Rect | null {
	if (rects.length === 0) return null;
	let minX = Infinity;
	let minY = Infinity;
	let maxX = -Infinity;
	let maxY = -Infinity;
	for (const r of rects) {
		minX = Math.min(minX, r.x);
		minY = Math.min(minY, r.y);
		maxX = Math.max(maxX, r.x + r.width);
		maxY = Math.max(maxY, r.y + r.height);
	}
	return { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
}

/** The scale and offset that show `content` in a `width`×`height` viewport with a margin. */
export function fitTransform(
	content: Rect,
	width: number,
	height: number,
	limits = { min: 0.1, max: 1.5 }
): { x: number; y: number; k: number } {
	const margin = 48;
	const k = Math.min(
		limits.max,
		Math.max(
			limits.min,
			Math.min(
				(width - margin * 2) / Math.max(1, content.width),
				(height - margin * 2) / Math.max(1, content.height)
			)
		)
	);
	return {
		k,
		x: width / 2 - (content.x + content.width / 2) * k,
		y: height / 2 - (content.y + content.height / 2) * k
	};
}

/** One edit that turns `before` into `after`, so a textarea can update a shared Y.Text. */
export function textEdit(
	before: string,
	after: string
): { index: number; remove: number; insert: string } | null {
	if (before === after) return null;
	let start = 0;
	while (start < before.length && start < after.length && before[start] === after[start]) start++;
	let end = 0;
	while (
		end < before.length - start &&
		end < after.length - start &&
		before[before.length - 1 - end] === after[after.length - 1 - end]
	)
		end++;
	return {
		index: start,
		remove: before.length - start - end,
		insert: after.slice(start, after.length - end)
	};
}

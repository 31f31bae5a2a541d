import type { BoardState } from '$lib/client/board.svelte';
import { clusterAt, type Point, type Rect } from '$lib/shared/board';

export interface Dragging {
	kind: 'note' | 'cluster';
	id: string;
	/** Where the dragged note's or cluster's top-left corner is now, in board coordinates. */
	at: Point;
}

/** A pointer moving less than this is a click, not a drag. */
const DRAG_THRESHOLD = 3;

/**
 * Dragging a note or a cluster on the canvas. A note is written to the document once, where it
 * is dropped (into the cluster under it, or out of any); a cluster moves live for the others at
 * most once per frame, and dropped onto another cluster merges into it.
 */
export class CanvasDrag {
	current = $state.raw<Dragging | null>(null);

	constructor(
		/** A getter: the canvas's `board` prop. */
		private readonly boardOf: () => BoardState,
		private readonly toBoard: (clientX: number, clientY: number) => Point,
		private readonly layout: () => readonly { id: string; bounds: Rect }[]
	) {}

	/** The cluster a dragged note would drop into. */
	get dropTarget(): string | null {
		const drag = this.current;
		return drag?.kind === 'note' ? clusterAt(this.layout(), drag.at) : null;
	}

	/** Where a note shows: under the pointer, moved along with its dragged cluster, or at `slot`. */
	shownAt(note: { id: string; clusterId: string | null }, slot: Point): Point {
		const drag = this.current;
		if (drag?.kind === 'note' && drag.id === note.id) return drag.at;
		const cluster =
			drag?.kind === 'cluster' && drag.id === note.clusterId
				? this.boardOf().clusters.get(drag.id)
				: null;
		if (!drag || !cluster) return { x: slot.x, y: slot.y };
		return { x: slot.x + drag.at.x - cluster.x, y: slot.y + drag.at.y - cluster.y };
	}

	start(kind: Dragging['kind'], id: string, event: PointerEvent, origin: Point) {
		const start = this.toBoard(event.clientX, event.clientY);
		const offset = { x: origin.x - start.x, y: origin.y - start.y };
		const target = event.currentTarget as HTMLElement;
		target.setPointerCapture(event.pointerId);
		let frame = 0;
		let moved = false;
		const move = (e: PointerEvent) => {
			const p = this.toBoard(e.clientX, e.clientY);
			const at = { x: Math.round(p.x + offset.x), y: Math.round(p.y + offset.y) };
			if (!moved && Math.hypot(at.x - origin.x, at.y - origin.y) < DRAG_THRESHOLD) return;
			moved = true;
			this.current = { kind, id, at };
			this.boardOf().peers.setCursor(p);
			// One document write per frame, however fast the pointer events come.
			if (!frame && kind === 'cluster') {
				frame = requestAnimationFrame(() => {
					frame = 0;
					if (this.current) this.boardOf().moveCluster(id, this.current.at);
				});
			}
		};
		const up = () => {
			target.removeEventListener('pointermove', move);
			target.removeEventListener('pointerup', up);
			target.removeEventListener('pointercancel', up);
			cancelAnimationFrame(frame);
			if (moved && this.current) this.drop(this.current);
			this.current = null;
		};
		target.addEventListener('pointermove', move);
		target.addEventListener('pointerup', up);
		target.addEventListener('pointercancel', up);
	}

	private drop({ kind, id, at }: Dragging) {
		const layout = this.layout();
		if (kind === 'note') return this.boardOf().moveNote(id, at, clusterAt(layout, at));
		const into = clusterAt(
			layout.filter((c) => c.id !== id),
			at
		);
		if (into) this.boardOf().mergeClusters(id, into);
		else this.boardOf().moveCluster(id, at);
	}
}

import * as Y from 'yjs';
import { isNoteColor, type NoteColor } from '$lib/shared/board';

const num = (v: unknown, fallback = 0) =>
	typeof v === 'number' && Number.isFinite(v) ? v : fallback;
const str = (v: unknown) => (typeof v === 'string' ? v : null);

/**
 * Observes whichever Y.Text a map holds at the moment: a text set anew in the map (a rewrite
 * from another client) moves the observer to the new one.
 */
function followText(onText: () => void) {
	let bound: Y.Text | null = null;
	return {
		get current() {
			return bound;
		},
		/** Observes `next` instead; true when it is another text than before. */
		bind(next: Y.Text | null): boolean {
			if (next === bound) return false;
			bound?.unobserve(onText);
			bound = next;
			next?.observe(onText);
			return true;
		},
		stop() {
			bound?.unobserve(onText);
		}
	};
}

/**
 * One note, following its own Y.Map and Y.Text: a change to one note re-renders that note only,
 * which keeps a 1,000-note board smooth while someone drags.
 */
export class NoteState {
	readonly id: string;
	readonly map: Y.Map<unknown>;
	x = $state(0);
	y = $state(0);
	color = $state<NoteColor>('yellow');
	text = $state('');
	authorId = $state<string | null>(null);
	teamId = $state<string | null>(null);
	clusterId = $state<string | null>(null);
	createdAt = $state(0);
	#text: ReturnType<typeof followText>;
	#stop: () => void;

	constructor(id: string, map: Y.Map<unknown>) {
		this.id = id;
		this.map = map;
		const onText = () => (this.text = this.#text.current?.toString() ?? '');
		this.#text = followText(onText);
		const read = () => {
			this.x = num(map.get('x'));
			this.y = num(map.get('y'));
			const color = map.get('color');
			this.color = isNoteColor(color) ? color : 'yellow';
			this.authorId = str(map.get('authorId'));
			this.teamId = str(map.get('teamId'));
			this.clusterId = str(map.get('clusterId'));
			this.createdAt = num(map.get('createdAt'));
			const next = map.get('text');
			if (this.#text.bind(next instanceof Y.Text ? next : null)) onText();
		};
		map.observe(read);
		read();
		this.#stop = () => {
			map.unobserve(read);
			this.#text.stop();
		};
	}

	get ytext(): Y.Text | null {
		return this.#text.current;
	}

	destroy() {
		this.#stop();
	}
}

/** One cluster, following its own Y.Map and title. */
export class ClusterState {
	readonly id: string;
	readonly map: Y.Map<unknown>;
	x = $state(0);
	y = $state(0);
	color = $state('');
	title = $state('');
	#stop: () => void;

	constructor(id: string, map: Y.Map<unknown>) {
		this.id = id;
		this.map = map;
		const onTitle = () => (this.title = this.ytitle?.toString() ?? '');
		const title = followText(onTitle);
		const read = () => {
			this.x = num(map.get('x'));
			this.y = num(map.get('y'));
			this.color = str(map.get('color')) ?? '';
			title.bind(this.ytitle);
			onTitle();
		};
		map.observe(read);
		read();
		this.#stop = () => {
			map.unobserve(read);
			title.stop();
		};
	}

	get ytitle(): Y.Text | null {
		const title = this.map.get('title');
		return title instanceof Y.Text ? title : null;
	}

	destroy() {
		this.#stop();
	}
}

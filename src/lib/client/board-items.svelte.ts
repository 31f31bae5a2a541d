import * as Y from 'yjs';
import { isNoteColor, type NoteColor } from '$lib/shared/board';

const num = (v: unknown, fallback = 0) =>
	typeof v === 'number' && Number.isFinite(v) ? v : fallback;
const str = (v: unknown) => (typeof v === 'string' ? v : null);

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
	#text: Y.Text | null = null;
	#stop: () => void;

	constructor(id: string, map: Y.Map<unknown>) {
		this.id = id;
		this.map = map;
		const onText = () => (this.text = this.#text?.toString() ?? '');
		const read = () => {
			this.x = num(map.get('x'));
			this.y = num(map.get('y'));
			const color = map.get('color');
			this.color = isNoteColor(color) ? color : 'yellow';
			this.authorId = str(map.get('authorId'));
			this.teamId = str(map.get('teamId'));
			this.clusterId = str(map.get('clusterId'));
			this.createdAt = num(map.get('createdAt'));
			const text = map.get('text');
			const next = text instanceof Y.Text ? text : null;
			if (next !== this.#text) {
				this.#text?.unobserve(onText);
				this.#text = next;
				next?.observe(onText);
				onText();
			}
		};
		map.observe(read);
		read();
		this.#stop = () => {
			map.unobserve(read);
			this.#text?.unobserve(onText);
		};
	}

	get ytext(): Y.Text | null {
		return this.#text;
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
		let bound: Y.Text | null = null;
		const read = () => {
			this.x = num(map.get('x'));
			this.y = num(map.get('y'));
			this.color = str(map.get('color')) ?? '';
			const title = this.ytitle;
			if (title !== bound) {
				bound?.unobserve(onTitle);
				bound = title;
				bound?.observe(onTitle);
			}
			onTitle();
		};
		map.observe(read);
		read();
		this.#stop = () => {
			map.unobserve(read);
			bound?.unobserve(onTitle);
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

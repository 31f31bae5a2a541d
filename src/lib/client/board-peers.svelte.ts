import type { Awareness } from 'y-protocols/awareness';
import type { Point } from '$lib/shared/board';
import { CURSOR_THROTTLE_MS, readPeer, type PeerUser, type View } from '$lib/shared/board-cursors';

export interface Peer {
	clientId: number;
	user: PeerUser;
	cursor: Point | null;
	editing: string | null;
	view: View | null;
	movedAt: number;
}

/**
 * The board's awareness: the others as it shows them (`list`), and what this tab tells them of
 * itself (cursor, view, the note being edited). The server rewrites `user` to the connection's
 * identity, so what is sent here is only for show until it answers.
 */
export class BoardPeers {
	list = $state.raw<Peer[]>([]);
	#awareness: Awareness | null = null;
	#cursorAt = 0;
	#cursorTimer: ReturnType<typeof setTimeout> | null = null;
	#pendingCursor: Point | null = null;
	#view: View = { cx: 0, cy: 0, k: 1 };

	attach(awareness: Awareness, user: PeerUser) {
		this.#awareness = awareness;
		awareness.setLocalState({ user, cursor: null, editing: null, view: null });
		awareness.on('change', () => this.#read());
	}

	detach() {
		if (this.#cursorTimer) clearTimeout(this.#cursorTimer);
		this.#awareness?.setLocalState(null);
		this.#awareness = null;
	}

	#read() {
		const awareness = this.#awareness;
		if (!awareness) return;
		// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a lookup for this call only
		const previous = new Map(this.list.map((peer) => [peer.clientId, peer]));
		const now = Date.now();
		const peers: Peer[] = [];
		for (const [clientId, state] of awareness.getStates()) {
			if (clientId === awareness.clientID) continue;
			const peer = readPeer(state);
			if (!peer) continue;
			const before = previous.get(clientId);
			const moved =
				!before || before.cursor?.x !== peer.cursor?.x || before.cursor?.y !== peer.cursor?.y;
			peers.push({ clientId, ...peer, movedAt: moved ? now : before.movedAt });
		}
		this.list = peers;
	}

	/** Throttled: at most one cursor message per CURSOR_THROTTLE_MS, the last position wins. */
	setCursor(point: Point | null) {
		this.#pendingCursor = point;
		if (this.#cursorTimer) return;
		const wait = Math.max(0, this.#cursorAt + CURSOR_THROTTLE_MS - Date.now());
		this.#cursorTimer = setTimeout(() => {
			this.#cursorTimer = null;
			this.#cursorAt = Date.now();
			this.#awareness?.setLocalStateField('cursor', this.#pendingCursor);
		}, wait);
	}

	setEditing(noteId: string | null) {
		this.#awareness?.setLocalStateField('editing', noteId);
	}

	setView(view: View) {
		this.#view = view;
		this.#awareness?.setLocalStateField('view', view);
	}

	/** "Bring everyone to me": a fresh summon stamp on this screen's view pulls the others. */
	summon() {
		this.setView({ ...this.#view, summon: Date.now() });
	}
}

import * as Y from 'yjs';

/**
 * Undo and redo of this tab's own changes only (those made with `origin`), in the document new
 * notes go to: the shared one, or the private one while private writing lasts. Someone else's
 * work is never reverted.
 */
export class BoardHistory {
	canUndo = $state(false);
	canRedo = $state(false);
	readonly #shared: Y.UndoManager;
	readonly #private: Y.UndoManager;
	#privateActive = false;

	constructor(
		shared: Y.Map<Y.Map<unknown>>[],
		ownPrivate: Y.Map<Y.Map<unknown>>[],
		origin: symbol
	) {
		const undoOf = (types: Y.Map<Y.Map<unknown>>[]) =>
			new Y.UndoManager(types, {
				// eslint-disable-next-line svelte/prefer-svelte-reactivity -- read by Yjs, never rendered
				trackedOrigins: new Set([origin]),
				captureTimeout: 400
			});
		this.#shared = undoOf(shared);
		this.#private = undoOf(ownPrivate);
		for (const undo of [this.#shared, this.#private]) {
			undo.on('stack-item-added', () => this.#refresh());
			undo.on('stack-item-popped', () => this.#refresh());
		}
	}

	set privateWriting(active: boolean) {
		this.#privateActive = active;
		this.#refresh();
	}

	get #active(): Y.UndoManager {
		return this.#privateActive ? this.#private : this.#shared;
	}

	#refresh() {
		this.canUndo = this.#active.canUndo();
		this.canRedo = this.#active.canRedo();
	}

	/** The next change starts its own undo step (a new note is not merged into the typing before). */
	stopCapturing() {
		this.#shared.stopCapturing();
		this.#private.stopCapturing();
	}

	undo() {
		this.#active.undo();
	}

	redo() {
		this.#active.redo();
	}

	destroy() {
		this.#shared.destroy();
		this.#private.destroy();
	}
}

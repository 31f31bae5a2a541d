import type { NoteState } from '$lib/client/board-items.svelte';

/** What the canvas and the outline need to know about the person and the session. */
export interface BoardContext {
	editable: boolean;
	highlightTeam: string | null;
	canDelete(note: NoteState): boolean;
	/** Null when the note is anonymous or its author is unknown here. */
	authorName(note: NoteState): string | null;
	teamName(note: NoteState): string | null;
	/** Still in the person's private document: nobody else sees it until the reveal. */
	isPrivate(note: NoteState): boolean;
}

/** Single-key shortcuts stay out of the way of anyone typing. */
export function isTyping(event: KeyboardEvent): boolean {
	const target = event.target as HTMLElement | null;
	return !!target?.closest('input, textarea, select, [contenteditable="true"], dialog');
}

import type { Stage } from './stages.ts';

/**
 * Private writing (brainwriting): on a challenge with `privateWriting`, notes written in
 * `diverge` are seen by their author only until the facilitator reveals them; leaving `diverge`
 * reveals whatever is still hidden. Zod-free: the browser uses it too.
 */
export function isPrivateWritingActive(
	challenge: { privateWriting: boolean },
	session: { stage: Stage; privateRevealed: boolean }
): boolean {
	return challenge.privateWriting && session.stage === 'diverge' && !session.privateRevealed;
}

/** The reveal is the facilitator's during `diverge` only; elsewhere it is a 409. */
export function revealRefusal(stage: Stage): string | null {
	return stage === 'diverge' ? null : 'Private notes can be revealed only while writing (diverge).';
}

/** Storage and relay key of one person's private document of a board. */
export function privateDocKey(boardId: string, userId: string): string {
	return `${boardId}/private/${userId}`;
}

/** Every private document of a board shares this key prefix. */
export function privateDocPrefix(boardId: string): string {
	return `${boardId}/private/`;
}

/** The y-websocket room name of the caller's own private document (the server picks whose). */
export function privateRoomName(boardId: string): string {
	return `${boardId}/private`;
}

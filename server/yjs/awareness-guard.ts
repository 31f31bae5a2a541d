import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

export interface AwarenessUser {
	id: string;
	name: string;
	team: string | null;
}

export interface AwarenessEntry {
	clientId: number;
	clock: number;
	state: Record<string, unknown> | null;
}

export function decodeAwarenessUpdate(update: Uint8Array): AwarenessEntry[] {
	const decoder = decoding.createDecoder(update);
	const count = decoding.readVarUint(decoder);
	const entries: AwarenessEntry[] = [];
	for (let i = 0; i < count; i++) {
		const clientId = decoding.readVarUint(decoder);
		const clock = decoding.readVarUint(decoder);
		const state = JSON.parse(decoding.readVarString(decoder)) as unknown;
		entries.push({
			clientId,
			clock,
			state: state && typeof state === 'object' ? (state as Record<string, unknown>) : null
		});
	}
	return entries;
}

export function encodeAwarenessEntries(entries: AwarenessEntry[]): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, entries.length);
	for (const { clientId, clock, state } of entries) {
		encoding.writeVarUint(encoder, clientId);
		encoding.writeVarUint(encoder, clock);
		encoding.writeVarString(encoder, JSON.stringify(state));
	}
	return encoding.toUint8Array(encoder);
}

/**
 * A connection speaks for one awareness client id, the first it announces: entries for other
 * ids are dropped, and `user` is replaced by the authenticated identity so nobody can pose as
 * someone else. `editing` must name a note of this document (`isNote`): an id of a private note
 * is never shown to the others, not even as an id.
 */
export function sanitizeAwareness(
	entries: AwarenessEntry[],
	ownClientId: number,
	user: AwarenessUser,
	isNote: (id: string) => boolean = () => true
): AwarenessEntry[] {
	return entries
		.filter((e) => e.clientId === ownClientId)
		.map((e) => {
			if (e.state === null) return e;
			const claimed = e.state.user;
			const color =
				claimed &&
				typeof claimed === 'object' &&
				typeof (claimed as { color?: unknown }).color === 'string'
					? String((claimed as { color: string }).color).slice(0, 32)
					: undefined;
			const editing = e.state.editing;
			const state: Record<string, unknown> = {
				...e.state,
				user: { ...user, ...(color ? { color } : {}) }
			};
			if (editing !== undefined && editing !== null)
				state.editing = typeof editing === 'string' && isNote(editing) ? editing : null;
			return { ...e, state };
		});
}

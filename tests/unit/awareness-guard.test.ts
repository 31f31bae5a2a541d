import { describe, it, expect } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import {
	decodeAwarenessUpdate,
	encodeAwarenessEntries,
	sanitizeAwareness,
	type AwarenessEntry,
	type AwarenessUser
} from '../../server/yjs/awareness-guard.ts';

const me: AwarenessUser = { id: 'user-ada', name: 'Ada', team: 'team-red' };

describe('awareness encoding', () => {
	it('decodes what it encodes', () => {
		const entries: AwarenessEntry[] = [
			{ clientId: 1, clock: 0, state: { cursor: { x: 1, y: 2 } } },
			{ clientId: 4_294_967_295, clock: 99, state: null },
			{ clientId: 7, clock: 3, state: {} }
		];
		expect(decodeAwarenessUpdate(encodeAwarenessEntries(entries))).toStrictEqual(entries);
	});

	it('round-trips an empty update', () => {
		expect(decodeAwarenessUpdate(encodeAwarenessEntries([]))).toEqual([]);
	});

	it('reads updates written by y-protocols', () => {
		const doc = new Y.Doc();
		const awareness = new awarenessProtocol.Awareness(doc);
		awareness.setLocalState({ user: { name: 'Ada' }, cursor: null });
		const update = awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]);
		const [entry] = decodeAwarenessUpdate(update);
		expect(entry).toEqual({
			clientId: doc.clientID,
			clock: awareness.meta.get(doc.clientID)?.clock,
			state: { user: { name: 'Ada' }, cursor: null }
		});
		awareness.destroy();
		doc.destroy();
	});

	it('writes updates y-protocols can apply', () => {
		const doc = new Y.Doc();
		const awareness = new awarenessProtocol.Awareness(doc);
		const update = encodeAwarenessEntries([{ clientId: 42, clock: 1, state: { user: me } }]);
		awarenessProtocol.applyAwarenessUpdate(awareness, update, 'test');
		expect(awareness.getStates().get(42)).toEqual({ user: me });
		awareness.destroy();
		doc.destroy();
	});

	it('decodes a JSON state that is not an object as a removal', () => {
		const entries = decodeAwarenessUpdate(
			encodeAwarenessEntries([{ clientId: 1, clock: 1, state: 'hi' as unknown as null }])
		);
		expect(entries).toEqual([{ clientId: 1, clock: 1, state: null }]);
	});

	it('throws on a truncated update rather than inventing entries', () => {
		const update = encodeAwarenessEntries([{ clientId: 1, clock: 1, state: { a: 1 } }]);
		expect(() => decodeAwarenessUpdate(update.subarray(0, update.length - 3))).toThrow();
	});
});

describe('sanitizeAwareness', () => {
	it('drops entries for client ids other than the connection’s own', () => {
		const entries: AwarenessEntry[] = [
			{ clientId: 1, clock: 1, state: {} },
			{ clientId: 2, clock: 1, state: {} },
			{ clientId: 3, clock: 1, state: null }
		];
		expect(sanitizeAwareness(entries, 1, me).map((e) => e.clientId)).toEqual([1]);
	});

	it('returns nothing when every entry is for someone else', () => {
		expect(sanitizeAwareness([{ clientId: 2, clock: 1, state: {} }], 1, me)).toEqual([]);
	});

	it('replaces a claimed user with the authenticated identity', () => {
		const [entry] = sanitizeAwareness(
			[
				{
					clientId: 1,
					clock: 5,
					state: { user: { id: 'user-admin', name: 'Admin', team: null, role: 'admin' } }
				}
			],
			1,
			me
		);
		expect(entry).toEqual({ clientId: 1, clock: 5, state: { user: me } });
	});

	it('adds the identity when the state claims no user', () => {
		const [entry] = sanitizeAwareness([{ clientId: 1, clock: 1, state: {} }], 1, me);
		expect(entry?.state).toEqual({ user: me });
	});

	it('keeps the rest of the state untouched', () => {
		const cursor = { x: 10, y: 20 };
		const [entry] = sanitizeAwareness(
			[{ clientId: 1, clock: 1, state: { cursor, selection: ['a'] } }],
			1,
			me
		);
		expect(entry?.state).toEqual({ cursor, selection: ['a'], user: me });
	});

	it('keeps a string colour the client chose', () => {
		const [entry] = sanitizeAwareness(
			[{ clientId: 1, clock: 1, state: { user: { name: 'Mallory', color: '#ff8800' } } }],
			1,
			me
		);
		expect(entry?.state?.user).toEqual({ ...me, color: '#ff8800' });
	});

	it('cuts a colour longer than 32 characters to 32', () => {
		const color = 'x'.repeat(100);
		const [entry] = sanitizeAwareness(
			[{ clientId: 1, clock: 1, state: { user: { color } } }],
			1,
			me
		);
		expect((entry?.state?.user as { color: string }).color).toBe('x'.repeat(32));
	});

	it.each([123, { r: 1 }, null, ''])('drops a colour that is not a usable string: %j', (color) => {
		const [entry] = sanitizeAwareness(
			[{ clientId: 1, clock: 1, state: { user: { color } } }],
			1,
			me
		);
		expect(entry?.state?.user).toEqual(me);
	});

	it('keeps a null state, which removes the client’s presence', () => {
		const removal: AwarenessEntry = { clientId: 1, clock: 9, state: null };
		expect(sanitizeAwareness([removal], 1, me)).toEqual([removal]);
	});

	it('does not modify the entries it was given', () => {
		const state = { user: { name: 'Mallory' } };
		sanitizeAwareness([{ clientId: 1, clock: 1, state }], 1, me);
		expect(state).toEqual({ user: { name: 'Mallory' } });
	});

	it('names only notes of this document as being edited, so a private note’s id never leaks', () => {
		const shared = new Set(['note-visible']);
		const isNote = (id: string) => shared.has(id);
		const edit = (editing: unknown) =>
			sanitizeAwareness([{ clientId: 1, clock: 1, state: { editing } }], 1, me, isNote)[0]?.state
				?.editing;
		expect(edit('note-visible')).toBe('note-visible');
		expect(edit('note-private')).toBeNull();
		expect(edit(42)).toBeNull();
		expect(edit(null)).toBeNull();
		expect(edit(undefined)).toBeUndefined();
	});
});

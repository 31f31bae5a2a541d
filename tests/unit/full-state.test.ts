import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import * as Y from 'yjs';
import * as syncProtocol from 'y-protocols/sync';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import {
	FULL_STATE_IDLE_MS,
	FullStateCache,
	isEmptyStateVector
} from '../../server/yjs/full-state.ts';
import { BoardRoom, type RoomSocket } from '../../server/yjs/room.ts';
import type { Identity } from '../../server/auth.ts';

afterEach(() => vi.useRealTimers());

function addNotes(doc: Y.Doc, from: number, count: number, text = 'an idea') {
	doc.transact(() => {
		for (let i = from; i < from + count; i++) {
			const note = new Y.Map<unknown>();
			note.set('text', new Y.Text(`${text} ${i}`));
			note.set('x', i);
			doc.getMap('notes').set(`n${i}`, note);
		}
	});
}

/** What a client holding nothing ends up with after applying what the cache hands out. */
function joinWith({ state, since }: ReturnType<FullStateCache['get']>): Y.Doc {
	const joiner = new Y.Doc();
	Y.applyUpdate(joiner, state);
	if (since) Y.applyUpdate(joiner, since);
	return joiner;
}

describe('FullStateCache', () => {
	/** A cache over a document of `notes` notes, destroyed when the test ends. */
	function cacheOver(notes: number) {
		const doc = new Y.Doc();
		addNotes(doc, 0, notes);
		const cache = new FullStateCache(doc);
		onTestFinished(() => cache.destroy());
		return { doc, cache };
	}

	it('serves a fresh joiner the document as it is now, edits after the encode included', () => {
		const { doc, cache } = cacheOver(50);
		const first = cache.get();
		addNotes(doc, 50, 3);
		(doc.getMap('notes').get('n0') as Y.Map<unknown>).set('x', 999);
		const later = cache.get();
		expect(later.state).toBe(first.state);
		expect(later.since).not.toBeNull();
		const joiner = joinWith(later);
		expect(joiner.getMap('notes').toJSON()).toEqual(doc.getMap('notes').toJSON());
		expect(Y.encodeStateVector(joiner)).toEqual(Y.encodeStateVector(doc));
	});

	it('encodes the document once for every joiner while it does not change', () => {
		const { cache } = cacheOver(20);
		const a = cache.get();
		const b = cache.get();
		// The same bytes, not an equal copy: nothing was encoded the second time.
		expect(b.state).toBe(a.state);
		expect(b.since).toBeNull();
	});

	it('encodes again once the changes since outgrow the cached state', () => {
		const { doc, cache } = cacheOver(5);
		const first = cache.get();
		addNotes(doc, 5, 2000, 'a much longer idea that keeps growing the document');
		const later = cache.get();
		expect(later.state).not.toBe(first.state);
		expect(later.since).toBeNull();
		expect(joinWith(later).getMap('notes').size).toBe(2005);
	});

	it('lets go of the encoded state when nobody joins fresh for a while', () => {
		vi.useFakeTimers();
		const { cache } = cacheOver(5);
		const first = cache.get();
		vi.advanceTimersByTime(FULL_STATE_IDLE_MS + 1);
		expect(cache.get().state).not.toBe(first.state);
	});
});

describe('isEmptyStateVector', () => {
	it('is true only for a document holding nothing', () => {
		const doc = new Y.Doc();
		expect(isEmptyStateVector(Y.encodeStateVector(doc))).toBe(true);
		addNotes(doc, 0, 1);
		expect(isEmptyStateVector(Y.encodeStateVector(doc))).toBe(false);
	});
});

describe('a room answering sync step 1', () => {
	const identity: Identity = {
		user: { id: 'u1', email: 'a@b.c', name: 'Ana', role: 'member', teamId: null },
		sessionId: 's1'
	};

	/** A client socket that applies every sync message the room sends it. */
	function client(doc: Y.Doc): RoomSocket {
		return {
			send(data) {
				const decoder = decoding.createDecoder(data);
				if (decoding.readVarUint(decoder) !== 0) return;
				syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), doc, 'server');
			},
			close() {}
		};
	}

	function step1(doc: Y.Doc): Uint8Array {
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, 0);
		syncProtocol.writeSyncStep1(encoder, doc);
		return encoding.toUint8Array(encoder);
	}

	it('brings fresh and returning clients to the same document, before and after edits', () => {
		const room = new BoardRoom('b1');
		addNotes(room.doc, 0, 30);
		const fresh = new Y.Doc();
		const socket = client(fresh);
		room.join(socket, identity);
		room.receive(socket, step1(fresh));
		addNotes(room.doc, 30, 2);
		const late = new Y.Doc();
		const lateSocket = client(late);
		room.join(lateSocket, identity);
		room.receive(lateSocket, step1(late));
		const returning = new Y.Doc();
		Y.applyUpdate(returning, Y.encodeStateAsUpdate(fresh));
		const returningSocket = client(returning);
		room.join(returningSocket, identity);
		room.receive(returningSocket, step1(returning));
		for (const doc of [late, returning]) {
			expect(doc.getMap('notes').toJSON()).toEqual(room.doc.getMap('notes').toJSON());
		}
		room.destroy();
	});
});

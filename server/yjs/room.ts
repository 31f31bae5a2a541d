import * as Y from 'yjs';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import type { Identity } from '../auth.ts';
import type { Refusal } from './note-guard.ts';
import {
	decodeAwarenessUpdate,
	encodeAwarenessEntries,
	sanitizeAwareness
} from './awareness-guard.ts';
import { FullStateCache, isEmptyStateVector } from './full-state.ts';

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const CLOSE_POLICY_VIOLATION = 1008;

/** The slice of a WebSocket a room needs, so tests can drive it with a fake. */
export interface RoomSocket {
	send(data: Uint8Array): void;
	close(code: number, reason: string): void;
}

interface Connection {
	identity: Identity;
	clientId: number | null;
}

export class ProtocolError extends Error {}

export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate> & { bytes: number };

/** What a room asks of the board it serves before and after applying a writer's update. */
export interface RoomPolicy {
	/** A reason to refuse the update unapplied and unrelayed, or null to apply it. */
	refuse(update: DecodedUpdate, identity: Identity): Refusal | null;
	/** Runs inside the writer's transaction: the server's corrections travel with the change. */
	afterWrite(transaction: Y.Transaction, identity: Identity): void;
	refused(identity: Identity, refusal: Refusal): void;
}

const OPEN_POLICY: RoomPolicy = { refuse: () => null, afterWrite: () => {}, refused: () => {} };

/** One board document and the connections editing it (y-websocket protocol). */
export class BoardRoom {
	readonly doc = new Y.Doc({ gc: true });
	readonly awareness = new awarenessProtocol.Awareness(this.doc);
	private readonly conns = new Map<RoomSocket, Connection>();
	private readonly fullState = new FullStateCache(this.doc);
	// One frame per connection per event-loop turn: updates and awareness changes of a turn are
	// merged before they go out, so a burst of edits costs each reader one send, not one per edit.
	private outbox: Uint8Array[] = [];
	private awarenessOutbox = new Set<number>();
	private flushScheduled = false;

	constructor(
		readonly boardId: string,
		private readonly policy: RoomPolicy = OPEN_POLICY
	) {
		// The server holds no awareness state of its own.
		this.awareness.setLocalState(null);
		this.doc.on('update', (update: Uint8Array) => {
			this.outbox.push(update);
			this.scheduleFlush();
		});
		this.doc.on('afterTransaction', (transaction: Y.Transaction) => {
			const conn = this.conns.get(transaction.origin as RoomSocket);
			if (conn && transaction.changed.size) this.policy.afterWrite(transaction, conn.identity);
		});
		this.awareness.on('update', ({ added, updated, removed }: AwarenessChange) => {
			for (const id of [...added, ...updated, ...removed]) this.awarenessOutbox.add(id);
			this.scheduleFlush();
		});
	}

	private scheduleFlush(): void {
		if (this.flushScheduled) return;
		this.flushScheduled = true;
		setImmediate(() => this.flush());
	}

	/** Sends what this turn produced. */
	flush(): void {
		this.flushScheduled = false;
		if (this.outbox.length) {
			const update = this.outbox.length === 1 ? this.outbox[0]! : Y.mergeUpdates(this.outbox);
			this.outbox = [];
			this.broadcast(message(MESSAGE_SYNC, (e) => syncProtocol.writeUpdate(e, update)));
		}
		if (this.awarenessOutbox.size) {
			const changed = [...this.awarenessOutbox];
			this.awarenessOutbox.clear();
			this.broadcast(awarenessMessage(this.awareness, changed));
		}
	}

	get size(): number {
		return this.conns.size;
	}

	join(socket: RoomSocket, identity: Identity): void {
		this.conns.set(socket, { identity, clientId: null });
		socket.send(message(MESSAGE_SYNC, (e) => syncProtocol.writeSyncStep1(e, this.doc)));
		const states = [...this.awareness.getStates().keys()];
		if (states.length) socket.send(awarenessMessage(this.awareness, states));
	}

	/** Applies one client message; throws ProtocolError for anything malformed. */
	receive(socket: RoomSocket, message: Uint8Array): void {
		const conn = this.conns.get(socket);
		if (!conn) return;
		try {
			const decoder = decoding.createDecoder(message);
			const type = decoding.readVarUint(decoder);
			if (type === MESSAGE_SYNC) {
				this.receiveSync(conn, decoder, socket);
			} else if (type === MESSAGE_AWARENESS) {
				this.receiveAwareness(conn, decoding.readVarUint8Array(decoder), socket);
			} else {
				throw new ProtocolError(`unknown message type ${type}`);
			}
		} catch (error) {
			if (error instanceof ProtocolError) throw error;
			throw new ProtocolError((error as Error).message);
		}
	}

	/**
	 * y-protocols' readSyncMessage hands updates to Y.applyUpdate, which logs and swallows a
	 * malformed one; decoding it first lets us refuse it and close the connection instead.
	 */
	private receiveSync(conn: Connection, decoder: decoding.Decoder, socket: RoomSocket): void {
		const kind = decoding.readVarUint(decoder);
		if (kind === syncProtocol.messageYjsSyncStep1) {
			return this.answerSyncStep1(socket, decoding.readVarUint8Array(decoder));
		}
		if (kind !== syncProtocol.messageYjsSyncStep2 && kind !== syncProtocol.messageYjsUpdate) {
			throw new ProtocolError(`unknown sync message ${kind}`);
		}
		const update = decoding.readVarUint8Array(decoder);
		// Decoding first turns a malformed update into a ProtocolError, in every stage, and gives
		// the policy what it needs to decide before anything is applied.
		const refusal = this.policy.refuse(
			{ bytes: update.byteLength, ...Y.decodeUpdate(update) },
			conn.identity
		);
		if (refusal) {
			if (refusal.code === 'too_costly') socket.close(CLOSE_POLICY_VIOLATION, refusal.message);
			return this.policy.refused(conn.identity, refusal);
		}
		Y.applyUpdate(this.doc, update, socket);
	}

	/** A client holding nothing gets the cached whole document; anyone else what they lack. */
	private answerSyncStep1(socket: RoomSocket, stateVector: Uint8Array): void {
		const sync = (write: (encoder: encoding.Encoder) => void) =>
			socket.send(message(MESSAGE_SYNC, write));
		if (!isEmptyStateVector(stateVector)) {
			return sync((encoder) => syncProtocol.writeSyncStep2(encoder, this.doc, stateVector));
		}
		const { state, since } = this.fullState.get();
		sync((encoder) => {
			encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
			encoding.writeVarUint8Array(encoder, state);
		});
		if (since) sync((encoder) => syncProtocol.writeUpdate(encoder, since));
	}

	private receiveAwareness(conn: Connection, update: Uint8Array, socket: RoomSocket): void {
		const entries = decodeAwarenessUpdate(update);
		if (conn.clientId === null) {
			const claimed = entries[0]?.clientId;
			// An id another live connection speaks for stays theirs: taking it would let this one
			// overwrite their cursor, and remove their state when it leaves.
			if (claimed === undefined || this.holds(claimed)) return;
			conn.clientId = claimed;
		}
		const { user } = conn.identity;
		const notes = this.doc.getMap('notes');
		const allowed = sanitizeAwareness(
			entries,
			conn.clientId,
			{ id: user.id, name: user.name, team: user.teamId },
			(id) => notes.has(id)
		);
		if (allowed.length) {
			awarenessProtocol.applyAwarenessUpdate(
				this.awareness,
				encodeAwarenessEntries(allowed),
				socket
			);
		}
	}

	private holds(clientId: number): boolean {
		for (const conn of this.conns.values()) if (conn.clientId === clientId) return true;
		return false;
	}

	leave(socket: RoomSocket): void {
		const conn = this.conns.get(socket);
		if (!conn) return;
		this.conns.delete(socket);
		if (conn.clientId !== null) {
			awarenessProtocol.removeAwarenessStates(this.awareness, [conn.clientId], null);
		}
	}

	closeAll(code: number, reason: string): void {
		for (const socket of [...this.conns.keys()]) socket.close(code, reason);
	}

	destroy(): void {
		this.fullState.destroy();
		this.awareness.destroy();
		this.doc.destroy();
	}

	private broadcast(message: Uint8Array): void {
		for (const socket of this.conns.keys()) socket.send(message);
	}
}

/** One y-protocols message: its type, then what `write` puts after it. */
function message(type: number, write: (encoder: encoding.Encoder) => void): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, type);
	write(encoder);
	return encoding.toUint8Array(encoder);
}

/** An awareness message carrying the current states of `clients`. */
function awarenessMessage(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
	return message(MESSAGE_AWARENESS, (e) =>
		encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(awareness, clients))
	);
}

interface AwarenessChange {
	added: number[];
	updated: number[];
	removed: number[];
}

import type { AppContext } from '../../src/lib/server/context.ts';
import type { Unsubscribe } from '../../src/lib/server/pubsub/bus.ts';

/**
 * Cross-node fan-out of one board over the bus (Redis pub/sub with several nodes): each node
 * publishes what its own connections wrote; a node that opens the board says hello with its
 * state vector and the nodes holding it answer with what it lacks, which covers updates they
 * accepted but have not stored yet. Messages are idempotent Yjs updates, so repeats are harmless.
 * Pub/sub drops what is published while a subscriber is disconnected, so a node whose subscription
 * came back asks for a resync: every peer answers what it lacks and says hello back.
 */
const KINDS = ['update', 'awareness', 'hello', 'resync', 'authors'] as const;
type Kind = (typeof KINDS)[number];

interface RelayMessage {
	node: string;
	kind: Kind;
	data: string;
}

export interface RelayHandlers {
	update(update: Uint8Array): void;
	awareness(update: Uint8Array): void;
	hello(stateVector: Uint8Array): void;
	/** Authorship of notes merged in by a reveal (JSON of `[noteId, NoteAuthor][]`). */
	authors(data: Uint8Array): void;
	resync(stateVector: Uint8Array): void;
	/** The bus lost this node's subscription and has it back. */
	resubscribed(): void;
}

export class BoardRelay {
	private unsubscribe: Unsubscribe | null = null;
	private offResubscribed: (() => void) | null = null;
	private closed = false;

	constructor(
		private readonly ctx: AppContext,
		private readonly boardId: string,
		private readonly handlers: RelayHandlers
	) {}

	private get channel(): string {
		return relayChannel(this.boardId);
	}

	async start(): Promise<void> {
		const unsubscribe = await this.ctx.bus.subscribe(this.channel, (raw) => this.receive(raw));
		if (this.closed) return unsubscribe();
		this.unsubscribe = unsubscribe;
		this.offResubscribed = this.ctx.bus.onResubscribed(() => this.handlers.resubscribed());
	}

	publish(kind: Kind, data: Uint8Array): void {
		if (this.closed) return;
		void relayPublish(this.ctx, this.boardId, kind, data, this.ctx.nodeId);
	}

	async stop(): Promise<void> {
		this.closed = true;
		this.offResubscribed?.();
		await this.unsubscribe?.();
		this.unsubscribe = null;
	}

	private receive(raw: string): void {
		let message: RelayMessage;
		try {
			message = JSON.parse(raw) as RelayMessage;
		} catch {
			return;
		}
		if (message.node === this.ctx.nodeId || this.closed || !KINDS.includes(message.kind)) return;
		const data = new Uint8Array(Buffer.from(message.data, 'base64'));
		try {
			this.handlers[message.kind](data);
		} catch (error) {
			this.ctx.log.warn({ err: error, boardId: this.boardId }, 'bad board relay message');
		}
	}
}

const relayChannel = (key: string) => `board:${key}`;

/**
 * Publishes on a board's relay channel. `sender` defaults to a name no host uses, so every node's
 * host of the board applies the message, this node's included (a reveal merged from storage).
 */
export async function relayPublish(
	ctx: AppContext,
	key: string,
	kind: Kind,
	data: Uint8Array,
	sender = `${ctx.nodeId}:server`
): Promise<void> {
	const message: RelayMessage = { node: sender, kind, data: Buffer.from(data).toString('base64') };
	await ctx.bus
		.publish(relayChannel(key), JSON.stringify(message))
		.catch((error: unknown) =>
			ctx.log.warn({ err: error, boardId: key }, 'board relay publish failed')
		);
}

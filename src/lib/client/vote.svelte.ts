import { SvelteSet } from 'svelte/reactivity';
import { browser } from '$app/environment';
import type { ServerToClientEvents } from '$lib/shared/realtime';
import type { IdeaView, VoteIdeas, VoteProgress, YourBallot } from '$lib/shared/votes';
import { appSocket, send } from './socket';
import type { CommandResult } from './live-session.svelte';

type Handlers = { [E in keyof ServerToClientEvents]?: ServerToClientEvents[E] };

/**
 * How often one click is sent while the server does not answer. Each copy carries the click's
 * voteId, so a copy that did arrive (the answer was what got lost) is answered, not counted again.
 */
const CAST_ATTEMPTS = 3;

/**
 * One session's vote as this tab sees it: the ideas, your own dots, the progress counts and,
 * after the reveal, the ranking. The server decides every dot; the view shows what it answered.
 * One instance per session, so the vote view and the facilitator's reveal button share it.
 */
export class VoteState {
	readonly sessionId: string;
	ideas = $state.raw<IdeaView[]>([]);
	you = $state.raw<YourBallot | null>(null);
	progress = $state.raw<VoteProgress>({ done: 0, total: 0 });
	revealed = $state(false);
	loaded = $state(false);
	/** The last refusal or failure, in words for the person. */
	error = $state<string | null>(null);
	/** Ideas with a dot change in flight (a second click is sent too: the server decides). */
	readonly pending = new SvelteSet<string>();
	/** What a screen reader hears after each change of your dots. */
	said = $state('');

	#users = 0;
	#handlers: Handlers = {};

	constructor(sessionId: string) {
		this.sessionId = sessionId;
	}

	/** Listens while at least one component uses the vote; returns the release. */
	use(): () => void {
		if (this.#users++ === 0) this.#listen();
		return () => {
			if (--this.#users === 0) this.#unlisten();
		};
	}

	async refresh(): Promise<void> {
		const ack = await send('votes:ideas', { sessionId: this.sessionId });
		if (!ack.ok) {
			this.error = ack.error.message;
			return;
		}
		this.#take(ack);
	}

	async cast(idea: IdeaView, delta: 1 | -1): Promise<void> {
		this.pending.add(idea.id);
		this.error = null;
		try {
			const click = {
				sessionId: this.sessionId,
				ideaId: idea.id,
				delta,
				voteId: crypto.randomUUID()
			};
			let ack = await send('votes:cast', click);
			for (let sent = 1; !ack.ok && ack.error.code === 'timeout' && sent < CAST_ATTEMPTS; sent++)
				ack = await send('votes:cast', click);
			if (!ack.ok) {
				this.error = ack.error.message;
				this.said = ack.error.message;
				// Closed or out of step with another tab: the server's view replaces ours.
				if (ack.error.code !== 'rate_limited') void this.refresh();
				return;
			}
			const you = this.you;
			if (you) {
				const dots = { ...you.dots, [idea.id]: ack.onIdea };
				if (ack.onIdea === 0) delete dots[idea.id];
				this.you = { ...you, remaining: ack.remaining, dots };
			}
			this.said = `${dotsWord(ack.onIdea)} on “${idea.title}”. ${dotsWord(ack.remaining)} left.`;
		} finally {
			this.pending.delete(idea.id);
		}
	}

	async reveal(): Promise<CommandResult> {
		const ack = await send('votes:reveal', { sessionId: this.sessionId });
		if (ack.ok) this.#take(ack);
		return ack.ok ? { ok: true } : ack;
	}

	#take(view: VoteIdeas): void {
		this.ideas = view.ideas;
		this.revealed = view.revealed;
		this.you = view.you;
		this.progress = view.progress;
		this.loaded = true;
		this.error = null;
	}

	#listen(): void {
		const socket = appSocket();
		this.#handlers = {
			'votes:opened': ({ sessionId }) => {
				if (sessionId === this.sessionId) void this.refresh();
			},
			'votes:progress': ({ sessionId, done, total }) => {
				if (sessionId === this.sessionId) this.progress = { done, total };
			},
			'votes:revealed': ({ sessionId, ideas }) => {
				if (sessionId !== this.sessionId) return;
				this.ideas = ideas;
				this.revealed = true;
			}
		};
		for (const [event, handler] of Object.entries(this.#handlers))
			socket.on(event as keyof ServerToClientEvents, handler as never);
	}

	#unlisten(): void {
		const socket = appSocket();
		for (const [event, handler] of Object.entries(this.#handlers))
			socket.off(event as keyof ServerToClientEvents, handler as never);
	}
}

export function dotsWord(n: number): string {
	return `${n} dot${n === 1 ? '' : 's'}`;
}

/** "18 of 27 have used all their dots"; counts only, as the server sends them. */
export function progressLine({ done, total }: VoteProgress): string {
	if (total === 0) return 'Nobody has placed a dot yet';
	return `${done} of ${total} ${total === 1 ? 'has' : 'have'} used all their dots`;
}

/** Not reactive on purpose: an instance is made once per session and then only read. */
const bySession: Record<string, VoteState> = {};

/** The tab's vote state of a session; a fresh one per server render, so nothing is shared. */
export function voteState(sessionId: string): VoteState {
	if (!browser) return new VoteState(sessionId);
	return (bySession[sessionId] ??= new VoteState(sessionId));
}

import type { Socket } from 'socket.io-client';
import { command, connect, watchPresence, type Workshop } from './workshop.ts';
import type { JoinedSession } from '../../src/lib/shared/realtime.ts';

export interface StormClient {
	url: string;
	userId: string;
	socket: Socket;
	connectionId: string;
	watch: ReturnType<typeof watchPresence>;
}

/** Signing up is slow (argon2id): a storm's tabs are spread over this many people per node. */
const TABS_PER_PERSON = 5;

/**
 * Connects `n` sockets (people round-robin over the nodes, each person's tabs on one node), then
 * sends every `session:join` at a time drawn evenly over `spreadMs`. Each view starts from its
 * join answer and merges the deltas that come after, or raced it.
 */
export async function joinStorm(
	w: Workshop,
	urls: string[],
	sessionId: string,
	n: number,
	spreadMs: number
) {
	const people = await Promise.all(
		Array.from({ length: Math.ceil(n / TABS_PER_PERSON) }, (_, i) => w.person(`Storm ${i}`, i % 2))
	);
	const slots = Array.from({ length: n }, (_, i) => ({
		person: people[Math.floor(i / TABS_PER_PERSON)]!,
		url: urls[Math.floor(i / TABS_PER_PERSON) % urls.length]!
	}));
	const sockets = await Promise.all(slots.map((s) => connect(s.url, s.person)));
	const failures: string[] = [];
	const clients: StormClient[] = [];
	await Promise.all(
		slots.map(async (slot, i) => {
			const socket = sockets[i]!;
			const watch = watchPresence(socket, sessionId);
			await new Promise((resolve) => setTimeout(resolve, (spreadMs * i) / n));
			const ack = await command<JoinedSession>(socket, 'session:join', { sessionId });
			if (!ack.ok) return void failures.push(ack.error.code);
			watch.joined(ack);
			clients.push({
				url: slot.url,
				userId: slot.person.user.id,
				socket,
				connectionId: socket.id!,
				watch
			});
		})
	);
	return {
		clients,
		failures,
		close: () => sockets.forEach((s) => s.close())
	};
}

/** What `notification:new` carries that the count needs: the notification's id. */
type Heard = { notification: { id: string } };

/** The part of the tab's socket the unread count listens to (a fake one in unit tests). */
export interface UnreadSocket {
	on(event: 'notification:new', listener: (payload: Heard) => void): unknown;
	off(event: 'notification:new', listener: (payload: Heard) => void): unknown;
	io: {
		on(event: 'reconnect', listener: () => void): unknown;
		off(event: 'reconnect', listener: () => void): unknown;
	};
}

/** The server's count, and the ids of the notifications it listed with it (the newest ones). */
export interface ServerUnread {
	unread: number;
	ids: readonly string[];
}

/**
 * Keeps an unread count in step with the server: one more for each `notification:new`, and the
 * server's own figure after the socket reconnects, because what was sent while it was down was
 * never heard. `readUnread` answers null when the server could not be reached (the count stays).
 * A notification heard while that read is in flight may or may not be in the server's figure,
 * depending on which came first; the ids say which, so it is counted exactly once either way.
 * Returns the function that stops listening.
 */
export function followUnread(
	socket: UnreadSocket,
	readUnread: () => Promise<ServerUnread | null>,
	set: (next: (count: number) => number) => void
): () => void {
	// Ids heard live while a read is in flight; null while none is.
	let during: Set<string> | null = null;
	const heard = ({ notification }: Heard) => {
		during?.add(notification.id);
		set((count) => count + 1);
	};
	const resync = async () => {
		const mine = new Set<string>();
		during = mine;
		const fresh = await readUnread();
		if (during === mine) during = null;
		if (fresh === null) return;
		const listed = new Set(fresh.ids);
		const missed = [...mine].filter((id) => !listed.has(id)).length;
		set(() => fresh.unread + missed);
	};
	socket.on('notification:new', heard);
	socket.io.on('reconnect', resync);
	return () => {
		socket.off('notification:new', heard);
		socket.io.off('reconnect', resync);
	};
}

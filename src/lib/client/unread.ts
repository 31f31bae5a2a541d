/** The part of the tab's socket the unread count listens to (a fake one in unit tests). */
export interface UnreadSocket {
	on(event: 'notification:new', listener: () => void): unknown;
	off(event: 'notification:new', listener: () => void): unknown;
	io: {
		on(event: 'reconnect', listener: () => void): unknown;
		off(event: 'reconnect', listener: () => void): unknown;
	};
}

/**
 * Keeps an unread count in step with the server: one more for each `notification:new`, and the
 * server's own figure after the socket reconnects, because what was sent while it was down was
 * never heard. `readCount` answers null when the server could not be reached (the count stays).
 * Returns the function that stops listening.
 */
export function followUnread(
	socket: UnreadSocket,
	readCount: () => Promise<number | null>,
	set: (next: (count: number) => number) => void
): () => void {
	const heard = () => set((count) => count + 1);
	const resync = async () => {
		const fresh = await readCount();
		if (fresh !== null) set(() => fresh);
	};
	socket.on('notification:new', heard);
	socket.io.on('reconnect', resync);
	return () => {
		socket.off('notification:new', heard);
		socket.io.off('reconnect', resync);
	};
}

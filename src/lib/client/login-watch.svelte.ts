import type { AppSocket } from './socket';

/** How often a failing reconnect may ask the HTTP API whether the login session still holds. */
const AUTH_CHECK_INTERVAL_MS = 5000;

/**
 * Tells a login that ended from a server that is down. A refused upgrade reaches socket.io as
 * a bare `connect_error`, the same as a server that is down, and it keeps retrying; only the
 * HTTP API can tell a 401 apart, so it is asked now and then.
 */
export class LoginWatch {
	/** The login session ended (logged out in another tab, expired): the socket stays closed. */
	signedOut = $state(false);
	#checkedAt = -Infinity;
	#checking = false;
	#socket: () => AppSocket | null;
	/** Whether a server-side disconnect may be undone by connecting again (not removed). */
	#mayReturn: () => boolean;

	constructor(socket: () => AppSocket | null, mayReturn: () => boolean) {
		this.#socket = socket;
		this.#mayReturn = mayReturn;
	}

	onConnectError(): void {
		const now = Date.now();
		if (now - this.#checkedAt < AUTH_CHECK_INTERVAL_MS) return;
		this.#checkedAt = now;
		void this.check();
	}

	/** A 401 from `/api/v1/me` means no reconnect will be let in: stop trying and say so. */
	async check(): Promise<void> {
		if (this.#checking || this.signedOut) return;
		this.#checking = true;
		try {
			const response = await fetch('/api/v1/me', { headers: { accept: 'application/json' } });
			const socket = this.#socket();
			if (!socket) return;
			// Still signed in after a server-side disconnect (an old server draining, say):
			// come back, unless this person was removed from the challenge.
			if (response.ok && !socket.active && this.#mayReturn()) return void socket.connect();
			// Anything else but a 401 (a 5xx, a proxy's error page) says nothing about the login.
			if (response.status !== 401) return;
			this.signedOut = true;
			socket.io.reconnection(false);
			socket.disconnect();
		} catch {
			// No answer at all: the network or the server is down, and reconnecting is right.
		} finally {
			this.#checking = false;
		}
	}
}

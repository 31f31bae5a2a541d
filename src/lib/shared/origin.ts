/**
 * The same-origin rule of every state-changing HTTP request and every WebSocket upgrade: the app's
 * own origin is `ORIGIN` when configured, else the scheme and host the request arrived on; a
 * request without an Origin header is no browser's and is accepted (browsers always send one on
 * upgrades and cross-site posts).
 */
export interface OwnOrigin {
	/** The operator's `ORIGIN`, if any. */
	configured?: string;
	/** `http` or `https`, as the request arrived (after any configured proxy header). */
	protocol: string;
	/** The request's host (`name:port`), if it named one. */
	host?: string;
}

export function originAllowed(origin: string | null | undefined, own: OwnOrigin): boolean {
	if (!origin) return true;
	const expected = own.configured
		? originOf(own.configured)
		: own.host
			? originOf(`${own.protocol}://${own.host}`)
			: null;
	return expected !== null && originOf(origin) === expected;
}

/** `scheme://host[:port]` of a URL, or null for anything that has no such origin (`null`, junk). */
function originOf(url: string): string | null {
	try {
		const { origin } = new URL(url);
		return origin === 'null' ? null : origin;
	} catch {
		return null;
	}
}

import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';

const HEADER = 'x-whitespace-protocol';

/**
 * Without ORIGIN or PROTOCOL_HEADER, adapter-node assumes https, which would mark cookies Secure
 * and fail the Origin check on plain-http installs (the quick start). We tell it the protocol of
 * the actual connection instead, overwriting anything a client sent in that header. An operator
 * behind a TLS proxy sets ORIGIN or PROTOCOL_HEADER and this steps aside.
 */
export function useConnectionProtocol(): (req: IncomingMessage) => void {
	if (process.env.ORIGIN || process.env.PROTOCOL_HEADER) return () => {};
	process.env.PROTOCOL_HEADER = HEADER;
	return (req) => {
		req.headers[HEADER] = (req.socket as TLSSocket).encrypted ? 'https' : 'http';
	};
}

import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Refuses a declared body over the limit with a JSON 413 before SvelteKit reads it; adapter-node
 * would answer in plain text. Chunked bodies are cut off by adapter-node's own limit as they
 * stream. Returns false when the request was answered here.
 */
export function guardRequestSize(
	req: IncomingMessage,
	res: ServerResponse,
	maxBytes: number
): boolean {
	const declared = Number(req.headers['content-length'] ?? 0);
	if (!(declared > maxBytes)) return true;
	const body = JSON.stringify({
		error: { code: 'payload_too_large', message: `The request body is over ${maxBytes} bytes.` }
	});
	res.writeHead(413, {
		'content-type': 'application/json',
		'content-length': Buffer.byteLength(body),
		connection: 'close'
	});
	res.end(body);
	req.resume();
	return false;
}

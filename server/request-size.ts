import type { IncomingMessage, ServerResponse } from 'node:http';

/** How long, and how much, a refused body is still read so the client gets to read the answer. */
const LINGER_MS = 10_000;
const LINGER_FACTOR = 64;

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
	lingerOnClose(req, maxBytes * LINGER_FACTOR);
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
	return false;
}

/**
 * Node closes a connection right after an early answer (a 413) although the client is still
 * sending; the client's next write then fails with EPIPE and `fetch` never reads the answer. Like
 * nginx's lingering close, the write side is shut and the rest of the body read and dropped until
 * the client stops, up to a time and byte bound.
 */
function lingerOnClose(req: IncomingMessage, maxDrainBytes: number): void {
	const socket = req.socket;
	const destroySoon = socket.destroySoon.bind(socket);
	socket.destroySoon = () => {
		if (req.complete) return destroySoon();
		socket.end();
		let drained = 0;
		const timer = setTimeout(() => socket.destroy(), LINGER_MS);
		socket.once('close', () => clearTimeout(timer));
		req.on('data', (chunk: Buffer) => {
			drained += chunk.length;
			if (drained > maxDrainBytes) socket.destroy();
		});
		req.once('end', destroySoon);
		req.resume();
	};
}

import type { Duplex } from 'node:stream';

/**
 * Node answers a request its parser refuses (headers over its 16 KiB limit, a malformed request
 * line) with a bare status line and no body, before the app sees it. This answers it the way every
 * other refusal is answered: the status, and a JSON `{error: {code, message}}` a person can read.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
	if (error.code === 'ECONNRESET' || !socket.writable) {
		socket.destroy();
		return;
	}
	const [status, reason, code, message] = refusalOf(error.code);
	const body = JSON.stringify({ error: { code, message } });
	socket.end(
		`HTTP/1.1 ${status} ${reason}\r\n` +
			'Content-Type: application/json\r\n' +
			`Content-Length: ${Buffer.byteLength(body)}\r\n` +
			'Connection: close\r\n\r\n' +
			body
	);
}

/** Node's own status for each parser refusal, with words for it. */
function refusalOf(code: string | undefined): [number, string, string, string] {
	if (code === 'HPE_HEADER_OVERFLOW')
		return [
			431,
			'Request Header Fields Too Large',
			'headers_too_large',
			'The request headers are too large. Clear this site’s cookies, or send fewer or shorter headers.'
		];
	if (code === 'ERR_HTTP_REQUEST_TIMEOUT')
		return [408, 'Request Timeout', 'request_timeout', 'The request took too long to arrive.'];
	return [400, 'Bad Request', 'bad_request', 'The request could not be read as HTTP.'];
}

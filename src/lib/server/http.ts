import { json } from '@sveltejs/kit';
import type { Logger } from './logger.ts';
import { DomainError, isDomainError, type ErrorBody, type ErrorCode } from '../shared/errors.ts';

export function errorResponse(error: DomainError): Response {
	const headers: Record<string, string> = {};
	if (error.retryAfter !== undefined) headers['retry-after'] = String(error.retryAfter);
	return json(error.toBody(), { status: error.status, headers });
}

export function errorBody(code: ErrorCode, message: string): ErrorBody {
	return { error: { code, message } };
}

/** Runs a JSON route: domain refusals become their status, anything else a logged 500. */
export async function apiRoute(log: Logger, run: () => Promise<Response>): Promise<Response> {
	try {
		return await run();
	} catch (error) {
		if (isDomainError(error)) return errorResponse(error);
		const status = statusOf(error);
		if (status === 413) {
			return errorResponse(new DomainError('payload_too_large', 'The request body is over 1 MiB.'));
		}
		log.error({ err: error }, 'unhandled error in API route');
		return json(errorBody('internal', 'Something went wrong on our side. Try again.'), {
			status: 500
		});
	}
}

/** Parses a JSON body, refusing other content types and malformed or oversized bodies. */
export async function readJson(request: Request): Promise<unknown> {
	const type = request.headers.get('content-type') ?? '';
	if (!/^application\/(.+\+)?json\b/i.test(type)) {
		throw new DomainError(
			'unsupported_media_type',
			'Send the body as JSON (Content-Type: application/json).'
		);
	}
	let text: string;
	try {
		text = await request.text();
	} catch (error) {
		if (statusOf(error) === 413) {
			throw new DomainError('payload_too_large', 'The request body is over 1 MiB.');
		}
		throw new DomainError('bad_request', 'The request body could not be read.');
	}
	try {
		return JSON.parse(text);
	} catch {
		throw new DomainError('bad_request', 'The request body is not valid JSON.');
	}
}

function statusOf(error: unknown): number | undefined {
	if (typeof error === 'object' && error !== null && 'status' in error) {
		const status = (error as { status: unknown }).status;
		return typeof status === 'number' ? status : undefined;
	}
	return undefined;
}

import { describe, it, expect } from 'vitest';
import { DomainError, ErrorCode, isDomainError } from '../../src/lib/shared/errors.ts';

describe('DomainError', () => {
	it.each([
		['bad_request', 400],
		['invalid_input', 400],
		['unauthenticated', 401],
		['forbidden', 403],
		['not_invited', 403],
		['not_found', 404],
		['method_not_allowed', 405],
		['conflict', 409],
		['email_taken', 409],
		['payload_too_large', 413],
		['unsupported_media_type', 415],
		['rate_limited', 429],
		['internal', 500],
		['unavailable', 503]
	] as const)('maps %s to HTTP status %i', (code, status) => {
		expect(new DomainError(code, 'x').status).toBe(status);
	});

	it('has a status for every code it knows', () => {
		for (const code of Object.keys(ErrorCode) as ErrorCode[]) {
			const status = new DomainError(code, 'x').status;
			expect(status).toBeGreaterThanOrEqual(400);
			expect(status).toBeLessThan(600);
		}
	});

	it('is an Error with its own name, code and message', () => {
		const error = new DomainError('not_found', 'No such board.');
		expect(error).toBeInstanceOf(Error);
		expect(error.name).toBe('DomainError');
		expect(error.code).toBe('not_found');
		expect(error.message).toBe('No such board.');
	});

	it('renders a body of only code and message when there are no fields', () => {
		const body = new DomainError('forbidden', 'Only facilitators may do that.').toBody();
		expect(body).toStrictEqual({
			error: { code: 'forbidden', message: 'Only facilitators may do that.' }
		});
		expect('fields' in body.error).toBe(false);
	});

	it('includes the fields in the body when there are some', () => {
		const fields = { email: 'Enter a valid email address.' };
		const body = new DomainError('invalid_input', 'Enter a valid email address.', {
			fields
		}).toBody();
		expect(body).toStrictEqual({
			error: { code: 'invalid_input', message: 'Enter a valid email address.', fields }
		});
	});

	it('keeps retryAfter for rate limits without putting it in the body', () => {
		const error = new DomainError('rate_limited', 'Too many attempts.', { retryAfter: 42 });
		expect(error.retryAfter).toBe(42);
		expect(error.toBody()).toStrictEqual({
			error: { code: 'rate_limited', message: 'Too many attempts.' }
		});
	});

	it('leaves retryAfter and fields undefined when not given', () => {
		const error = new DomainError('conflict', 'Already there.');
		expect(error.retryAfter).toBeUndefined();
		expect(error.fields).toBeUndefined();
	});
});

describe('isDomainError', () => {
	it('recognises a DomainError', () => {
		expect(isDomainError(new DomainError('internal', 'x'))).toBe(true);
	});

	it('recognises a DomainError thrown by another copy of the module', () => {
		// Vite's SSR graph and the Node server can each load errors.ts, so instanceof is not enough.
		const copy = Object.assign(new Error('x'), { name: 'DomainError', code: 'forbidden' });
		expect(isDomainError(copy)).toBe(true);
	});

	it('rejects plain errors and look-alike objects', () => {
		expect(isDomainError(new Error('x'))).toBe(false);
		expect(isDomainError({ name: 'DomainError', code: 'internal', message: 'x' })).toBe(false);
		expect(isDomainError(null)).toBe(false);
		expect(isDomainError('DomainError')).toBe(false);
	});
});

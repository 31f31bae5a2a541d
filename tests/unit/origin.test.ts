import type { IncomingMessage } from 'node:http';
import { describe, it, expect } from 'vitest';
import { originAllowed } from '../../server/auth.ts';
import type { AppContext } from '../../src/lib/server/context.ts';

/** originAllowed reads only config.ORIGIN and two headers; nothing else is built. */
function ctx(ORIGIN?: string): AppContext {
	return { config: { ORIGIN } } as unknown as AppContext;
}

function req(headers: { origin?: string; host?: string }): IncomingMessage {
	return { headers } as unknown as IncomingMessage;
}

describe('originAllowed', () => {
	describe('without a configured ORIGIN', () => {
		it('allows a request without an Origin header (not a browser)', () => {
			expect(originAllowed(ctx(), req({ host: 'localhost:3000' }))).toBe(true);
		});

		it('allows an Origin whose host is the request’s own', () => {
			const r = req({ origin: 'http://localhost:3000', host: 'localhost:3000' });
			expect(originAllowed(ctx(), r)).toBe(true);
		});

		it('refuses an Origin on another host', () => {
			const r = req({ origin: 'https://evil.example', host: 'localhost:3000' });
			expect(originAllowed(ctx(), r)).toBe(false);
		});

		it('refuses an Origin on the same hostname but another port', () => {
			const r = req({ origin: 'http://localhost:4000', host: 'localhost:3000' });
			expect(originAllowed(ctx(), r)).toBe(false);
		});

		it('refuses a look-alike host that merely starts with the real one', () => {
			const r = req({ origin: 'http://localhost:3000.evil.example', host: 'localhost:3000' });
			expect(originAllowed(ctx(), r)).toBe(false);
		});

		it.each(['not a url', 'null', '://', 'localhost:3000'])(
			'refuses the garbage Origin %j',
			(origin) => {
				expect(originAllowed(ctx(), req({ origin, host: 'localhost:3000' }))).toBe(false);
			}
		);

		it('refuses an Origin when the request has no Host header', () => {
			expect(originAllowed(ctx(), req({ origin: 'http://localhost:3000' }))).toBe(false);
		});
	});

	describe('with a configured ORIGIN', () => {
		const configured = ctx('https://whitespace.example.com');

		it('allows exactly that origin', () => {
			const r = req({ origin: 'https://whitespace.example.com', host: 'internal:3000' });
			expect(originAllowed(configured, r)).toBe(true);
		});

		it('allows that origin even when ORIGIN was configured with a trailing slash', () => {
			const r = req({ origin: 'https://whitespace.example.com', host: 'internal:3000' });
			expect(originAllowed(ctx('https://whitespace.example.com/'), r)).toBe(true);
		});

		it('refuses the same host over another scheme', () => {
			const r = req({ origin: 'http://whitespace.example.com', host: 'whitespace.example.com' });
			expect(originAllowed(configured, r)).toBe(false);
		});

		it('refuses an origin that matches the Host header but not ORIGIN', () => {
			const r = req({ origin: 'http://internal:3000', host: 'internal:3000' });
			expect(originAllowed(configured, r)).toBe(false);
		});

		it('refuses a garbage Origin', () => {
			expect(originAllowed(configured, req({ origin: 'null', host: 'internal:3000' }))).toBe(false);
		});

		it('still allows a request without an Origin header', () => {
			expect(originAllowed(configured, req({ host: 'internal:3000' }))).toBe(true);
		});
	});
});

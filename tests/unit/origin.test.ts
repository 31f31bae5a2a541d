import type { IncomingMessage } from 'node:http';
import { afterEach, describe, it, expect } from 'vitest';
import { upgradeOriginAllowed } from '../../server/auth.ts';
import type { AppContext } from '../../src/lib/server/context.ts';
import { originAllowed } from '../../src/lib/shared/origin.ts';

const local = { protocol: 'http', host: 'localhost:3000' };

describe('originAllowed (HTTP and WebSocket alike)', () => {
	describe('without a configured ORIGIN', () => {
		it('allows a request without an Origin header (not a browser)', () => {
			expect(originAllowed(undefined, local)).toBe(true);
			expect(originAllowed(null, local)).toBe(true);
		});

		it('allows an Origin with the request’s own scheme and host', () => {
			expect(originAllowed('http://localhost:3000', local)).toBe(true);
		});

		it('refuses the same host over another scheme', () => {
			expect(originAllowed('https://localhost:3000', local)).toBe(false);
		});

		it('refuses an Origin on another host', () => {
			expect(originAllowed('https://evil.example', local)).toBe(false);
		});

		it('refuses an Origin on the same hostname but another port', () => {
			expect(originAllowed('http://localhost:4000', local)).toBe(false);
		});

		it('refuses a look-alike host that merely starts with the real one', () => {
			expect(originAllowed('http://localhost:3000.evil.example', local)).toBe(false);
		});

		it.each(['not a url', 'null', '://', 'localhost:3000'])(
			'refuses the garbage Origin %j',
			(origin) => {
				expect(originAllowed(origin, local)).toBe(false);
			}
		);

		it('refuses an Origin when the request has no Host header', () => {
			expect(originAllowed('http://localhost:3000', { protocol: 'http' })).toBe(false);
		});
	});

	describe('with a configured ORIGIN', () => {
		const configured = {
			configured: 'https://whitespace.example.com',
			protocol: 'http',
			host: 'internal:3000'
		};

		it('allows exactly that origin', () => {
			expect(originAllowed('https://whitespace.example.com', configured)).toBe(true);
		});

		it('allows that origin even when ORIGIN was configured with a trailing slash', () => {
			const slash = { ...configured, configured: 'https://whitespace.example.com/' };
			expect(originAllowed('https://whitespace.example.com', slash)).toBe(true);
		});

		it('refuses the same host over another scheme', () => {
			expect(originAllowed('http://whitespace.example.com', configured)).toBe(false);
		});

		it('refuses an origin that matches the Host header but not ORIGIN', () => {
			expect(originAllowed('http://internal:3000', configured)).toBe(false);
		});

		it('refuses a garbage Origin', () => {
			expect(originAllowed('null', configured)).toBe(false);
		});

		it('still allows a request without an Origin header', () => {
			expect(originAllowed(undefined, configured)).toBe(true);
		});
	});
});

describe('upgradeOriginAllowed', () => {
	const ctx = { config: {} } as unknown as AppContext;
	const upgrade = (headers: Record<string, string>, encrypted = false) =>
		({ headers, socket: { encrypted } }) as unknown as IncomingMessage;

	afterEach(() => {
		delete process.env.PROTOCOL_HEADER;
	});

	it('takes the scheme from the connection when no proxy header is configured', () => {
		const headers = { origin: 'https://localhost:3000', host: 'localhost:3000' };
		expect(upgradeOriginAllowed(ctx, upgrade(headers))).toBe(false);
		expect(upgradeOriginAllowed(ctx, upgrade(headers, true))).toBe(true);
	});

	it('takes the scheme from the configured proxy header', () => {
		process.env.PROTOCOL_HEADER = 'x-forwarded-proto';
		const headers = { origin: 'https://app.example', host: 'app.example' };
		expect(upgradeOriginAllowed(ctx, upgrade({ ...headers, 'x-forwarded-proto': 'https' }))).toBe(
			true
		);
		expect(upgradeOriginAllowed(ctx, upgrade({ ...headers, 'x-forwarded-proto': 'http' }))).toBe(
			false
		);
	});
});

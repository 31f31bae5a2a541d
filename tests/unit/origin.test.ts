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

		it.each([
			{
				rule: 'allows an Origin with the request’s own scheme and host',
				origin: 'http://localhost:3000',
				allowed: true
			},
			{
				rule: 'refuses the same host over another scheme',
				origin: 'https://localhost:3000',
				allowed: false
			},
			{ rule: 'refuses an Origin on another host', origin: 'https://evil.example', allowed: false },
			{
				rule: 'refuses an Origin on the same hostname but another port',
				origin: 'http://localhost:4000',
				allowed: false
			},
			{
				rule: 'refuses a look-alike host that merely starts with the real one',
				origin: 'http://localhost:3000.evil.example',
				allowed: false
			}
		])('$rule', ({ origin, allowed }) => {
			expect(originAllowed(origin, local)).toBe(allowed);
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

		it('allows that origin even when ORIGIN was configured with a trailing slash', () => {
			const slash = { ...configured, configured: 'https://whitespace.example.com/' };
			expect(originAllowed('https://whitespace.example.com', slash)).toBe(true);
		});

		it.each([
			{
				rule: 'allows exactly that origin',
				origin: 'https://whitespace.example.com',
				allowed: true
			},
			{
				rule: 'refuses the same host over another scheme',
				origin: 'http://whitespace.example.com',
				allowed: false
			},
			{
				rule: 'refuses an origin that matches the Host header but not ORIGIN',
				origin: 'http://internal:3000',
				allowed: false
			},
			{ rule: 'refuses a garbage Origin', origin: 'null', allowed: false },
			{ rule: 'still allows a request without an Origin header', origin: undefined, allowed: true }
		])('$rule', ({ origin, allowed }) => {
			expect(originAllowed(origin, configured)).toBe(allowed);
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

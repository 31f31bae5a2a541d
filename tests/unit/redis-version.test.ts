import { describe, it, expect } from 'vitest';
import { redisVersionProblem } from '../../src/lib/server/redis-version.ts';

const info = (version: string) =>
	`# Server\r\nredis_version:${version}\r\nredis_mode:standalone\r\n`;

describe('redisVersionProblem', () => {
	it('accepts Redis 5.0 and every later version', () => {
		for (const v of ['5.0.0', '5.0.14', '6.0.16', '6.2.0', '7.0.15', '10.1.2']) {
			expect(redisVersionProblem(info(v))).toBeNull();
		}
	});

	it('refuses an older Redis with the version it found and the one it needs', () => {
		expect(redisVersionProblem(info('4.0.14'))).toBe(
			'Redis at REDIS_URL is version 4.0; Whitespace needs Redis 5.0 or later (the socket.io adapter uses streams).'
		);
		expect(redisVersionProblem(info('3.2.12'))).toMatch(/version 3\.2/);
	});

	it('lets a server that does not report a version try', () => {
		expect(redisVersionProblem('# Server\r\nvalkey_mode:standalone\r\n')).toBeNull();
	});
});

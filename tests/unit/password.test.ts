import { describe, it, expect } from 'vitest';
import { decoyHash, hashPassword, verifyPassword } from '../../src/lib/server/auth/password.ts';

describe('hashPassword', () => {
	it('produces an argon2id hash with 19 MiB, two passes and one lane', async () => {
		const hash = await hashPassword('correct horse battery');
		expect(hash.startsWith('$argon2id$')).toBe(true);
		expect(hash).toContain('$m=19456,t=2,p=1$');
		expect(hash).not.toContain('correct horse battery');
	});

	it('salts each hash, so one password hashes differently twice', async () => {
		const [a, b] = await Promise.all([
			hashPassword('same password'),
			hashPassword('same password')
		]);
		expect(a).not.toBe(b);
	});
});

describe('verifyPassword', () => {
	it('accepts the password that was hashed', async () => {
		const hash = await hashPassword('correct horse battery');
		expect(await verifyPassword(hash, 'correct horse battery')).toBe(true);
	});

	it('refuses any other password', async () => {
		const hash = await hashPassword('correct horse battery');
		expect(await verifyPassword(hash, 'correct horse battery ')).toBe(false);
		expect(await verifyPassword(hash, 'Correct horse battery')).toBe(false);
		expect(await verifyPassword(hash, '')).toBe(false);
	});

	it.each(['', 'garbage', '$argon2id$v=19$m=19456,t=2,p=1$broken', '$2b$10$notargon'])(
		'returns false instead of throwing for the unusable hash %j',
		async (hash) => {
			await expect(verifyPassword(hash, 'anything at all')).resolves.toBe(false);
		}
	);
});

describe('decoyHash', () => {
	it('is an argon2id hash with the same cost as real ones, which no likely password matches', async () => {
		const hash = await decoyHash;
		expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
		expect(await verifyPassword(hash, 'password1234')).toBe(false);
	});
});

import { hash, verify } from '@node-rs/argon2';

// OWASP's first argon2id recommendation: 19 MiB, two passes, one lane.
const options = { memoryCost: 19456, timeCost: 2, outputLen: 32, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
	return hash(password, options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password);
	} catch {
		return false;
	}
}

/** A hash to verify against when the account does not exist, so timing does not tell. */
export const decoyHash = hash('whitespace-decoy-password', options);

import type { PublicUser } from '$lib/shared/auth';

declare global {
	namespace App {
		interface Error {
			message: string;
			code?: string;
		}
		interface Locals {
			user: PublicUser | null;
			sessionId: string | null;
			/** A session cookie was sent but no longer names a live session. */
			sessionExpired: boolean;
		}
	}
}

export {};

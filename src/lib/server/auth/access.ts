import { DomainError } from '../../shared/errors.ts';
import type { PublicUser } from '../../shared/auth.ts';

export function requireUser(actor: PublicUser | null): PublicUser {
	if (!actor) throw new DomainError('unauthenticated', 'Log in to continue.');
	return actor;
}

export function requireAdmin(actor: PublicUser | null): PublicUser {
	const user = requireUser(actor);
	if (user.role !== 'admin') throw new DomainError('forbidden', 'Only admins can do this.');
	return user;
}

import type { UserRow } from '../db/schema/index.ts';
import type { PublicUser } from '../../shared/auth.ts';

export function toPublicUser(row: UserRow): PublicUser {
	return { id: row.id, email: row.email, name: row.name, role: row.role, teamId: row.teamId };
}

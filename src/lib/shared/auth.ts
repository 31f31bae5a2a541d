import { z } from 'zod';
import { ROLES, TEXT_LIMITS, type Role } from './limits.ts';

export const MIN_PASSWORD_LENGTH = 10;
/** argon2 cost grows with length; nobody types more than this. */
export const MAX_PASSWORD_LENGTH = 256;

export interface PublicUser {
	id: string;
	email: string;
	name: string;
	role: Role;
	teamId: string | null;
}

const newPassword = z
	.string({ error: 'Choose a password.' })
	.min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters for your password.`)
	.max(MAX_PASSWORD_LENGTH, `Use at most ${MAX_PASSWORD_LENGTH} characters.`);

const name = z
	.string({ error: 'Enter your name.' })
	.trim()
	.min(1, 'Enter your name.')
	.max(TEXT_LIMITS.personName, `Keep your name under ${TEXT_LIMITS.personName} characters.`);

const email = z
	.string({ error: 'Enter your email address.' })
	.trim()
	.toLowerCase()
	.max(254, 'That email address is too long.')
	.pipe(z.email({ error: 'Enter a valid email address, like name@example.com.' }));

export const signupInput = z.strictObject({
	email,
	password: newPassword,
	name,
	team: z.string().trim().min(1).max(64).nullish()
});
export type SignupInput = z.infer<typeof signupInput>;

export const loginInput = z.strictObject({
	email,
	password: z.string({ error: 'Enter your password.' }).min(1, 'Enter your password.').max(1024)
});
export type LoginInput = z.infer<typeof loginInput>;

export const profileInput = z.strictObject({ name });

export const passwordChangeInput = z
	.strictObject({
		currentPassword: z
			.string({ error: 'Enter your current password.' })
			.min(1, 'Enter your current password.')
			.max(1024),
		newPassword
	})
	.refine((input) => input.newPassword !== input.currentPassword, {
		path: ['newPassword'],
		error: 'Choose a password different from the current one.'
	});

export const teamNameInput = z.strictObject({
	name: z
		.string({ error: 'Enter a team name.' })
		.trim()
		.min(1, 'Enter a team name.')
		.max(TEXT_LIMITS.teamName, `Keep team names under ${TEXT_LIMITS.teamName} characters.`)
});

export const userUpdateInput = z
	.strictObject({
		role: z.enum(ROLES, { error: 'Role must be admin, facilitator or member.' }).optional(),
		teamId: z.string().trim().min(1).max(64).nullable().optional()
	})
	.refine((v) => v.role !== undefined || v.teamId !== undefined, {
		error: 'Send a role or a teamId to change.'
	});
export type UserUpdateInput = z.infer<typeof userUpdateInput>;

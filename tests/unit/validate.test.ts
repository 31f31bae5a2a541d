import { describe, it, expect } from 'vitest';
import { z } from 'zod';
import { parseInput } from '../../src/lib/shared/validate.ts';
import {
	loginInput,
	signupInput,
	teamNameInput,
	userUpdateInput
} from '../../src/lib/shared/auth.ts';
import { DomainError } from '../../src/lib/shared/errors.ts';

import { refusal } from '../helpers/refusal.ts';

const valid = { email: 'ada@example.com', password: 'correct horse', name: 'Ada' };

describe('parseInput', () => {
	it('returns the parsed value when the input is valid', () => {
		expect(parseInput(signupInput, valid)).toEqual(valid);
	});

	it('refuses with an invalid_input DomainError and HTTP status 400', () => {
		const error = refusal(signupInput, { ...valid, email: 'nope' });
		expect(error).toBeInstanceOf(DomainError);
		expect(error.code).toBe('invalid_input');
		expect(error.status).toBe(400);
	});

	it('keys the fields map by field name and uses the first problem as the message', () => {
		const error = refusal(signupInput, { email: 'nope', password: 'short', name: 'Ada' });
		expect(Object.keys(error.fields ?? {}).sort()).toEqual(['email', 'password']);
		expect(error.message).toBe(error.fields?.email);
	});

	it('files problems with the input as a whole under "_"', () => {
		const error = refusal(signupInput, null);
		expect(Object.keys(error.fields ?? {})).toEqual(['_']);
		expect(error.message).toBe(error.fields?._);
	});
});

describe('signupInput', () => {
	it('trims and lower-cases the email', () => {
		const parsed = parseInput(signupInput, { ...valid, email: '  Ada@Example.COM \n' });
		expect(parsed.email).toBe('ada@example.com');
	});

	it('trims the name', () => {
		expect(parseInput(signupInput, { ...valid, name: '  Ada  ' }).name).toBe('Ada');
	});

	it.each(['nope', 'ada@', '@example.com', 'ada example@example.com', '   '])(
		'rejects the malformed email %j',
		(email) => {
			const error = refusal(signupInput, { ...valid, email });
			expect(error.fields?.email).toMatch(/valid email/i);
		}
	);

	it('rejects an email longer than 254 characters', () => {
		const email = `${'a'.repeat(250)}@example.com`;
		expect(refusal(signupInput, { ...valid, email }).fields?.email).toMatch(/too long/i);
	});

	it('rejects a password shorter than 10 characters with a message that names 10', () => {
		const error = refusal(signupInput, { ...valid, password: '123456789' });
		expect(Object.keys(error.fields ?? {})).toEqual(['password']);
		expect(error.fields?.password).toMatch(/\b10\b/);
		expect(error.message).toMatch(/\b10\b/);
	});

	it('accepts a password of exactly 10 characters', () => {
		expect(parseInput(signupInput, { ...valid, password: '1234567890' }).password).toBe(
			'1234567890'
		);
	});

	it('rejects a password longer than 256 characters', () => {
		const error = refusal(signupInput, { ...valid, password: 'x'.repeat(257) });
		expect(error.fields?.password).toMatch(/256/);
	});

	it('rejects an unknown field with a message that names it', () => {
		const error = refusal(signupInput, { ...valid, isAdmin: true });
		expect(error.message).toContain('isAdmin');
		expect(error.fields?._).toContain('isAdmin');
	});

	it('names every unknown field when there are several', () => {
		const error = refusal(signupInput, { ...valid, role: 'admin', isAdmin: true });
		expect(error.message).toContain('role');
		expect(error.message).toContain('isAdmin');
	});

	it('reports an unknown field alongside the problems with known fields', () => {
		const error = refusal(signupInput, { ...valid, password: 'short', isAdmin: true });
		expect(error.fields?.password).toMatch(/10/);
		expect(error.fields?._).toContain('isAdmin');
	});

	it('rejects fields of the wrong type, naming each one', () => {
		const error = refusal(signupInput, { email: 42, password: 12345678901, name: null });
		expect(Object.keys(error.fields ?? {}).sort()).toEqual(['email', 'name', 'password']);
	});

	it('requires email, password and name', () => {
		const error = refusal(signupInput, {});
		expect(Object.keys(error.fields ?? {}).sort()).toEqual(['email', 'name', 'password']);
	});

	it('rejects a name made only of spaces', () => {
		expect(refusal(signupInput, { ...valid, name: '   ' }).fields).toHaveProperty('name');
	});

	it('accepts an optional team and trims it', () => {
		expect(parseInput(signupInput, { ...valid, team: '  Red  ' }).team).toBe('Red');
		expect(parseInput(signupInput, { ...valid, team: null }).team).toBeNull();
	});
});

describe('loginInput', () => {
	it('trims and lower-cases the email', () => {
		const parsed = parseInput(loginInput, { email: ' Ada@Example.com ', password: 'x' });
		expect(parsed).toEqual({ email: 'ada@example.com', password: 'x' });
	});

	it('does not apply the signup password length rule', () => {
		expect(parseInput(loginInput, { email: 'a@b.co', password: 'short' }).password).toBe('short');
	});

	it('rejects an empty password', () => {
		expect(refusal(loginInput, { email: 'a@b.co', password: '' }).fields).toHaveProperty(
			'password'
		);
	});

	it('rejects a malformed email', () => {
		expect(refusal(loginInput, { email: 'nope', password: 'x' }).fields).toHaveProperty('email');
	});

	it('rejects an unknown field with a message that names it', () => {
		const error = refusal(loginInput, { email: 'a@b.co', password: 'x', remember: true });
		expect(error.message).toContain('remember');
	});
});

describe('teamNameInput', () => {
	it('trims the team name', () => {
		expect(parseInput(teamNameInput, { name: '  Ops  ' })).toEqual({ name: 'Ops' });
	});

	it('rejects a blank team name', () => {
		expect(refusal(teamNameInput, { name: '   ' }).fields).toHaveProperty('name');
	});

	it('rejects a team name longer than 60 characters', () => {
		expect(refusal(teamNameInput, { name: 'x'.repeat(61) }).fields?.name).toMatch(/60/);
	});

	it('rejects a team name that is not a string', () => {
		expect(refusal(teamNameInput, { name: 7 }).fields).toHaveProperty('name');
	});

	it('rejects an unknown field with a message that names it', () => {
		expect(refusal(teamNameInput, { name: 'Ops', colour: 'red' }).message).toContain('colour');
	});
});

describe('userUpdateInput', () => {
	it('needs a role or a teamId', () => {
		const error = refusal(userUpdateInput, {});
		expect(error.message).toMatch(/role/);
		expect(error.message).toMatch(/teamId/);
	});

	it.each(['admin', 'facilitator', 'member'] as const)('accepts the role %s', (role) => {
		expect(parseInput(userUpdateInput, { role })).toEqual({ role });
	});

	it.each(['owner', 'Admin', '', 1])('rejects the role %j', (role) => {
		const error = refusal(userUpdateInput, { role });
		expect(Object.keys(error.fields ?? {})).toEqual(['role']);
		expect(error.fields?.role).toMatch(/admin, facilitator or member/);
	});

	it('accepts a teamId on its own', () => {
		expect(parseInput(userUpdateInput, { teamId: 'team-1' })).toEqual({ teamId: 'team-1' });
	});

	it('accepts a null teamId, which removes the user from their team', () => {
		expect(parseInput(userUpdateInput, { teamId: null })).toEqual({ teamId: null });
	});

	it('rejects a blank teamId', () => {
		expect(refusal(userUpdateInput, { teamId: '  ' }).fields).toHaveProperty('teamId');
	});

	it('rejects an unknown field with a message that names it', () => {
		const error = refusal(userUpdateInput, { role: 'member', email: 'x@y.z' });
		expect(error.message).toContain('email');
	});
});

describe('zod type messages', () => {
	const schema = z.strictObject({ sessionId: z.string(), count: z.number().optional() });
	const message = (value: unknown) => {
		try {
			parseInput(schema, value);
		} catch (error) {
			return (error as Error).message;
		}
		return null;
	};

	it('names a missing field as required instead of quoting zod', () => {
		expect(message({})).toBe('sessionId is required.');
	});

	it('names the type a field must have', () => {
		expect(message({ sessionId: 5 })).toBe('sessionId must be a string.');
		expect(message({ sessionId: 'x', count: 'y' })).toBe('count must be a number.');
	});
});

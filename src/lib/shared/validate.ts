import type { z } from 'zod';
import { DomainError } from './errors.ts';

/** Narrows untrusted input or throws one `invalid_input` error naming each bad field. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
	const result = schema.safeParse(value);
	if (result.success) return result.data;
	const fields: Record<string, string> = {};
	for (const issue of result.error.issues) {
		const key = issue.path.length ? issue.path.join('.') : '_';
		if (key === '_' && issue.code === 'invalid_type') {
			const message = 'Send a JSON object as the request body.';
			throw new DomainError('invalid_input', message, { fields: { _: message } });
		}
		fields[key] ??=
			issue.code === 'unrecognized_keys' ? unknownKeysMessage(issue.keys) : readable(key, issue);
	}
	const first = Object.values(fields)[0] ?? 'The request is not valid.';
	throw new DomainError('invalid_input', first, { fields });
}

function unknownKeysMessage(keys: string[]): string {
	return `Unknown field${keys.length > 1 ? 's' : ''}: ${keys.join(', ')}.`;
}

/**
 * A schema's own message where it wrote one; zod's generic type message ("Invalid input:
 * expected string, received undefined") becomes a sentence naming the field.
 */
function readable(key: string, issue: z.core.$ZodIssue): string {
	if (issue.code !== 'invalid_type' || !issue.message.startsWith('Invalid input'))
		return issue.message;
	const field = key.split('.').at(-1)!;
	return / received undefined$/.test(issue.message)
		? `${field} is required.`
		: `${field} must be ${article(issue.expected)} ${issue.expected}.`;
}

function article(word: string): string {
	return /^[aeiou]/.test(word) ? 'an' : 'a';
}

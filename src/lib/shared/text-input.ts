import { z } from 'zod';

/**
 * Free text as the input schemas take it: trimmed, at most `max` characters, each error naming
 * `what` ("The unit must be text.", "The unit is at most 40 characters."). Add `.min(1, …)` where
 * the text is required.
 */
export const textUpTo = (what: string, max: number) =>
	z
		.string({ error: `${what} must be text.` })
		.trim()
		.max(max, `${what} is at most ${max} characters.`);

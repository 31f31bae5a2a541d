import type { z } from 'zod';
import { parseInput } from '../../src/lib/shared/validate.ts';
import { DomainError } from '../../src/lib/shared/errors.ts';

/** Runs `parseInput` expecting a refusal and hands back the error it threw. */
export function refusal(schema: z.ZodType, value: unknown): DomainError {
	try {
		parseInput(schema, value);
	} catch (error) {
		if (error instanceof DomainError) return error;
		throw error;
	}
	throw new Error(`expected ${JSON.stringify(value)} to be refused`);
}

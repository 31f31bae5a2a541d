import { z } from 'zod';

const message = 'page is a whole number from 1.';

/** `?page=`, for every list paged by `shared/paging.ts`: a whole number from 1, 1 when absent. */
export const pageNumber = z.coerce
	.number({ error: message })
	.int({ error: message })
	.min(1, { error: message })
	.max(100_000, { error: message })
	.default(1);

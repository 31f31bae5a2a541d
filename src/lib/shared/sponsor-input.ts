import { z } from 'zod';

/** Commitments per page of the sponsor view: a sponsor of many quarters watches thousands. */
export const SPONSOR_PAGE_SIZE = 50;

export const sponsorQuery = z.strictObject({
	page: z.coerce
		.number({ error: 'page is a whole number from 1.' })
		.int({ error: 'page is a whole number from 1.' })
		.min(1, { error: 'page is a whole number from 1.' })
		.max(100_000, { error: 'page is a whole number from 1.' })
		.default(1)
});

import { z } from 'zod';
import { pageNumber } from './paging-input.ts';

/** `?page=` of the sponsor view: a sponsor of many quarters watches thousands of commitments. */
export const sponsorQuery = z.strictObject({ page: pageNumber });

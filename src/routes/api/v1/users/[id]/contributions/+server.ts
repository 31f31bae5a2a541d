import { api } from '$lib/server/api';
import { contributionRecord } from '$lib/server/recognition/contributions';
import { contributionsCsv, contributionsFileName } from '$lib/server/recognition/export';
import type { RequestHandler } from './$types';

/** The record as JSON, or `?format=csv` as a file for a review document. */
export const GET: RequestHandler = api(async ({ ctx, actor, event }) => {
	const record = await contributionRecord(ctx, actor, event.params.id);
	if (event.url.searchParams.get('format') !== 'csv') return record;
	return new Response(contributionsCsv(record), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${contributionsFileName(record)}"`,
			'cache-control': 'private, no-store'
		}
	});
});

import type { AppContext } from '../context.ts';
import type { PublicUser } from '../../shared/auth.ts';
import { parseInput } from '../../shared/validate.ts';
import { summaryQuery } from '../../shared/commitment-input.ts';
import { sessionSummary, type SessionSummary } from './service.ts';
import { summaryCsv, summaryFileName, summaryMarkdown } from './render.ts';

/**
 * `GET …/summary?format=json|md|csv&table=ideas|commitments`: the summary as JSON, or as a file.
 * CSV holds one table per download, since a CSV file has no room for two.
 */
export async function summaryDownload(
	ctx: AppContext,
	actor: PublicUser | null,
	sessionId: string,
	query: unknown
): Promise<SessionSummary | Response> {
	const summary = await sessionSummary(ctx, actor, sessionId);
	const { format, table } = parseInput(summaryQuery, query);
	if (format === 'json') return summary;
	const [body, type, name] =
		format === 'md'
			? [summaryMarkdown(summary), 'text/markdown', summaryFileName(summary, 'md')]
			: [summaryCsv(summary, table), 'text/csv', summaryFileName(summary, 'csv', table)];
	return new Response(body, {
		headers: {
			'content-type': `${type}; charset=utf-8`,
			'content-disposition': `attachment; filename="${name}"`,
			'cache-control': 'private, no-store'
		}
	});
}

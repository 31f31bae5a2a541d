import { stringify } from 'csv-stringify/sync';
import type { SessionSummary } from './service.ts';

/** Downloads of a summary: Markdown for reading, CSV (one table per file) for spreadsheets. */

export function summaryMarkdown(summary: SessionSummary): string {
	const { challenge, session, counts } = summary;
	const lines: string[] = [
		`# ${oneLine(challenge.title)} — session summary`,
		'',
		`> ${oneLine(challenge.question)}`,
		'',
		`- Quarter: ${challenge.quarter}`,
		`- Started: ${isoMinute(session.startedAt)}`,
		`- Ended: ${session.endedAt === null ? 'still running' : isoMinute(session.endedAt)}`,
		`- Participants: ${counts.participants}`,
		`- Notes: ${counts.notes}`,
		`- Ideas: ${counts.ideas}`,
		`- Dots: ${counts.dots ?? 'not revealed yet'}`,
		`- Commitments: ${counts.commitments}`,
		'',
		'## Who took part',
		''
	];
	if (summary.teams.length === 0) lines.push('Nobody joined this session.');
	else
		lines.push(
			...table(
				['Team', 'People', 'Time present'],
				summary.teams.map((t) => [t.teamName ?? 'No team', String(t.people), minutes(t.presentMs)])
			)
		);
	lines.push('', '## Ideas', '');
	if (summary.ideas.length === 0) lines.push('No ideas were taken to the vote.');
	else if (!session.resultsVisible)
		lines.push(
			'The votes are not revealed yet.',
			'',
			...table(
				['Idea'],
				summary.ideas.map((i) => [i.title])
			)
		);
	else
		lines.push(
			...table(
				['Rank', 'Idea', 'Dots', 'Cross-team pull'],
				summary.ideas.map((i) => [
					`${i.rank}${i.tied ? ' (tied)' : ''}`,
					i.title,
					String(i.dots),
					percent(i.crossTeamShare ?? 0)
				])
			)
		);
	lines.push('', '## Commitments', '');
	if (summary.commitments.length === 0) lines.push('No commitments were made in this session.');
	else
		lines.push(
			...table(
				['Commitment', 'Owner', 'Sponsor', 'Due', 'Kind', 'Metric'],
				summary.commitments.map((c) => [
					c.title,
					c.ownerName,
					c.sponsorName ?? '—',
					c.dueDate,
					c.kind,
					`${c.metric.name}: ${c.metric.baseline} → ${c.metric.target}${c.metric.unit ? ` ${c.metric.unit}` : ''}`
				])
			)
		);
	return lines.join('\n') + '\n';
}

/**
 * A cell starting with = + - @ is a formula to a spreadsheet: a note reading `=HYPERLINK(…)` must
 * stay text (OWASP "CSV injection"), so it gets a leading apostrophe.
 */
const CSV_OPTIONS = {
	header: true,
	cast: { string: (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value) }
};

export type SummaryTable = 'ideas' | 'commitments';

/** One table as CSV: ideas with their votes, or commitments with their owners. */
export function summaryCsv(summary: SessionSummary, which: SummaryTable): string {
	if (which === 'ideas') {
		return stringify(
			summary.ideas.map((i) => ({
				rank: i.rank ?? '',
				idea: i.title,
				notes: i.noteIds.length,
				dots: i.dots ?? '',
				cross_team_share: i.crossTeamShare === null ? '' : round(i.crossTeamShare),
				tied: i.tied ? 'yes' : 'no'
			})),
			{
				...CSV_OPTIONS,
				columns: ['rank', 'idea', 'notes', 'dots', 'cross_team_share', 'tied']
			}
		);
	}
	return stringify(
		summary.commitments.map((c) => ({
			id: c.id,
			title: c.title,
			owner: c.ownerName,
			sponsor: c.sponsorName ?? '',
			due_date: c.dueDate,
			kind: c.kind,
			status: c.status,
			metric: c.metric.name,
			unit: c.metric.unit,
			baseline: c.metric.baseline,
			target: c.metric.target,
			next_step: c.nextStep
		})),
		{
			...CSV_OPTIONS,
			columns: [
				'id',
				'title',
				'owner',
				'sponsor',
				'due_date',
				'kind',
				'status',
				'metric',
				'unit',
				'baseline',
				'target',
				'next_step'
			]
		}
	);
}

/** A file name people recognise in their downloads folder. */
export function summaryFileName(summary: SessionSummary, extension: string, part?: string): string {
	const slug =
		summary.challenge.title
			.toLowerCase()
			.replace(/[^a-z0-9]+/g, '-')
			.replace(/^-|-$/g, '')
			.slice(0, 60) || 'session';
	const day = new Date(summary.session.startedAt).toISOString().slice(0, 10);
	return `${slug}-${day}-summary${part ? `-${part}` : ''}.${extension}`;
}

function table(head: string[], rows: string[][]): string[] {
	return [
		`| ${head.join(' | ')} |`,
		`| ${head.map(() => '---').join(' | ')} |`,
		...rows.map((row) => `| ${row.map(cell).join(' | ')} |`)
	];
}

/** A table cell: one line, pipes escaped, so a note's text cannot break the table. */
function cell(value: string): string {
	return oneLine(value).replace(/\|/g, '\\|');
}

function oneLine(value: string): string {
	return value.replace(/\s+/g, ' ').trim();
}

function isoMinute(ms: number): string {
	return new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

function minutes(ms: number): string {
	const total = Math.round(ms / 60_000);
	return total < 1 ? 'under a minute' : `${total} min`;
}

function percent(share: number): string {
	return `${Math.round(share * 100)}%`;
}

function round(share: number): number {
	return Math.round(share * 1000) / 1000;
}

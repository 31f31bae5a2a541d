import { stringify } from 'csv-stringify/sync';
import type { ContributionRecord } from './contributions.ts';

/** The record as one CSV table: a row per idea, commitment and kudos, for a review document. */
export function contributionsCsv(record: ContributionRecord): string {
	const rows: string[][] = [
		...record.ideas.map((i) => [
			'idea',
			i.title,
			i.challengeTitle,
			i.quarter,
			i.commitment?.status ?? 'no commitment',
			i.crossTeamNotes > 0 ? `cross-team build (${i.crossTeamNotes} notes)` : ''
		]),
		...record.commitments.map((c) => [
			'commitment owned',
			c.title,
			c.challengeTitle,
			c.quarter,
			c.status,
			`due ${c.dueDate}`
		]),
		...record.kudos.map((k) => [
			'kudos',
			k.text,
			'',
			'',
			'',
			`from ${k.fromName}, ${new Date(k.createdAt).toISOString().slice(0, 10)}`
		])
	];
	return stringify(rows, {
		header: true,
		columns: ['kind', 'title', 'challenge', 'quarter', 'status', 'note']
	});
}

export function contributionsFileName(record: ContributionRecord): string {
	const slug = record.person.name
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '');
	return `contributions-${slug || 'person'}.csv`;
}

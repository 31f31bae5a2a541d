/** Display helpers for a session's record. Fixed locale and zone: server and browser agree. */

const WHEN = new Intl.DateTimeFormat('en-GB', {
	day: 'numeric',
	month: 'short',
	year: 'numeric',
	hour: '2-digit',
	minute: '2-digit',
	timeZone: 'UTC'
});

/** `1 Dec 2026, 14:05 UTC`. */
export function formatWhen(ms: number): string {
	return `${WHEN.format(ms)} UTC`;
}

/** `1 h 5 min`, `25 min`, `under a minute`. */
export function formatSpan(ms: number): string {
	const minutes = Math.floor(ms / 60_000);
	if (minutes < 1) return 'under a minute';
	const h = Math.floor(minutes / 60);
	const m = minutes % 60;
	return h > 0 ? `${h} h${m ? ` ${m} min` : ''}` : `${m} min`;
}

import { QUARTER_PATTERN } from '$lib/shared/limits';
/** Display helpers for challenges and their sessions. No zod here: this ships to the browser. */

/** `2027-Q1` → `Q1 2027`. */
export function quarterLabel(quarter: string): string {
	const match = QUARTER_PATTERN.exec(quarter);
	return match ? `Q${match[2]} ${match[1]}` : quarter;
}

// A fixed locale and time zone: the server and the browser must render the same text, or
// hydration would disagree. Day precision is all the calendar needs.
const DAY = new Intl.DateTimeFormat('en-GB', {
	day: 'numeric',
	month: 'short',
	year: 'numeric',
	timeZone: 'UTC'
});

export function formatDay(ms: number): string {
	return DAY.format(ms);
}

/** The `datetime` attribute of a `<time>` for a day. */
export function isoDay(ms: number): string {
	return new Date(ms).toISOString().slice(0, 10);
}

/** `1 session`, `3 sessions`; `many` for irregular plurals. */
export function plural(n: number, one: string, many = `${one}s`): string {
	return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
}

/** Join codes read in two halves, like `K7M PQX`. */
export function spacedCode(code: string): string {
	return code.length === 6 ? `${code.slice(0, 3)} ${code.slice(3)}` : code;
}

/** A person in a picker, marked when it is the one choosing. */
export function personLabel(person: { id: string; name: string }, me: string): string {
	return person.id === me ? `${person.name} (you)` : person.name;
}

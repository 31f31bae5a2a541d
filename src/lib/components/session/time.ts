/** Whole seconds left as a countdown shows them: 0.2 s left still reads 0:01. */
export function secondsLeft(ms: number): number {
	return Math.max(0, Math.ceil(ms / 1000));
}

/** `m:ss`, or `h:mm:ss` from an hour up. */
export function formatClock(ms: number): string {
	const total = secondsLeft(ms);
	const h = Math.floor(total / 3600);
	const m = Math.floor((total % 3600) / 60);
	const s = String(total % 60).padStart(2, '0');
	return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** An ISO 8601 duration for `<time datetime>`: `PT4M59S`. */
export function isoDuration(ms: number): string {
	const total = secondsLeft(ms);
	const h = Math.floor(total / 3600);
	const m = Math.floor((total % 3600) / 60);
	const s = total % 60;
	return `PT${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s || total === 0 ? `${s}S` : ''}`;
}

/** Words for screen readers: "5 minutes", "1 minute 30 seconds". */
export function spokenDuration(ms: number): string {
	const total = secondsLeft(ms);
	const parts: string[] = [];
	const h = Math.floor(total / 3600);
	const m = Math.floor((total % 3600) / 60);
	const s = total % 60;
	if (h) parts.push(plural(h, 'hour'));
	if (m) parts.push(plural(m, 'minute'));
	if (s || parts.length === 0) parts.push(plural(s, 'second'));
	return parts.join(' ');
}

function plural(n: number, unit: string): string {
	return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

// CPU time of processes from /proc (Linux): what a storm costs the nodes and Postgres, which on a
// shared, noisy machine says more than latency does.
import { readFileSync } from 'node:fs';
import type pg from 'pg';

const TICK_MS = 10; // CLK_TCK is 100 on Linux

function ticks(pid: number): number {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return Number(fields[11]) + Number(fields[12]); // utime + stime
	} catch {
		return 0; // gone, or not Linux
	}
}

/** The Postgres backends serving `database` now (the nodes' pools keep theirs through a storm). */
export async function backends(admin: pg.Client, database: string): Promise<number[]> {
	const { rows } = await admin.query<{ pid: number }>(
		'select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
		[database]
	);
	return rows.map((r) => r.pid);
}

/** Starts a CPU stopwatch over `pids`; the result is milliseconds of CPU since, per group. */
export function cpuSince(groups: Record<string, number[]>) {
	const start = new Map(
		Object.values(groups)
			.flat()
			.map((pid) => [pid, ticks(pid)])
	);
	return (now: Record<string, number[]> = groups) =>
		Object.fromEntries(
			Object.entries(now).map(([name, pids]) => [
				name,
				pids.reduce((sum, pid) => sum + (ticks(pid) - (start.get(pid) ?? 0)) * TICK_MS, 0)
			])
		);
}

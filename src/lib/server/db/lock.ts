import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

export interface DataDirLock {
	release(): void;
}

export class DataDirLockedError extends Error {}

/**
 * PGlite is a single-process database: two processes writing one data directory corrupt it.
 * An exclusive pid file keeps a second process out; a file left by a dead process is taken over.
 */
export function acquireDataDirLock(dataDir: string): DataDirLock {
	const file = path.join(dataDir, 'whitespace.pid');
	for (let attempt = 0; attempt < 2; attempt++) {
		try {
			const fd = openSync(file, 'wx');
			writeSync(fd, String(process.pid));
			closeSync(fd);
			return { release: () => releaseIfOurs(file) };
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
			const holder = readHolder(file);
			if (holder !== null && holder !== process.pid && isAlive(holder)) {
				throw new DataDirLockedError(
					`Another Whitespace process (pid ${holder}) is using the data directory ${dataDir}. ` +
						'The embedded database allows one process at a time: stop that process, ' +
						'set DATA_DIR to another directory, or set DATABASE_URL to use Postgres.'
				);
			}
			rmSync(file, { force: true });
		}
	}
	throw new DataDirLockedError(`Could not lock the data directory ${dataDir}.`);
}

function readHolder(file: string): number | null {
	try {
		const pid = Number.parseInt(readFileSync(file, 'utf8'), 10);
		return Number.isFinite(pid) ? pid : null;
	} catch {
		return null;
	}
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

function releaseIfOurs(file: string): void {
	if (readHolder(file) === process.pid) rmSync(file, { force: true });
}

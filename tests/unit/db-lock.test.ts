import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, it, expect } from 'vitest';
import { DataDirLockedError, acquireDataDirLock } from '../../src/lib/server/db/lock.ts';

describe('data directory lock', () => {
	let dataDir: string;
	let pidFile: string;
	const children: ChildProcess[] = [];

	beforeEach(() => {
		dataDir = mkdtempSync(path.join(tmpdir(), 'whitespace-lock-'));
		pidFile = path.join(dataDir, 'whitespace.pid');
	});

	afterEach(() => {
		for (const child of children.splice(0)) {
			if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
		}
		rmSync(dataDir, { recursive: true, force: true });
	});

	/** A live process that is not this one, standing in for another Whitespace server. */
	async function liveOtherProcess(): Promise<number> {
		const child = spawn('sleep', ['30'], { stdio: 'ignore' });
		children.push(child);
		await once(child, 'spawn');
		return child.pid!;
	}

	/** The pid of a process that has exited, standing in for a crashed server. */
	async function deadProcessPid(): Promise<number> {
		const child = spawn('true', [], { stdio: 'ignore' });
		await once(child, 'exit');
		return child.pid!;
	}

	it('takes a free directory and writes this process’s pid', () => {
		const lock = acquireDataDirLock(dataDir);
		expect(readFileSync(pidFile, 'utf8')).toBe(String(process.pid));
		lock.release();
	});

	it('removes the pid file on release', () => {
		acquireDataDirLock(dataDir).release();
		expect(existsSync(pidFile)).toBe(false);
	});

	it('can be taken again after release', () => {
		acquireDataDirLock(dataDir).release();
		const lock = acquireDataDirLock(dataDir);
		expect(readFileSync(pidFile, 'utf8')).toBe(String(process.pid));
		lock.release();
	});

	it('refuses a directory held by another live process, naming it and the directory', async () => {
		const pid = await liveOtherProcess();
		writeFileSync(pidFile, String(pid));
		let thrown: unknown;
		try {
			acquireDataDirLock(dataDir);
		} catch (error) {
			thrown = error;
		}
		expect(thrown).toBeInstanceOf(DataDirLockedError);
		const message = (thrown as Error).message;
		expect(message).toContain('Another Whitespace process');
		expect(message).toContain(dataDir);
		expect(message).toContain(String(pid));
		// The other process keeps its lock.
		expect(readFileSync(pidFile, 'utf8')).toBe(String(pid));
	});

	it('takes over a pid file left by a process that has exited', async () => {
		const pid = await deadProcessPid();
		writeFileSync(pidFile, String(pid));
		const lock = acquireDataDirLock(dataDir);
		expect(readFileSync(pidFile, 'utf8')).toBe(String(process.pid));
		lock.release();
		expect(existsSync(pidFile)).toBe(false);
	});

	it.each([
		['empty', ''],
		['garbage', 'not a pid']
	])('takes over an %s pid file', (_label, content) => {
		writeFileSync(pidFile, content);
		const lock = acquireDataDirLock(dataDir);
		expect(readFileSync(pidFile, 'utf8')).toBe(String(process.pid));
		lock.release();
	});

	it('does not delete the pid file on release once another process holds it', async () => {
		const lock = acquireDataDirLock(dataDir);
		const pid = await liveOtherProcess();
		writeFileSync(pidFile, String(pid));
		lock.release();
		expect(readFileSync(pidFile, 'utf8')).toBe(String(pid));
	});
});

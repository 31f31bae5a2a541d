import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { embedded } from '../helpers/backends.ts';
import { startServer } from '../helpers/server.ts';
import { Client } from '../helpers/http.ts';

const run = promisify(execFile);
let cleanup: (() => Promise<void>) | undefined;
afterAll(() => cleanup?.());

describe('npm run seed', () => {
	it('creates a demo organisation whose printed password logs everyone in, once', async () => {
		const prepared = await embedded.prepare();
		cleanup = prepared.cleanup;
		const env = { ...process.env, ...prepared.env };
		delete env.DATABASE_URL;
		delete env.REDIS_URL;
		const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/seed.ts'], { env });
		const password = /password \(shown only now\): (\S+)/.exec(stdout)![1]!;
		expect(stdout).toMatch(/Created 3 teams/);
		const again = await run(process.execPath, ['--import', 'tsx', 'scripts/seed.ts'], { env });
		expect(again.stdout).toMatch(/already there/);

		const server = await startServer(prepared.env);
		try {
			const admin = new Client(server.url);
			const login = await admin.post('/api/v1/auth/login', {
				email: 'admin@demo.whitespace.test',
				password
			});
			expect(login.status).toBe(200);
			const { users } = (await (await admin.get('/api/v1/users')).json()) as {
				users: { role: string; teamId: string | null }[];
			};
			expect(users).toHaveLength(15);
			expect(users.filter((u) => u.role === 'facilitator')).toHaveLength(1);
			expect(users.filter((u) => u.teamId !== null)).toHaveLength(14);
			const { teams } = (await (await admin.get('/api/v1/teams')).json()) as { teams: unknown[] };
			expect(teams).toHaveLength(3);
		} finally {
			await server.stop();
		}
		// A fresh database, sixteen argon2id hashes and a server start: ~26 s on a quiet 2-core
		// machine, so the suite-wide 30 s leaves no margin.
	}, 90_000);
});

import pg from 'pg';
import * as Y from 'yjs';
import { Client } from './http.ts';
import { clusterMap, noteMap } from './board-maps.ts';
import { until, yjsProvider } from './realtime.ts';
import type { Person } from './workshop.ts';
import {
	generateSessionToken,
	SESSION_COOKIE,
	SESSION_LIFETIME_MS,
	sessionIdFromToken
} from '../../src/lib/server/auth/session.ts';
import { newId } from '../../src/lib/server/ids.ts';

/**
 * Many people at once, written straight into the server's Postgres with a login session each:
 * signing up hundreds costs an argon2id hash apiece, which is not what a vote test measures.
 */
export async function insertPeople(
	databaseUrl: string,
	baseUrl: string,
	n: number,
	teamIds: (string | null)[]
): Promise<Person[]> {
	const db = new pg.Client({ connectionString: databaseUrl });
	await db.connect();
	try {
		const people = Array.from({ length: n }, (_, i) => ({
			id: newId(),
			email: `voter-${newId()}@example.com`,
			name: `Voter ${i}`,
			teamId: teamIds[i % teamIds.length] ?? null,
			token: generateSessionToken()
		}));
		const expires = new Date(Date.now() + SESSION_LIFETIME_MS);
		await db.query(
			`insert into users (id, email, name, password_hash, role, team_id)
			 select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])`,
			[
				people.map((p) => p.id),
				people.map((p) => p.email),
				people.map((p) => p.name),
				people.map(() => 'not-a-hash'),
				people.map(() => 'member'),
				people.map((p) => p.teamId)
			]
		);
		await db.query(
			`insert into auth_sessions (id, user_id, expires_at)
			 select s, u, $3 from unnest($1::text[], $2::text[]) as t(s, u)`,
			[people.map((p) => sessionIdFromToken(p.token)), people.map((p) => p.id), expires]
		);
		return people.map((p) => ({
			client: new Client(baseUrl).withCookie(SESSION_COOKIE, p.token),
			user: { id: p.id, name: p.name, teamId: p.teamId, role: 'member' },
			email: p.email
		}));
	} finally {
		await db.end();
	}
}

export interface BoardNoteSpec {
	id: string;
	text: string;
	clusterId?: string;
}

/**
 * Writes notes (and the clusters they name) through the real Yjs endpoint as `person`, and
 * waits until the server's board read shows them.
 */
export async function writeBoard(
	baseUrl: string,
	session: { id: string; boardId: string },
	person: Person,
	notes: BoardNoteSpec[],
	clusters: { id: string; title: string }[] = []
): Promise<void> {
	const doc = new Y.Doc();
	const provider = yjsProvider(baseUrl, session.boardId, doc, person.client.cookieHeader);
	try {
		await until(() => provider.synced, 10_000, 'board synced');
		doc.transact(() => {
			for (const c of clusters)
				doc.getMap('clusters').set(c.id, clusterMap(c.title, { x: 0, y: 0, color: 'blue' }));
			notes.forEach((n, i) => {
				const note = noteMap(n.text, {
					x: i * 10,
					y: 0,
					color: 'yellow',
					authorId: person.user.id,
					teamId: person.user.teamId,
					clusterId: n.clusterId ?? null,
					createdAt: Date.now() + i
				});
				doc.getMap('notes').set(n.id, note);
			});
		});
		for (let attempt = 0; ; attempt++) {
			const res = await person.client.get(`/api/v1/sessions/${session.id}/board`);
			const board = (await res.json()) as { notes: { id: string }[] };
			if (notes.every((n) => board.notes.some((x) => x.id === n.id))) break;
			if (attempt > 100) throw new Error('the notes never reached the server');
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
	} finally {
		provider.destroy();
		doc.destroy();
	}
}

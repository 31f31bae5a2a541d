import type pg from 'pg';
import { Server as EngineServer } from 'engine.io';
import { Server } from 'socket.io';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { beforeAll, describe, expect, it } from 'vitest';
import { servicesBackend } from '../helpers/backends.ts';
import { sessionAtCommit } from '../helpers/vote-fixtures.ts';
import { afterFile, type TestServer } from '../helpers/server.ts';
import { connect, record, type Person } from '../helpers/workshop.ts';
import { closeContext, createContext, type AppContext } from '../../src/lib/server/context.ts';
import { loadConfig } from '../../src/lib/server/config.ts';
import { recordEvent } from '../../src/lib/server/commitments/events.ts';
import { announceNotifications } from '../../src/lib/server/notifications/notify.ts';
import type { Commitment } from '../../src/lib/shared/commitments.ts';
import type { AppNotification } from '../../src/lib/shared/notifications.ts';
import type { ContributionRecord } from '../../src/lib/server/recognition/contributions.ts';
import type { SponsorView } from '../../src/lib/server/sponsor/view.ts';
import { KUDOS_PER_HOUR } from '../../src/lib/server/recognition/kudos.ts';

/**
 * Sponsor view, follows, notifications, kudos and the contribution record on Postgres + Redis.
 * Status changes and check-ins are another change's routes; events here are recorded the way
 * those will record them, through `recordEvent`, by a second node of the app (this process)
 * sharing the server's Postgres and Redis, so the live push crosses nodes as in production.
 */
const backend = servicesBackend();

// Skips only without DATABASE_URL and REDIS_URL (fixtures are written with pg); CI sets both and
// REQUIRE_SERVICES=1, under which servicesBackend() fails instead of skipping.
describe.skipIf(!backend)('sponsor view, notifications and recognition (Postgres + Redis)', () => {
	let server: TestServer;
	let db: pg.Client;
	let node: AppContext;
	let facilitator: Person;
	let sponsor: Person;
	let owner: Person;
	let ada: Person;
	let ben: Person;
	let follower: Person;
	let stranger: Person;
	let challengeId: string;
	let sessionId: string;
	const made: Record<'a' | 'b' | 'c', Commitment> = {} as never;

	const create = async (ideaId: string, ownerId: string, title: string) => {
		const res = await facilitator.client.post(`/api/v1/sessions/${sessionId}/commitments`, {
			ideaId,
			title,
			description: '',
			ownerId,
			dueDate: '2099-06-30',
			metric: { name: 'Hours to first value', unit: 'h', baseline: 72, target: 24 },
			kind: 'pilot',
			nextStep: 'Kick off'
		});
		expect(res.status, await res.clone().text()).toBe(201);
		return ((await res.json()) as { commitment: Commitment }).commitment;
	};
	const del = (who: Person, path: string) => who.client.request('DELETE', path);
	const notificationsOf = async (who: Person) =>
		(await (await who.client.get('/api/v1/notifications')).json()) as {
			notifications: AppNotification[];
			unread: number;
		};

	beforeAll(async () => {
		const atCommit = await sessionAtCommit(backend!);
		({ server, db, sponsor, owner, challengeId } = atCommit);
		const { workshop, session, fixtures } = atCommit;
		facilitator = workshop.facilitator;
		sessionId = session.id;
		ada = await workshop.person('Ada Author', 1);
		ben = await workshop.person('Ben Builder', 0);
		follower = await workshop.person('Fay Follower', 0);
		stranger = await workshop.person('Sid Stranger');

		// A second app node: its emits reach the server's sockets through the Redis adapter.
		node = await createContext(loadConfig({ ...process.env, ...atCommit.env, LOG_LEVEL: 'warn' }));
		const io = new Server();
		io.bind(new EngineServer());
		io.adapter(createAdapter(node.redis!, { streamName: `${node.config.REDIS_PREFIX}socket.io` }));
		node.sockets = {
			...node.sockets,
			emit: (room, event, ...args) => io.to(room).emit(event, ...args)
		};
		afterFile(async () => {
			await new Promise<void>((resolve) => io.close(() => resolve()));
			await closeContext(node);
		});

		await fixtures.idea(sessionId, 'idea-a', 'Guided setup', 0, [ada, ben]);
		await fixtures.idea(sessionId, 'idea-b', 'Setup checklist', 1, [ada]);
		await fixtures.idea(sessionId, 'idea-c', 'Welcome call', 2, [ben]);
		await fixtures.idea(sessionId, 'idea-d', 'Nobody voted', 3, [ben]);
		await fixtures.vote(sessionId, owner, { 'idea-a': 3, 'idea-b': 1 });
		await fixtures.vote(sessionId, sponsor, { 'idea-c': 2 });
		for (const [i, person] of [ada, ben, owner, sponsor].entries()) {
			await fixtures.attended(sessionId, person, 60_000);
			await db.query(
				`insert into note_authors (board_id, note_id, user_id, team_id) values ($1, $2, $3, $4)`,
				[session.boardId, `n${i}`, person.user.id, person.user.teamId]
			);
		}
		made.a = await create('idea-a', owner.user.id, 'Guided setup pilot');
		made.b = await create('idea-b', ada.user.id, 'Checklist rollout');
		made.c = await create('idea-c', owner.user.id, 'Welcome calls');
	}, 90_000);

	it('lets anyone follow what they can see, and refuses the rest', async () => {
		const target = { targetKind: 'commitment', targetId: made.a.id };
		const followed = await follower.client.post('/api/v1/follows', target);
		expect(followed.status).toBe(200);
		expect(await followed.json()).toEqual({ follow: target, following: true });
		// Following twice is following.
		expect((await follower.client.post('/api/v1/follows', target)).status).toBe(200);
		expect(await (await follower.client.get('/api/v1/follows')).json()).toEqual({
			follows: [target]
		});

		const refused = await stranger.client.post('/api/v1/follows', target);
		expect(refused.status).toBe(403);
		const bad = await follower.client.post('/api/v1/follows', {
			targetKind: 'team',
			targetId: 'x'
		});
		expect(bad.status).toBe(400);
		expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('invalid_input');
		const missing = await follower.client.post('/api/v1/follows', {
			targetKind: 'challenge',
			targetId: 'nope'
		});
		expect(missing.status).toBe(404);
	});

	it('notifies the follower and the sponsor of a status change, live, but not the actor', async () => {
		const fay = await connect(server.url, follower);
		const olu = await connect(server.url, owner);
		try {
			const heardByFay = record<{ notification: AppNotification }>(fay, 'notification:new');
			const heardByOlu = record<{ notification: AppNotification }>(olu, 'notification:new');
			const told = await node.db.transaction((tx) =>
				recordEvent(tx, {
					commitmentId: made.a.id,
					actorId: owner.user.id,
					kind: 'status',
					detail: { from: 'committed', to: 'blocked' }
				})
			);
			announceNotifications(node, told);
			await expect.poll(() => heardByFay.length).toBe(1);
			expect(heardByFay[0]!.notification).toMatchObject({
				kind: 'status',
				commitmentId: made.a.id,
				actorId: owner.user.id,
				text: 'Olu Owner moved to blocked on “Guided setup pilot”',
				read: false
			});

			const fays = await notificationsOf(follower);
			expect(fays.unread).toBe(1);
			expect(fays.notifications).toEqual([heardByFay[0]!.notification]);
			expect((await notificationsOf(sponsor)).unread).toBe(1);
			expect(await notificationsOf(owner)).toEqual({ notifications: [], unread: 0 });
			expect(heardByOlu).toEqual([]);
			const [{ n }] = (
				await db.query(
					`select count(*)::int as n from commitment_events where commitment_id = $1 and kind = 'status'`,
					[made.a.id]
				)
			).rows;
			expect(n).toBe(1);
		} finally {
			fay.close();
			olu.close();
		}
	});

	it('writes nothing, and tells nobody, when the change rolls back', async () => {
		const before = (await notificationsOf(follower)).notifications.length;
		await expect(
			node.db.transaction(async (tx) => {
				await recordEvent(tx, {
					commitmentId: made.a.id,
					actorId: owner.user.id,
					kind: 'check_in',
					detail: { status: 'blocked' }
				});
				throw new Error('the check-in failed after the event');
			})
		).rejects.toThrow('the check-in failed');
		expect((await notificationsOf(follower)).notifications.length).toBe(before);
	});

	it('marks notifications read: only your own, and then the count is zero', async () => {
		const { notifications } = await notificationsOf(follower);
		// Someone else's id is ignored, not an error and not a leak.
		const other = await sponsor.client.post('/api/v1/notifications/read', {
			ids: [notifications[0]!.id]
		});
		expect(await other.json()).toEqual({ unread: 1 });
		const marked = await follower.client.post('/api/v1/notifications/read', {
			ids: [notifications[0]!.id]
		});
		expect(await marked.json()).toEqual({ unread: 0 });
		expect((await notificationsOf(follower)).notifications[0]!.read).toBe(true);
		const bad = await follower.client.post('/api/v1/notifications/read', { ids: 'all' });
		expect(bad.status).toBe(400);
	});

	it('tells the follower live when the owner checks in over HTTP', async () => {
		const fay = await connect(server.url, follower);
		try {
			const heard = record<{ notification: AppNotification }>(fay, 'notification:new');
			const res = await owner.client.post(`/api/v1/commitments/${made.c.id}/check-ins`, {
				status: 'in_progress',
				note: 'First calls booked',
				confidence: 4
			});
			expect(res.status, await res.clone().text()).toBe(200);
			// Fay follows only commitment a: nothing. Following c, she hears the next one.
			expect(
				(
					await follower.client.post('/api/v1/follows', {
						targetKind: 'commitment',
						targetId: made.c.id
					})
				).status
			).toBe(200);
			const again = await owner.client.post(`/api/v1/commitments/${made.c.id}/check-ins`, {
				status: 'in_progress',
				note: 'Ten calls done',
				confidence: 4
			});
			expect(again.status).toBe(200);
			await expect.poll(() => heard.length).toBe(1);
			expect(heard[0]!.notification.text).toBe(
				'Olu Owner checked in (in progress) on “Welcome calls”'
			);
			await follower.client.post('/api/v1/notifications/read', {
				ids: [heard[0]!.notification.id]
			});
			await del(follower, `/api/v1/follows?targetKind=commitment&targetId=${made.c.id}`);
		} finally {
			fay.close();
		}
	});

	it('gives kudos to someone named on the work, and refuses the rest with reasons', async () => {
		const kudos = (who: Person, body: unknown) => who.client.post('/api/v1/kudos', body);
		const adaSocket = await connect(server.url, ada);
		try {
			const heard = record<{ notification: AppNotification }>(adaSocket, 'notification:new');
			const given = await kudos(owner, {
				toUserId: ada.user.id,
				commitmentId: made.a.id,
				text: 'Your note started this.'
			});
			expect(given.status).toBe(201);
			await expect.poll(() => heard.length).toBe(1);
			expect(heard[0]!.notification).toMatchObject({
				kind: 'kudos',
				text: 'Olu Owner thanked you for “Guided setup pilot”: Your note started this.'
			});
			expect(
				(await kudos(ben, { toUserId: ada.user.id, ideaId: 'idea-b', text: 'Neat' })).status
			).toBe(201);
		} finally {
			adaSocket.close();
		}
		const status = async (who: Person, body: unknown) => (await kudos(who, body)).status;
		expect(await status(ada, { toUserId: ada.user.id, commitmentId: made.a.id, text: 'Me!' })).toBe(
			400
		);
		expect(await status(owner, { toUserId: ada.user.id, text: 'On nothing' })).toBe(400);
		expect(
			await status(owner, {
				toUserId: ada.user.id,
				commitmentId: made.a.id,
				ideaId: 'idea-a',
				text: 'x'
			})
		).toBe(400);
		expect(
			await status(owner, { toUserId: ada.user.id, commitmentId: made.a.id, text: '  ' })
		).toBe(400);
		// Fay is named on nothing: thanks stay attached to work.
		expect(
			await status(owner, { toUserId: follower.user.id, commitmentId: made.a.id, text: 'Hi' })
		).toBe(400);
		expect(
			await status(stranger, { toUserId: ada.user.id, commitmentId: made.a.id, text: 'Hi' })
		).toBe(403);
		expect(await status(owner, { toUserId: 'nobody', commitmentId: made.a.id, text: 'Hi' })).toBe(
			404
		);
	});

	it('limits how many kudos one person gives in an hour', async () => {
		const body = { toUserId: ben.user.id, ideaId: 'idea-c', text: 'Thanks' };
		for (let i = 0; i < KUDOS_PER_HOUR; i++) {
			expect((await follower.client.post('/api/v1/kudos', body)).status).toBe(201);
		}
		const limited = await follower.client.post('/api/v1/kudos', body);
		expect(limited.status).toBe(429);
		expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
		await db.query('delete from kudos where from_user_id = $1', [follower.user.id]);
	});

	it('derives Ada’s contribution record exactly', async () => {
		await db.query(`update commitments set status = 'delivered' where id = $1`, [made.b.id]);
		const res = await sponsor.client.get(`/api/v1/users/${ada.user.id}/contributions`);
		expect(res.status).toBe(200);
		const record = (await res.json()) as ContributionRecord;
		const kudosTimes = record.kudos.map((k) => k.createdAt);
		const ofTheChallenge = {
			challengeId,
			challengeTitle: 'Halve onboarding time',
			quarter: expect.stringMatching(/^\d{4}-Q[1-4]$/)
		};
		expect(record).toEqual({
			person: { id: ada.user.id, name: 'Ada Author', teamName: expect.any(String) },
			counts: {
				ideasWritten: 2,
				ideasCommitted: 2,
				ideasDelivered: 1,
				crossTeamBuilds: 1,
				commitmentsOwned: 1,
				commitmentsDelivered: 1,
				kudosReceived: 2
			},
			ideas: [
				{
					...ofTheChallenge,
					id: 'idea-a',
					title: 'Guided setup',
					commitment: { id: made.a.id, title: 'Guided setup pilot', status: 'committed' },
					crossTeamNotes: 1
				},
				{
					...ofTheChallenge,
					id: 'idea-b',
					title: 'Setup checklist',
					commitment: { id: made.b.id, title: 'Checklist rollout', status: 'delivered' },
					crossTeamNotes: 0
				}
			],
			commitments: [
				{
					id: made.b.id,
					title: 'Checklist rollout',
					status: 'delivered',
					dueDate: '2099-06-30',
					challengeTitle: 'Halve onboarding time',
					quarter: expect.stringMatching(/^\d{4}-Q[1-4]$/)
				}
			],
			kudos: [
				{
					id: expect.any(String),
					fromUserId: ben.user.id,
					fromName: 'Ben Builder',
					text: 'Neat',
					commitmentId: null,
					ideaId: 'idea-b',
					createdAt: kudosTimes[0]
				},
				{
					id: expect.any(String),
					fromUserId: owner.user.id,
					fromName: 'Olu Owner',
					text: 'Your note started this.',
					commitmentId: made.a.id,
					ideaId: null,
					createdAt: kudosTimes[1]
				}
			]
		});
		// Someone who may not see the challenge sees the person, not the work.
		const outside = (await (
			await stranger.client.get(`/api/v1/users/${ada.user.id}/contributions`)
		).json()) as ContributionRecord;
		expect(outside.ideas).toEqual([]);
		expect(outside.counts.ideasWritten).toBe(0);

		const csv = await ada.client.get(`/api/v1/users/${ada.user.id}/contributions?format=csv`);
		expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
		const lines = (await csv.text()).trim().split('\n');
		expect(lines[0]).toBe('kind,title,challenge,quarter,status,note');
		expect(lines).toHaveLength(1 + 2 + 1 + 2);
		expect((await ada.client.get('/api/v1/users/nobody/contributions')).status).toBe(404);
	});

	it('lists the sponsor’s work blocked first, then overdue, with the funnel', async () => {
		await db.query(`update commitments set due_date = '2020-01-01' where id = $1`, [made.c.id]);
		await db.query(
			`insert into value_records (id, commitment_id, author_id, amount_minor, evidence, status)
			 values ('v1', $1, $2, 100000, 'Invoice', 'confirmed')`,
			[made.b.id, ada.user.id]
		);
		const view = (await (await sponsor.client.get('/api/v1/sponsor')).json()) as SponsorView;
		expect(view.commitments.map((c) => [c.commitment.title, c.commitment.flags])).toEqual([
			['Welcome calls', ['overdue']],
			['Checklist rollout', []],
			['Guided setup pilot', []]
		]);
		await db.query(`update commitments set status = 'blocked' where id = $1`, [made.a.id]);
		const again = (await (await sponsor.client.get('/api/v1/sponsor')).json()) as SponsorView;
		expect(again.commitments.map((c) => c.commitment.title)).toEqual([
			'Guided setup pilot',
			'Welcome calls',
			'Checklist rollout'
		]);
		const funnel = {
			participants: 4,
			notes: 4,
			ideas: 4,
			votedIdeas: 3,
			commitments: 3,
			delivered: 1,
			valueConfirmed: 1
		};
		expect(again.challenges).toEqual([
			{
				id: challengeId,
				title: 'Halve onboarding time',
				quarter: expect.any(String),
				status: 'open',
				relation: 'sponsor',
				funnel
			}
		]);
		expect(again.quarters).toEqual([{ quarter: again.challenges[0]!.quarter, funnel }]);
		expect(again.page).toEqual({ page: 1, size: 50, total: 3 });
		// Past the last page, the list is empty but the total still says what is watched.
		const past = (await (await sponsor.client.get('/api/v1/sponsor?page=2')).json()) as SponsorView;
		expect(past.commitments).toEqual([]);
		expect(past.page.total).toBe(3);
		for (const page of ['0', 'two', '1.5']) {
			const res = await sponsor.client.get(`/api/v1/sponsor?page=${page}`);
			expect(res.status).toBe(400);
			expect((await res.json()).error.message).toMatch(/page is a whole number/);
		}
		// A follower's view holds what they follow, and nothing of the challenge's other work.
		const fays = (await (await follower.client.get('/api/v1/sponsor')).json()) as SponsorView;
		expect(fays.challenges).toEqual([]);
		expect(fays.commitments.map((c) => [c.commitment.id, c.relation])).toEqual([
			[made.a.id, 'follower']
		]);
	});

	it('counts explicit follows in role=follower, and a challenge follow covers its commitments', async () => {
		const ids = async () =>
			(
				(await (await follower.client.get('/api/v1/commitments?role=follower')).json()) as {
					commitments: Commitment[];
				}
			).commitments
				.map((c) => c.id)
				.sort();
		expect(await ids()).toEqual([made.a.id]);
		expect(
			(
				await follower.client.post('/api/v1/follows', {
					targetKind: 'challenge',
					targetId: challengeId
				})
			).status
		).toBe(200);
		expect(await ids()).toEqual([made.a.id, made.b.id, made.c.id].sort());
		const gone = await del(
			follower,
			`/api/v1/follows?targetKind=challenge&targetId=${challengeId}`
		);
		expect(await gone.json()).toEqual({
			follow: { targetKind: 'challenge', targetId: challengeId },
			following: false
		});
		expect(await ids()).toEqual([made.a.id]);
	});

	it('serves an integration with a personal API token: challenges, sessions, commitments', async () => {
		const created = await follower.client.post('/api/v1/tokens', { name: 'Tracker sync' });
		const { token } = (await created.json()) as { token: string };
		const bearer = async (path: string) => {
			const res = await fetch(`${server.url}${path}`, {
				headers: { authorization: `Bearer ${token}` }
			});
			expect(res.status, path).toBe(200);
			return res.json() as Promise<Record<string, unknown>>;
		};
		const { challenges } = (await bearer('/api/v1/challenges')) as { challenges: { id: string }[] };
		expect(challenges.map((c) => c.id)).toContain(challengeId);
		const { sessions } = (await bearer(`/api/v1/challenges/${challengeId}/sessions`)) as {
			sessions: { id: string; challengeId: string }[];
		};
		expect(sessions.map((s) => s.id)).toEqual([sessionId]);
		const { commitments } = (await bearer('/api/v1/commitments?role=follower')) as {
			commitments: Commitment[];
		};
		expect(commitments.map((c) => c.id)).toEqual([made.a.id]);
		const { commitment } = (await bearer(`/api/v1/commitments/${made.a.id}`)) as {
			commitment: Commitment;
		};
		expect(commitment).toMatchObject({ id: made.a.id, status: 'blocked', flags: ['blocked'] });
		const { unread } = (await bearer('/api/v1/notifications')) as { unread: number };
		expect(unread).toBe(0);
		// The stranger's token reads no further than the stranger.
		const theirs = await stranger.client.post('/api/v1/tokens', { name: 'Nosy' });
		const other = (await theirs.json()) as { token: string };
		const refused = await fetch(`${server.url}/api/v1/commitments/${made.a.id}`, {
			headers: { authorization: `Bearer ${other.token}` }
		});
		expect(refused.status).toBe(403);
	});
});

import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../helpers/backends.ts';
import { serveWorkshop, type Workshop } from '../helpers/workshop.ts';

interface ChallengeBody {
	challenge: Record<string, unknown> & { id: string };
}

describe.each(backends())('challenges on $name', (backend) => {
	let w: Workshop;

	beforeAll(async () => {
		({ w } = await serveWorkshop(backend));
	});

	it('creates a draft challenge with the documented defaults', async () => {
		const res = await w.facilitator.client.post('/api/v1/challenges', {
			title: 'Fewer support tickets',
			question: 'How might customers solve billing questions themselves?'
		});
		expect(res.status).toBe(201);
		const { challenge } = (await res.json()) as ChallengeBody;
		expect(challenge).toMatchObject({
			status: 'draft',
			audience: 'everyone',
			voteBudget: 5,
			voteCap: 3,
			privateWriting: false,
			anonymousNotes: false,
			invitedTeamIds: [],
			invitedUserIds: [],
			sponsorId: null,
			facilitatorId: w.facilitator.user.id,
			whyItMatters: ''
		});
		expect(challenge.quarter).toMatch(/^\d{4}-Q[1-4]$/);
		expect(challenge.id.length).toBeGreaterThanOrEqual(20);
		expect(Object.keys(challenge).sort()).toEqual(
			[
				'id',
				'title',
				'question',
				'whyItMatters',
				'quarter',
				'status',
				'audience',
				'invitedTeamIds',
				'invitedUserIds',
				'sponsorId',
				'facilitatorId',
				'voteBudget',
				'voteCap',
				'privateWriting',
				'anonymousNotes'
			].sort()
		);
	});

	it('lets only facilitators and admins create challenges', async () => {
		const member = await w.person('Mo Member', 1);
		const res = await member.client.post('/api/v1/challenges', {
			title: 'Mine',
			question: 'Can I make one?'
		});
		expect(res.status).toBe(403);
	});

	it('shows an invited-only challenge to invited teams and people, and to nobody else', async () => {
		const inTeam = await w.person('Tia Team', 1);
		const named = await w.person('Ned Named');
		const outsider = await w.person('Otto Outsider', 0);
		const challenge = await w.createChallenge({
			title: 'Secret pricing experiment',
			audience: 'invited',
			invitedTeamIds: [w.teams[1]!.id],
			invitedUserIds: [named.user.id]
		});
		for (const person of [inTeam, named]) {
			expect((await person.client.get(`/api/v1/challenges/${challenge.id}`)).status).toBe(200);
		}
		const refused = await outsider.client.get(`/api/v1/challenges/${challenge.id}`);
		expect(refused.status).toBe(403);
		const list = await (await outsider.client.get('/api/v1/challenges')).text();
		expect(list).not.toContain('Secret pricing experiment');
		const calendar = await (await outsider.client.get('/api/v1/calendar')).text();
		expect(calendar).not.toContain('Secret pricing experiment');
		expect((await outsider.client.get('/api/v1/challenges/does-not-exist')).status).toBe(404);
	});

	it('keeps drafts to the people preparing them', async () => {
		const member = await w.person('Dee Draft', 0);
		const draft = await w.createChallenge({ title: 'Draft idea', status: 'draft' });
		expect((await member.client.get(`/api/v1/challenges/${draft.id}`)).status).toBe(403);
		expect((await w.admin.client.get(`/api/v1/challenges/${draft.id}`)).status).toBe(200);
	});

	it('moves status forward only', async () => {
		const c = await w.createChallenge({ status: 'draft' });
		const open = await w.facilitator.client.patch(`/api/v1/challenges/${c.id}`, { status: 'open' });
		expect(open.status).toBe(200);
		const back = await w.facilitator.client.patch(`/api/v1/challenges/${c.id}`, {
			status: 'draft'
		});
		expect(back.status).toBe(409);
		const closed = await w.facilitator.client.patch(`/api/v1/challenges/${c.id}`, {
			status: 'closed'
		});
		expect(((await closed.json()) as ChallengeBody).challenge.status).toBe('closed');
	});

	it('lets only its facilitator or an admin edit a challenge', async () => {
		const c = await w.createChallenge();
		const member = await w.person('Eve Editor', 0);
		expect(
			(await member.client.patch(`/api/v1/challenges/${c.id}`, { title: 'Hijacked' })).status
		).toBe(403);
		const edit = await w.admin.client.patch(`/api/v1/challenges/${c.id}`, {
			title: 'Renamed by admin',
			voteBudget: 8,
			voteCap: 4
		});
		expect(edit.status).toBe(200);
		expect(await edit.json()).toMatchObject({
			challenge: { title: 'Renamed by admin', voteBudget: 8, voteCap: 4 }
		});
	});

	it('refuses bad challenge input with 400 and changes nothing', async () => {
		const c = await w.createChallenge({ title: 'Stable title' });
		const cases: Record<string, unknown>[] = [
			{ quarter: '2027-Q5' },
			{ voteCap: 9 },
			{ voteBudget: 0 },
			{ audience: 'aliens' },
			{ invitedTeamIds: ['no-such-team'] },
			{ sponsorId: 'nobody' },
			{ facilitatorId: w.admin.user.id, surprise: true },
			{}
		];
		for (const body of cases) {
			const res = await w.facilitator.client.patch(`/api/v1/challenges/${c.id}`, {
				title: 'Changed',
				...body
			});
			expect(res.status, JSON.stringify(body)).toBe(body && Object.keys(body).length ? 400 : 200);
			if (Object.keys(body).length) {
				expect(await res.json()).toMatchObject({ error: { code: 'invalid_input' } });
			}
		}
		const member = await w.person('Mia Member', 0);
		const notFacilitator = await w.facilitator.client.patch(`/api/v1/challenges/${c.id}`, {
			facilitatorId: member.user.id
		});
		expect(notFacilitator.status).toBe(400);
	});

	it('refuses a cap above the budget on create, naming voteCap', async () => {
		const res = await w.facilitator.client.post('/api/v1/challenges', {
			title: 'Too many dots per idea',
			question: 'How might we vote with more dots than we have?',
			voteBudget: 2
		});
		expect(res.status).toBe(400);
		expect(await res.json()).toMatchObject({
			error: { code: 'invalid_input', fields: { voteCap: expect.any(String) } }
		});
	});

	it('refuses a dots change while one of its sessions is voting, and allows it after', async () => {
		const c = await w.createChallenge({ voteBudget: 5, voteCap: 3 });
		const s = await w.startSession(c.id);
		for (const to of ['diverge', 'cluster', 'vote']) {
			const res = await w.facilitator.client.post(`/api/v1/sessions/${s.id}/stage`, { to });
			expect(res.status, to).toBe(200);
		}
		const during = await w.facilitator.client.patch(`/api/v1/challenges/${c.id}`, {
			voteBudget: 9
		});
		expect(during.status).toBe(409);
		expect(await during.json()).toMatchObject({
			error: { code: 'conflict', fields: { voteBudget: expect.any(String) } }
		});
		const rename = await w.facilitator.client.patch(`/api/v1/challenges/${c.id}`, {
			title: 'Renamed while voting',
			voteBudget: 5
		});
		expect(rename.status).toBe(200);
		await w.facilitator.client.post(`/api/v1/sessions/${s.id}/stage`, { to: 'commit' });
		const after = await w.facilitator.client.patch(`/api/v1/challenges/${c.id}`, {
			voteBudget: 9
		});
		expect(after.status).toBe(200);
	});

	it('groups the calendar by quarter with each challenge’s sessions', async () => {
		const a = await w.createChallenge({ title: 'Q1 challenge', quarter: '2031-Q1' });
		await w.createChallenge({ title: 'Q2 challenge', quarter: '2031-Q2' });
		await w.startSession(a.id);
		const { quarters } = (await (await w.facilitator.client.get('/api/v1/calendar')).json()) as {
			quarters: {
				quarter: string;
				entries: {
					challenge: { title: string };
					sessions: unknown[];
					outcomes: { sessions: number };
				}[];
			}[];
		};
		const names = quarters.map((q) => q.quarter);
		expect(names.indexOf('2031-Q2')).toBeLessThan(names.indexOf('2031-Q1'));
		const q1 = quarters.find((q) => q.quarter === '2031-Q1')!;
		expect(q1.entries[0]).toMatchObject({
			challenge: { title: 'Q1 challenge' },
			outcomes: { sessions: 1 }
		});
		expect(q1.entries[0]!.sessions).toHaveLength(1);
	});
});

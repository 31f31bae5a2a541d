import type { Socket } from 'socket.io-client';
import { Client, signUp } from './http.ts';
import { socketClient } from './realtime.ts';
import type { Backend } from './backends.ts';
import { serveFresh, serveNodes } from './server.ts';
import type { Ack, JoinedSession } from '../../src/lib/shared/realtime.ts';
import { applyDelta, viewFromSnapshot, type PresenceDelta } from '../../src/lib/shared/presence.ts';

export interface Person {
	client: Client;
	user: { id: string; name: string; teamId: string | null; role: string };
	email: string;
}

export interface Workshop {
	admin: Person;
	facilitator: Person;
	teams: { id: string; name: string }[];
	/** Signs up someone new in the given team (index into `teams`), or without a team. */
	person(name: string, team?: number): Promise<Person>;
	/** Signs up two people from different teams: `first` in the first team, `second` in the second. */
	oneFromEachTeam(first: string, second: string): Promise<[Person, Person]>;
	createChallenge(
		body?: Record<string, unknown>
	): Promise<{ id: string } & Record<string, unknown>>;
	startSession(
		challengeId: string
	): Promise<{ id: string; joinCode: string; boardId: string; stage: string }>;
	/** Moves the session through `stages` in order, as its facilitator; throws on a refusal. */
	toStage(sessionId: string, ...stages: string[]): Promise<void>;
	/** A live session of a new open challenge inviting only the teams at these indexes. */
	invitedSession(
		...teams: number[]
	): Promise<{ id: string; joinCode: string; boardId: string; challengeId: string }>;
}

/**
 * A fresh server's first account is its admin; this makes an admin, two teams and a facilitator
 * so suites start from a realistic organisation.
 */
export async function setUpWorkshop(baseUrl: string): Promise<Workshop> {
	const admin = (await signUp(baseUrl, { name: 'Avery Admin' })) as Person;
	const teams: { id: string; name: string }[] = [];
	for (const name of ['Payments', 'Growth']) {
		const res = await admin.client.post('/api/v1/teams', {
			name: `${name} ${Math.random().toString(36).slice(2, 6)}`
		});
		teams.push(((await res.json()) as { team: { id: string; name: string } }).team);
	}
	const person = async (name: string, team?: number): Promise<Person> =>
		(await signUp(baseUrl, {
			name,
			...(team !== undefined ? { team: teams[team]!.id } : {})
		})) as Person;
	const facilitator = await person('Fran Facilitator', 0);
	await admin.client.patch(`/api/v1/users/${facilitator.user.id}`, { role: 'facilitator' });
	const workshop: Workshop = {
		admin,
		facilitator,
		teams,
		person,
		async oneFromEachTeam(first, second) {
			return [await person(first, 0), await person(second, 1)];
		},
		async createChallenge(body = {}) {
			const res = await facilitator.client.post('/api/v1/challenges', {
				title: 'Halve onboarding time',
				question: 'How might we get new customers live in a day?',
				status: 'open',
				...body
			});
			if (res.status !== 201) throw new Error(`challenge: ${res.status} ${await res.text()}`);
			return ((await res.json()) as { challenge: { id: string } & Record<string, unknown> })
				.challenge;
		},
		async startSession(challengeId) {
			const res = await facilitator.client.post(`/api/v1/challenges/${challengeId}/sessions`);
			if (res.status !== 201) throw new Error(`session: ${res.status} ${await res.text()}`);
			return (
				(await res.json()) as {
					session: { id: string; joinCode: string; boardId: string; stage: string };
				}
			).session;
		},
		async invitedSession(...indexes) {
			const challenge = await workshop.createChallenge({
				audience: 'invited',
				invitedTeamIds: indexes.map((i) => teams[i]!.id)
			});
			return { ...(await workshop.startSession(challenge.id)), challengeId: challenge.id };
		},
		async toStage(sessionId, ...stages) {
			for (const to of stages) {
				const res = await facilitator.client.post(`/api/v1/sessions/${sessionId}/stage`, { to });
				if (res.status !== 200) throw new Error(`stage ${to}: ${res.status} ${await res.text()}`);
			}
		}
	};
	return workshop;
}

/** A server on a fresh store of `backend` (stopped after the file) and a workshop on it. */
export async function serveWorkshop(backend: Backend, extraEnv: Record<string, string> = {}) {
	const server = await serveFresh(backend, extraEnv);
	return { server, w: await setUpWorkshop(server.url) };
}

/**
 * `count` nodes sharing one fresh store of `backend` (stopped after the file, as `serveNodes`
 * does) and a workshop set up through the first.
 */
export async function workshopOnNodes(
	backend: Backend,
	count: number,
	extraEnv: Record<string, string> = {}
) {
	const served = await serveNodes(backend, count, extraEnv);
	return { ...served, w: await setUpWorkshop(served.nodes[0]!.url) };
}

/** Sends a socket command and resolves with its ack. */
export function command<T extends object = object>(
	socket: Socket,
	event: string,
	payload: unknown
): Promise<Ack<T>> {
	return new Promise((resolve) => socket.emit(event, payload, resolve));
}

export async function connect(baseUrl: string, person: Person): Promise<Socket> {
	const socket = socketClient(baseUrl, person.client.cookieHeader);
	await new Promise<void>((resolve, reject) => {
		socket.once('ready', () => resolve());
		socket.once('connect_error', reject);
	});
	return socket;
}

export async function joinLive(baseUrl: string, person: Person, sessionId: string) {
	const socket = await connect(baseUrl, person);
	const ack = await command<JoinedSession>(socket, 'session:join', { sessionId });
	if (!ack.ok) throw new Error(`join refused: ${ack.error.message}`);
	return { socket, joined: ack };
}

/** Collects every event of one name a socket receives. */
export function record<T>(socket: Socket, event: string): T[] {
	const seen: T[] = [];
	socket.on(event, (payload: T) => seen.push(payload));
	return seen;
}

/**
 * A socket's view of the session's presence, kept the way the browser keeps it: the join
 * answer's snapshot, then every `presence:delta` merged by the shared rule. `joined` starts
 * it again from a join answer, with the deltas that raced the answer merged on top.
 */
export function watchPresence(
	socket: Socket,
	sessionId: string,
	joined: Pick<JoinedSession, 'connections' | 'presenceSeq'> = { connections: [], presenceSeq: 0 }
) {
	let view = viewFromSnapshot(joined.connections, joined.presenceSeq);
	const deltas: PresenceDelta[] = [];
	socket.on('presence:delta', (delta: PresenceDelta) => {
		if (delta.sessionId !== sessionId) return;
		deltas.push(delta);
		applyDelta(view, delta);
	});
	return {
		get view() {
			return view;
		},
		deltas,
		joined(answer: Pick<JoinedSession, 'connections' | 'presenceSeq'>) {
			view = viewFromSnapshot(answer.connections, answer.presenceSeq);
			for (const delta of deltas) applyDelta(view, delta);
		},
		users: () => [...new Set([...view.connections.values()].map((c) => c.userId))].sort(),
		has: (connectionId: string) => view.connections.has(connectionId)
	};
}

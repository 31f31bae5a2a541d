import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { followUnread, type ServerUnread, type UnreadSocket } from '../../src/lib/client/unread.ts';

function fakeSocket() {
	const socket = new EventEmitter();
	const manager = new EventEmitter();
	return { socket, manager, unreadSocket: Object.assign(socket, { io: manager }) as UnreadSocket };
}

function follow(readUnread: () => Promise<ServerUnread | null>, start = 2) {
	const fake = fakeSocket();
	let count = start;
	const stop = followUnread(fake.unreadSocket, readUnread, (next) => (count = next(count)));
	return { ...fake, stop, count: () => count };
}

const server =
	(unread: number, ids: string[] = []) =>
	async () => ({ unread, ids });
const live = (id: string) => ({ notification: { id } });

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('the unread count', () => {
	it('counts one more for each notification heard live', () => {
		const bell = follow(server(0));
		bell.socket.emit('notification:new', live('a'));
		bell.socket.emit('notification:new', live('b'));
		expect(bell.count()).toBe(4);
	});

	it('takes the server’s count after a reconnect, since what came while down was not heard', async () => {
		const bell = follow(server(7));
		bell.socket.emit('notification:new', live('a'));
		bell.manager.emit('reconnect');
		await settle();
		expect(bell.count()).toBe(7);
	});

	it('keeps its count when the server cannot be reached after a reconnect', async () => {
		const bell = follow(async () => null);
		bell.manager.emit('reconnect');
		await settle();
		expect(bell.count()).toBe(2);
	});

	it('counts a notification heard while the count is read once, whichever came first', async () => {
		// The server counted it: it is among the ids listed with the count.
		let answer!: (value: ServerUnread) => void;
		const bell = follow(() => new Promise((resolve) => (answer = resolve)), 0);
		bell.manager.emit('reconnect');
		bell.socket.emit('notification:new', live('x'));
		answer({ unread: 3, ids: ['x', 'y', 'z'] });
		await settle();
		expect(bell.count()).toBe(3);
		// The server counted before it was created: the count is one more than the server's.
		bell.manager.emit('reconnect');
		bell.socket.emit('notification:new', live('w'));
		answer({ unread: 3, ids: ['x', 'y', 'z'] });
		await settle();
		expect(bell.count()).toBe(4);
		// Heard after the read answered: simply one more.
		bell.socket.emit('notification:new', live('v'));
		expect(bell.count()).toBe(5);
	});

	it('stops listening when stopped', async () => {
		const bell = follow(server(9));
		bell.stop();
		bell.socket.emit('notification:new', live('a'));
		bell.manager.emit('reconnect');
		await settle();
		expect(bell.count()).toBe(2);
		expect(bell.socket.listenerCount('notification:new')).toBe(0);
		expect(bell.manager.listenerCount('reconnect')).toBe(0);
	});
});

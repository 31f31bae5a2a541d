import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { followUnread, type UnreadSocket } from '../../src/lib/client/unread.ts';

function fakeSocket() {
	const socket = new EventEmitter();
	const manager = new EventEmitter();
	return { socket, manager, unreadSocket: Object.assign(socket, { io: manager }) as UnreadSocket };
}

function follow(readCount: () => Promise<number | null>, start = 2) {
	const fake = fakeSocket();
	let count = start;
	const stop = followUnread(fake.unreadSocket, readCount, (next) => (count = next(count)));
	return { ...fake, stop, count: () => count };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('the unread count', () => {
	it('counts one more for each notification heard live', () => {
		const bell = follow(async () => 0);
		bell.socket.emit('notification:new');
		bell.socket.emit('notification:new');
		expect(bell.count()).toBe(4);
	});

	it('takes the server’s count after a reconnect, since what came while down was not heard', async () => {
		const bell = follow(async () => 7);
		bell.socket.emit('notification:new');
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

	it('stops listening when stopped', async () => {
		const bell = follow(async () => 9);
		bell.stop();
		bell.socket.emit('notification:new');
		bell.manager.emit('reconnect');
		await settle();
		expect(bell.count()).toBe(2);
		expect(bell.socket.listenerCount('notification:new')).toBe(0);
		expect(bell.manager.listenerCount('reconnect')).toBe(0);
	});
});

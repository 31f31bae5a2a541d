import type { ChainableCommander } from 'ioredis';

/**
 * The presence store's Lua scripts: each numbers a change and makes it in one atomic step, so
 * a snapshot (entries and counter read together) holds exactly the changes numbered up to its
 * sequence number. The sweep touches room keys it derives from the node's hash; that is fine on
 * one Redis, which is what the app runs on (no cluster).
 */
export const REDIS_SCRIPTS = {
	/** KEYS room, seq, node; ARGV connection id, room name, entry JSON → the put's number. */
	presencePut: {
		numberOfKeys: 3,
		lua: `
local seq = redis.call('INCR', KEYS[2])
redis.call('HSET', KEYS[1], ARGV[1], string.sub(ARGV[3], 1, -2) .. ',"seq":' .. seq .. '}')
redis.call('HSET', KEYS[3], ARGV[1], ARGV[2])
return seq`
	},
	/** KEYS room, seq, node; ARGV connection id → the removal's number, 0 if it was gone. */
	presenceRemove: {
		numberOfKeys: 3,
		lua: `
redis.call('HDEL', KEYS[3], ARGV[1])
if redis.call('HDEL', KEYS[1], ARGV[1]) == 0 then return 0 end
return redis.call('INCR', KEYS[2])`
	},
	/** KEYS room, seq → [sequence number, flat hash of entries]. */
	presenceRead: {
		numberOfKeys: 2,
		lua: `return { redis.call('GET', KEYS[2]) or '0', redis.call('HGETALL', KEYS[1]) }`
	},
	/**
	 * KEYS nodes, alive, node; ARGV node id, room key prefix, seq key prefix. Claims the node if
	 * its liveness lapsed and removes its entries → flat [room, connection id, number, …]. Being
	 * one step, it runs wholly before a late heartbeat (which then writes the people back) or
	 * finds the node alive.
	 */
	presenceSweepNode: {
		numberOfKeys: 3,
		lua: `
if redis.call('EXISTS', KEYS[2]) == 1 then return {} end
if redis.call('SREM', KEYS[1], ARGV[1]) == 0 then return {} end
local members = redis.call('HGETALL', KEYS[3])
local out = {}
for i = 1, #members, 2 do
	local id, room = members[i], members[i + 1]
	if redis.call('HDEL', ARGV[2] .. room, id) == 1 then
		out[#out + 1] = room
		out[#out + 1] = id
		out[#out + 1] = redis.call('INCR', ARGV[3] .. room)
	end
end
redis.call('DEL', KEYS[3])
return out`
	}
} as const;

type Keys3 = [string, string, string];

/** A pipeline with the scripts above defined on its connection. */
export interface PresenceCommands extends ChainableCommander {
	presencePut(...args: [...Keys3, connectionId: string, room: string, json: string]): this;
	presenceRemove(...args: [...Keys3, connectionId: string]): this;
	presenceRead(room: string, seq: string): this;
	presenceSweepNode(
		...args: [...Keys3, nodeId: string, roomPrefix: string, seqPrefix: string]
	): this;
}

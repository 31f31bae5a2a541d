import { estimateClockOffset } from '$lib/shared/timer';
import { send } from './socket';

/** Round trips per clock measurement; the fastest one wins (see `estimateClockOffset`). */
const SYNC_ROUNDS = 5;

/**
 * Server clock minus client clock, in ms, from a few `time:sync` round trips; `null` when none
 * answered, or when `current()` says the connection that asked is gone.
 */
export async function measureClockOffset(current: () => boolean): Promise<number | null> {
	const samples: { sentAt: number; serverNow: number; receivedAt: number }[] = [];
	for (let i = 0; i < SYNC_ROUNDS; i++) {
		const sentAt = Date.now();
		const ack = await send('time:sync', {});
		if (!current()) return null;
		if (ack.ok) samples.push({ sentAt, serverNow: ack.serverNow, receivedAt: Date.now() });
	}
	return samples.length > 0 ? estimateClockOffset(samples) : null;
}

import { estimateClockOffset, fastestSample, type ClockSample } from '$lib/shared/timer';
import { send } from './socket';

/** Round trips when a connection opens; the fastest one wins (see `estimateClockOffset`). */
const SYNC_ROUNDS = 5;

/**
 * When the later single round trips go out. The first rounds run while the page hydrates and the
 * server answers a join storm, so every one of them may be slow on one side and the estimate off
 * by half that delay; these come when both are calmer and replace it if they are faster.
 */
const REFINE_AFTER_MS = [2_000, 5_000, 15_000, 30_000, 60_000];

async function roundTrip(): Promise<ClockSample | null> {
	const sentAt = Date.now();
	const ack = await send('time:sync', {});
	return ack.ok ? { sentAt, serverNow: ack.serverNow, receivedAt: Date.now() } : null;
}

/**
 * Keeps an estimate of the server clock minus the client clock for one connection: a few round
 * trips at once, then one now and then for as long as `current()` says the connection lives,
 * reporting a new offset through `adopt` whenever a faster round trip makes it more exact.
 */
export async function syncServerClock(
	current: () => boolean,
	adopt: (offsetMs: number) => void
): Promise<void> {
	let best: ClockSample | null = null;
	const consider = (sample: ClockSample | null): void => {
		if (!sample || fastestSample(best ? [best, sample] : [sample]) === best) return;
		best = sample;
		adopt(estimateClockOffset([sample]));
	};

	for (let i = 0; i < SYNC_ROUNDS; i++) {
		const sample = await roundTrip();
		if (!current()) return;
		consider(sample);
	}

	const refine = (step: number): void => {
		const delay = REFINE_AFTER_MS[Math.min(step, REFINE_AFTER_MS.length - 1)];
		setTimeout(async () => {
			if (!current()) return;
			const sample = await roundTrip();
			if (!current()) return;
			consider(sample);
			refine(step + 1);
		}, delay);
	};
	refine(0);
}

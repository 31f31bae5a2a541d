import type { JoinedSession, PresenceDelta } from '$lib/shared/realtime';
import { applyDelta, viewFromSnapshot, type PresenceView } from '$lib/shared/presence';
import {
	aggregateParticipants,
	groupByTeam,
	type Participant,
	type TeamGroup
} from '$lib/shared/participants';

/**
 * Who is in the session, as this tab sees it: the join answer's snapshot with the deltas merged
 * on top (shared/presence.ts). Deltas that arrive while a join is in flight wait for its answer.
 * A join storm is many deltas a second, so the list is rebuilt at most once a frame.
 */
export class LivePresence {
	#view: PresenceView;
	#buffer: PresenceDelta[] | null = null;
	#renderScheduled = false;
	#participants = $state.raw<Participant[]>([]);

	readonly teams: TeamGroup[] = $derived(groupByTeam(this.#participants));

	/** Until the first join answers, shows who the page load saw. */
	constructor(initial: Participant[]) {
		this.#view = viewFromSnapshot(
			initial.map((p) => ({ ...p, connectionId: `initial:${p.userId}`, seq: 0 })),
			0
		);
		this.#render();
	}

	get participants(): Participant[] {
		return this.#participants;
	}

	/** A join was sent: hold deltas until its answer. */
	joining(): void {
		this.#buffer = [];
	}

	/** The join failed or the connection dropped: deltas apply to the view as it is. */
	stopJoining(): void {
		this.#buffer = null;
	}

	/** The join's answer is the whole truth; the deltas that raced it are merged on top. */
	joined(ack: Pick<JoinedSession, 'connections' | 'presenceSeq'>): void {
		this.#view = viewFromSnapshot(ack.connections, ack.presenceSeq);
		const buffered = this.#buffer ?? [];
		this.#buffer = null;
		for (const delta of buffered) applyDelta(this.#view, delta);
		this.#render();
	}

	apply(delta: PresenceDelta): void {
		if (this.#buffer) this.#buffer.push(delta);
		else if (applyDelta(this.#view, delta)) this.#scheduleRender();
	}

	#scheduleRender(): void {
		if (this.#renderScheduled) return;
		this.#renderScheduled = true;
		requestAnimationFrame(() => this.#render());
	}

	#render(): void {
		this.#renderScheduled = false;
		this.#participants = aggregateParticipants([...this.#view.connections.values()]);
	}
}

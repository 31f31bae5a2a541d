import type { ServerToClientEvents } from '$lib/shared/realtime';
import type { Commitment, NamedCommitment } from '$lib/shared/commitments';
import type { SessionSummary, SummaryIdea } from '$lib/server/summary/service';
import type { OwnerCandidate } from '$lib/server/commitments/reads';
import type { CommandResult } from './live-session.svelte';
import { appSocket, send } from './socket';

type Change = ServerToClientEvents['commitment:created'];

/**
 * The commit stage of one session: its ideas (ranked once the tallies are visible) and its
 * commitments, which arrive live over the tab's socket as the facilitator writes them.
 */
export class CommitStageState {
	readonly sessionId: string;
	ideas = $state.raw<SummaryIdea[]>([]);
	commitments = $state.raw<NamedCommitment[]>([]);
	resultsVisible = $state(false);
	sponsorId = $state<string | null>(null);
	loading = $state(true);
	error = $state<string | null>(null);
	/** The newest arrival, for the polite live region. */
	announcement = $state('');

	#onChange: Change = ({ sessionId, commitment }) => {
		if (sessionId !== this.sessionId) return;
		const known = this.commitments.some((c) => c.id === commitment.id);
		this.commitments = known
			? this.commitments.map((c) => (c.id === commitment.id ? commitment : c))
			: [...this.commitments, commitment];
		if (!known) this.announcement = `New commitment: ${commitment.title}`;
	};

	constructor(sessionId: string) {
		this.sessionId = sessionId;
	}

	/** Listens first, then reads, so a commitment made during the read is not missed. */
	async start(): Promise<void> {
		const socket = appSocket();
		socket.on('commitment:created', this.#onChange);
		socket.on('commitment:updated', this.#onChange);
		await this.load();
	}

	destroy(): void {
		const socket = appSocket();
		socket.off('commitment:created', this.#onChange);
		socket.off('commitment:updated', this.#onChange);
	}

	async load(): Promise<void> {
		this.loading = true;
		this.error = null;
		try {
			const response = await fetch(`/api/v1/sessions/${this.sessionId}/summary`, {
				headers: { accept: 'application/json' }
			});
			if (!response.ok) throw new Error(await errorMessage(response));
			const summary = (await response.json()) as SessionSummary;
			this.ideas = summary.ideas;
			this.resultsVisible = summary.session.resultsVisible;
			this.sponsorId = summary.challenge.sponsorId;
			// Keep what the socket delivered while the read was in flight.
			const live = Object.fromEntries(this.commitments.map((c) => [c.id, c]));
			this.commitments = [
				...summary.commitments.map((c) => live[c.id] ?? c),
				...this.commitments.filter((c) => !summary.commitments.some((s) => s.id === c.id))
			];
		} catch (cause) {
			this.error = cause instanceof Error ? cause.message : 'Could not load the ideas.';
		} finally {
			this.loading = false;
		}
	}

	commitmentFor(ideaId: string): NamedCommitment | undefined {
		return this.commitments.find((c) => c.ideaId === ideaId);
	}

	/** The new commitment shows up through the room's `commitment:created`, names and all. */
	create(body: Record<string, unknown>): Promise<CommandResult<{ commitment?: Commitment }>> {
		return send('commitment:create', { sessionId: this.sessionId, ...body });
	}
}

/** Who may own a commitment, with the go-to guard's counts; facilitators only. */
export async function loadOwnerCandidates(): Promise<OwnerCandidate[]> {
	const response = await fetch('/api/v1/commitments/owners', {
		headers: { accept: 'application/json' }
	});
	if (!response.ok) throw new Error(await errorMessage(response));
	return ((await response.json()) as { people: OwnerCandidate[] }).people;
}

async function errorMessage(response: Response): Promise<string> {
	try {
		const body = (await response.json()) as { error?: { message?: string } };
		return body.error?.message ?? `The server answered ${response.status}.`;
	} catch {
		return `The server answered ${response.status}.`;
	}
}

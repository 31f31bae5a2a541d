import type * as Y from 'yjs';
import type { AppContext } from '../../src/lib/server/context.ts';
import { boardAccess } from '../../src/lib/shared/board.ts';
import { rooms } from '../../src/lib/shared/realtime.ts';
import type { Stage } from '../../src/lib/shared/stages.ts';
import type { Identity } from '../auth.ts';
import { checkUpdate, MAX_DOC_BYTES, type Refusal } from './note-guard.ts';
import type { DecodedUpdate } from './room.ts';

/** A writer hears about the same refusal at most this often. */
const NOTIFY_EVERY_MS = 10_000;

interface BoardNow {
	stage: Stage;
	/** Bytes of every update the document holds. */
	bytes: number;
	doc: Y.Doc;
	/** The board's notes held in its other documents (private ones), for the note limit. */
	notesElsewhere: number;
}

/** Why an update may not be applied, decided before it touches the document, or null. */
export function refuseUpdate(board: BoardNow, update: DecodedUpdate): Refusal | null {
	const access = boardAccess(board.stage);
	if (!access.editable) return { code: 'read_only', message: access.reason };
	if (board.bytes + update.bytes > MAX_DOC_BYTES) {
		return {
			code: 'board_full',
			message: 'This board has reached its 16 MiB size limit; further changes are not saved.'
		};
	}
	return checkUpdate(board.doc, update, board.notesElsewhere);
}

/**
 * The writer hears why their change was refused, and the facilitators about full boards; a
 * client that keeps retrying is told once per NOTIFY_EVERY_MS, not once per update.
 */
export class RefusalNotices {
	private readonly notified = new Map<string, number>();

	constructor(
		private readonly ctx: AppContext,
		private readonly boardId: string
	) {}

	tell(sessionId: string, identity: Identity, refusal: Refusal): void {
		const key = `${identity.user.id}:${refusal.code}`;
		const now = Date.now();
		if ((this.notified.get(key) ?? 0) > now - NOTIFY_EVERY_MS) return;
		this.notified.set(key, now);
		const payload = { sessionId, code: refusal.code, message: refusal.message };
		this.ctx.sockets.emit(rooms.user(identity.user.id), 'board:refused', payload);
		if (refusal.code === 'board_full' || refusal.code === 'note_limit')
			this.ctx.sockets.emit(rooms.facilitators(sessionId), 'board:refused', payload);
		this.ctx.log.info(
			{ boardId: this.boardId, user: identity.user.id, code: refusal.code },
			'board update refused'
		);
	}
}

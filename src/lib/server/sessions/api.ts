import type { SessionState } from '../../shared/realtime.ts';

/** HTTP answers for facilitator commands: the session with its timer and the server clock. */
export function sessionReply({ session, timer, serverNow }: SessionState) {
	return { session: { ...session, timer, serverNow } };
}

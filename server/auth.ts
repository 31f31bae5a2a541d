import type { IncomingMessage } from 'node:http';
import { parse as parseCookies } from 'cookie';
import type { AppContext } from '../src/lib/server/context.ts';
import { SESSION_COOKIE, validateSessionToken } from '../src/lib/server/auth/session.ts';
import type { PublicUser } from '../src/lib/shared/auth.ts';

export interface Identity {
	user: PublicUser;
	sessionId: string;
}

/** The same session cookie that authenticates pages authenticates WebSocket upgrades. */
export async function identify(ctx: AppContext, req: IncomingMessage): Promise<Identity | null> {
	const token = parseCookies(req.headers.cookie ?? '')[SESSION_COOKIE];
	if (!token) return null;
	const result = await validateSessionToken(ctx.db, token);
	return result ? { user: result.user, sessionId: result.session.id } : null;
}

/**
 * Cross-site WebSocket hijacking guard: browsers always send Origin on upgrades, so a missing one
 * is a non-browser client; a present one must be the app's own.
 */
export function originAllowed(ctx: AppContext, req: IncomingMessage): boolean {
	const origin = req.headers.origin;
	if (!origin) return true;
	if (ctx.config.ORIGIN) return origin === new URL(ctx.config.ORIGIN).origin;
	try {
		return new URL(origin).host === req.headers.host;
	} catch {
		return false;
	}
}

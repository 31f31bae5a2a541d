import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { parse as parseCookies } from 'cookie';
import type { AppContext } from '../src/lib/server/context.ts';
import { SESSION_COOKIE, validateSessionToken } from '../src/lib/server/auth/session.ts';
import type { PublicUser } from '../src/lib/shared/auth.ts';
import { originAllowed } from '../src/lib/shared/origin.ts';

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

/** Cross-site WebSocket hijacking guard, by the rule HTTP requests follow too. */
export function upgradeOriginAllowed(ctx: AppContext, req: IncomingMessage): boolean {
	return originAllowed(req.headers.origin, {
		configured: ctx.config.ORIGIN,
		protocol: requestProtocol(req),
		host: headerValue(req, process.env.HOST_HEADER) ?? req.headers.host
	});
}

/** The scheme adapter-node would see: the operator's proxy header, else the connection's own. */
function requestProtocol(req: IncomingMessage): string {
	const header = process.env.PROTOCOL_HEADER;
	const forwarded = header ? headerValue(req, header) : undefined;
	if (forwarded) return forwarded;
	return (req.socket as TLSSocket | undefined)?.encrypted ? 'https' : 'http';
}

function headerValue(req: IncomingMessage, name: string | undefined): string | undefined {
	if (!name) return undefined;
	const value = req.headers[name.toLowerCase()];
	return Array.isArray(value) ? value[0] : value;
}

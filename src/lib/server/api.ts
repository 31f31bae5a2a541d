import { json, type RequestEvent } from '@sveltejs/kit';
import { appContext, type AppContext } from './context.ts';
import { apiRoute, readJson } from './http.ts';
import type { PublicUser } from '../shared/auth.ts';

export interface ApiCall<E extends RequestEvent> {
	ctx: AppContext;
	actor: PublicUser | null;
	event: E;
	/** The parsed JSON body; refuses non-JSON, malformed and oversized bodies. */
	body(): Promise<unknown>;
}

/**
 * Wraps a JSON route: the context, the signed-in actor, and errors as `{error:{code,message}}`.
 * Authorisation is the service's: a route only translates. Typed with the route's own
 * `RequestHandler`, the event keeps its generated params (`export const GET: RequestHandler = api(…)`).
 */
export function api<E extends RequestEvent>(run: (call: ApiCall<E>) => Promise<unknown>) {
	return (event: E): Promise<Response> => {
		const ctx = appContext();
		return apiRoute(ctx.log, async () => {
			const result = await run({
				ctx,
				actor: event.locals.user,
				event,
				body: () => readJson(event.request)
			});
			return result instanceof Response ? result : json(result);
		});
	};
}

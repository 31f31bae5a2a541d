import { json, type RequestEvent } from '@sveltejs/kit';
import { appContext, type AppContext } from './context.ts';
import { apiRoute, readJson } from './http.ts';
import type { PublicUser } from '../shared/auth.ts';

export interface ApiCall {
	ctx: AppContext;
	actor: PublicUser | null;
	event: RequestEvent;
	/** The parsed JSON body; refuses non-JSON, malformed and oversized bodies. */
	body(): Promise<unknown>;
}

/** Wraps a JSON route: the context, the signed-in actor, and errors as `{error:{code,message}}`. */
export function api(run: (call: ApiCall) => Promise<unknown>) {
	return (event: RequestEvent): Promise<Response> => {
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

import { api } from '$lib/server/api';
import { decidePilot } from '$lib/server/commitments/lifecycle';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = api(async ({ ctx, actor, event, body }) =>
	decidePilot(ctx, actor, event.params.id, await body())
);

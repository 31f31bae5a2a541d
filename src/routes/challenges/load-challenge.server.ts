import { error } from '@sveltejs/kit';
import type { AppContext } from '$lib/server/context';
import { getVisibleChallenge } from '$lib/server/challenges/service';
import type { ChallengeWithOwner } from '$lib/server/challenges/access';
import { isDomainError } from '$lib/shared/errors';
import type { PublicUser } from '$lib/shared/auth';

/**
 * The challenge behind `/challenges/[id]…`, or the error page that explains why not: 404 for an
 * unknown id, 403 (`not_invited`) for someone it does not invite. `+error.svelte` beside these
 * routes words both for people.
 */
export async function loadVisibleChallenge(
	ctx: AppContext,
	user: PublicUser,
	id: string
): Promise<ChallengeWithOwner> {
	try {
		return await getVisibleChallenge(ctx, user, id);
	} catch (cause) {
		if (isDomainError(cause) && cause.code === 'not_found') {
			error(404, { message: cause.message, code: cause.code });
		}
		if (isDomainError(cause) && cause.code === 'forbidden') {
			error(403, { message: cause.message, code: 'not_invited' });
		}
		throw cause;
	}
}

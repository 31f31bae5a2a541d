import type { HandleServerError } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { appContext } from '$lib/server/context';
import { apiErrors } from '$lib/server/hooks/api-errors';
import { authenticate } from '$lib/server/hooks/authenticate';
import { originGuard } from '$lib/server/hooks/origin-guard';

export const handle = sequence(apiErrors, originGuard, authenticate);

export const handleError: HandleServerError = ({ error, event, status, message }) => {
	if (status >= 500)
		appContext().log.error({ err: error, path: event.url.pathname }, 'server error');
	return { message: status >= 500 ? 'Something went wrong on our side.' : message };
};

import { json } from '@sveltejs/kit';

/** Liveness: the process answers. */
export const GET = () => json({ status: 'ok' });

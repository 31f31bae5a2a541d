import { request, type FullConfig } from '@playwright/test';
import { ADMIN } from './support.ts';

/**
 * Runs once, after the web server answers and before any test: creates the admin account as the
 * first account of the fresh database. Tests that need an admin log in as it; every other
 * account is a member, whatever order the tests run in.
 */
export default async function globalSetup(config: FullConfig): Promise<void> {
	const baseURL = config.projects[0]?.use.baseURL;
	if (!baseURL) throw new Error('playwright.config.ts must set use.baseURL');
	const api = await request.newContext({ baseURL });
	try {
		let response = await api.post('/api/v1/auth/signup', { data: ADMIN });
		if (response.status() === 409) {
			// Already there (a server started outside the suite): check it is still the admin.
			response = await api.post('/api/v1/auth/login', {
				data: { email: ADMIN.email, password: ADMIN.password }
			});
		}
		const body = await response.text();
		if (!response.ok()) {
			throw new Error(`Could not create the e2e admin: HTTP ${response.status()} ${body}`);
		}
		const { user } = JSON.parse(body) as { user: { role: string } };
		if (user.role !== 'admin') {
			throw new Error(
				`The e2e admin ${ADMIN.email} has role "${user.role}": the database was not fresh, ` +
					'so another account became the admin.'
			);
		}
	} finally {
		await api.dispose();
	}
}

import type { Role } from '$lib/shared/limits';

/** How the home page names each role and says what it lets a person do. */
export const ROLE_INFO: Record<Role, { label: string; description: string }> = {
	admin: {
		label: 'Admin',
		description: 'You manage people, teams and roles for your organisation.'
	},
	facilitator: {
		label: 'Facilitator',
		description: 'You open challenges and run their live sessions.'
	},
	member: {
		label: 'Member',
		description: 'You join challenges, add ideas and vote on the best ones.'
	}
};

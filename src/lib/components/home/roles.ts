import { ROLE_LABEL, type Role } from '$lib/shared/limits';

/** How the home page names each role and says what it lets a person do. */
export const ROLE_INFO: Record<Role, { label: string; description: string }> = {
	admin: {
		label: ROLE_LABEL.admin,
		description: 'You manage people, teams and roles for your organisation.'
	},
	facilitator: {
		label: ROLE_LABEL.facilitator,
		description: 'You open challenges and run their live sessions.'
	},
	member: {
		label: ROLE_LABEL.member,
		description: 'You join challenges, add ideas and vote on the best ones.'
	}
};

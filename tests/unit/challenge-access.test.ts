import { describe, it, expect } from 'vitest';
import type { PublicUser } from '../../src/lib/shared/auth.ts';
import { DomainError } from '../../src/lib/shared/errors.ts';
import {
	canCreateChallenge,
	canManage,
	canView,
	isInvited,
	participantRole,
	requireManage,
	requireView,
	type ChallengeWithOwner
} from '../../src/lib/server/challenges/access.ts';

function user(id: string, overrides: Partial<PublicUser> = {}): PublicUser {
	return { id, email: `${id}@example.com`, name: id, role: 'member', teamId: null, ...overrides };
}

const admin = user('admin', { role: 'admin', teamId: 'team-ops' });
const fay = user('fay', { role: 'facilitator', teamId: 'team-ops' }); // the challenge's facilitator
const cal = user('cal', { role: 'facilitator', teamId: 'team-ops' }); // created it, handed it to Fay
const otherFacilitator = user('finn', { role: 'facilitator', teamId: 'team-ops' });
const sponsor = user('sue', { teamId: 'team-exec' });
const ivy = user('ivy', { teamId: 'team-sales' }); // invited by name
const tom = user('tom', { teamId: 'team-eng' }); // member of an invited team
const oscar = user('oscar', { teamId: 'team-sales' }); // member of a team that is not invited
const nia = user('nia'); // in no team

function challenge(overrides: Partial<ChallengeWithOwner> = {}): ChallengeWithOwner {
	return {
		id: 'ch-1',
		title: 'Halve onboarding time',
		question: 'How might we get a new hire productive in their first week?',
		whyItMatters: '',
		quarter: '2027-Q1',
		status: 'open',
		audience: 'invited',
		invitedTeamIds: ['team-eng'],
		invitedUserIds: ['ivy'],
		sponsorId: 'sue',
		facilitatorId: 'fay',
		voteBudget: 5,
		voteCap: 3,
		privateWriting: false,
		anonymousNotes: false,
		createdBy: 'cal',
		...overrides
	};
}

/** Runs `fn` expecting a DomainError and hands it back. */
function thrown(fn: () => void): DomainError {
	try {
		fn();
	} catch (error) {
		if (error instanceof DomainError) return error;
		throw error;
	}
	throw new Error('expected a DomainError');
}

describe('canCreateChallenge', () => {
	it('lets admins and facilitators create challenges', () => {
		expect(canCreateChallenge(admin)).toBe(true);
		expect(canCreateChallenge(fay)).toBe(true);
	});

	it('does not let members create challenges, not even a sponsor', () => {
		expect(canCreateChallenge(tom)).toBe(false);
		expect(canCreateChallenge(sponsor)).toBe(false);
	});
});

describe('canManage', () => {
	it.each([
		{ rule: 'lets an admin manage any challenge', people: [admin], may: true },
		{ rule: 'lets the challenge’s facilitator manage it', people: [fay], may: true },
		{ rule: 'lets whoever created the challenge manage it', people: [cal], may: true },
		{
			rule: 'does not let another facilitator manage a challenge that is not theirs',
			people: [otherFacilitator],
			may: false
		},
		{
			rule: 'does not let the sponsor or invited people manage it',
			people: [sponsor, ivy, tom],
			may: false
		}
	])('$rule', ({ people, may }) => {
		for (const person of people) expect(canManage(person, challenge())).toBe(may);
	});
});

describe('isInvited', () => {
	it('invites the whole organisation when the audience is everyone, even people without a team', () => {
		const everyone = challenge({ audience: 'everyone', invitedTeamIds: [], invitedUserIds: [] });
		for (const person of [tom, oscar, nia, ivy]) expect(isInvited(person, everyone)).toBe(true);
	});

	it.each([
		{ rule: 'invites a person named on the challenge', person: ivy, invited: true },
		{ rule: 'invites the members of an invited team', person: tom, invited: true },
		{
			rule: 'does not invite a member of another team, even one sharing a team with an invited person',
			person: oscar,
			invited: false
		},
		{ rule: 'does not invite someone without a team', person: nia, invited: false },
		{ rule: 'does not treat facilitating as being invited', person: fay, invited: false }
	])('$rule', ({ person, invited }) => {
		expect(isInvited(person, challenge())).toBe(invited);
	});
});

describe('canView', () => {
	const draft = challenge({ status: 'draft' });

	it('shows a draft to admins, its facilitator, its creator and its sponsor', () => {
		for (const person of [admin, fay, cal, sponsor]) expect(canView(person, draft)).toBe(true);
	});

	it('hides a draft from invited people until it opens', () => {
		expect(canView(ivy, draft)).toBe(false);
		expect(canView(tom, draft)).toBe(false);
	});

	it('hides a draft for everyone from ordinary members', () => {
		expect(canView(nia, challenge({ status: 'draft', audience: 'everyone' }))).toBe(false);
	});

	it('hides a draft from other facilitators', () => {
		expect(canView(otherFacilitator, draft)).toBe(false);
	});

	it.each(['open', 'closed'] as const)('shows a %s challenge to invited people', (status) => {
		expect(canView(ivy, challenge({ status }))).toBe(true);
		expect(canView(tom, challenge({ status }))).toBe(true);
	});

	it.each(['open', 'closed'] as const)('hides a %s challenge from people not invited', (status) => {
		expect(canView(oscar, challenge({ status }))).toBe(false);
		expect(canView(nia, challenge({ status }))).toBe(false);
	});

	it('shows an open challenge for everyone to any member', () => {
		expect(canView(nia, challenge({ audience: 'everyone' }))).toBe(true);
	});

	it('shows an open challenge to its managers and sponsor even when they are not on the list', () => {
		for (const person of [admin, fay, cal, sponsor])
			expect(canView(person, challenge())).toBe(true);
	});
});

describe('participantRole', () => {
	it('calls the facilitator, the creator and admins facilitator', () => {
		expect(participantRole(fay, challenge())).toBe('facilitator');
		expect(participantRole(cal, challenge())).toBe('facilitator');
		expect(participantRole(admin, challenge())).toBe('facilitator');
	});

	it('calls the sponsor sponsor', () => {
		expect(participantRole(sponsor, challenge())).toBe('sponsor');
	});

	it('calls a sponsor who also facilitates facilitator', () => {
		expect(participantRole(fay, challenge({ sponsorId: 'fay' }))).toBe('facilitator');
	});

	it('calls invited people participant', () => {
		expect(participantRole(ivy, challenge())).toBe('participant');
		expect(participantRole(tom, challenge())).toBe('participant');
	});

	it('calls nobody sponsor when the challenge has no sponsor', () => {
		expect(participantRole(nia, challenge({ sponsorId: null }))).toBe('participant');
	});
});

describe('requireView', () => {
	it('lets through anyone who can view', () => {
		expect(() => requireView(tom, challenge())).not.toThrow();
		expect(() => requireView(sponsor, challenge({ status: 'draft' }))).not.toThrow();
	});

	it('refuses people not invited with a forbidden DomainError and status 403', () => {
		const error = thrown(() => requireView(oscar, challenge()));
		expect(error.code).toBe('forbidden');
		expect(error.status).toBe(403);
		expect(error.message).toMatch(/^[A-Z].*\.$/);
	});

	it('refuses invited people while the challenge is a draft', () => {
		expect(thrown(() => requireView(ivy, challenge({ status: 'draft' }))).code).toBe('forbidden');
	});
});

describe('requireManage', () => {
	it('lets through the facilitator, the creator and admins', () => {
		for (const person of [fay, cal, admin]) {
			expect(() => requireManage(person, challenge())).not.toThrow();
		}
	});

	it('refuses the sponsor and participants with a forbidden DomainError', () => {
		for (const person of [sponsor, ivy, tom, otherFacilitator]) {
			const error = thrown(() => requireManage(person, challenge()));
			expect(error.code).toBe('forbidden');
			expect(error.status).toBe(403);
		}
	});
});

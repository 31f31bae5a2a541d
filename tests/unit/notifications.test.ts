import { describe, expect, it } from 'vitest';
import {
	notificationKindFor,
	notificationText,
	recipientsOf
} from '../../src/lib/shared/notifications.ts';

describe('who hears of a commitment event', () => {
	it('is the owner, the sponsor and the followers, once each, without the actor', () => {
		expect(
			recipientsOf({
				ownerId: 'o',
				sponsorId: 's',
				followerIds: ['f', 'o', 's', 'a'],
				actorId: 'a'
			})
		).toEqual(['f', 'o', 's']);
	});

	it('skips a missing sponsor and tells nobody when the owner changes their own solo item', () => {
		expect(recipientsOf({ ownerId: 'o', sponsorId: null, followerIds: [], actorId: 'o' })).toEqual(
			[]
		);
	});

	it('keeps everyone when the actor is unknown (a system change)', () => {
		expect(recipientsOf({ ownerId: 'o', sponsorId: 's', followerIds: [], actorId: null })).toEqual([
			'o',
			's'
		]);
	});
});

describe('which events notify', () => {
	it('tells status changes, decisions, check-ins, value and debriefs, not creation or edits', () => {
		expect(notificationKindFor('status')).toBe('status');
		expect(notificationKindFor('decision')).toBe('status');
		expect(notificationKindFor('check_in')).toBe('check_in');
		expect(notificationKindFor('value')).toBe('value');
		expect(notificationKindFor('debrief')).toBe('debrief');
		expect(notificationKindFor('created')).toBeNull();
		expect(notificationKindFor('edited')).toBeNull();
	});

	it('says who did what on which commitment', () => {
		expect(
			notificationText(
				'status',
				{ from: 'committed', to: 'in_progress' },
				'Ana',
				'Faster onboarding'
			)
		).toBe('Ana moved to in progress on “Faster onboarding”');
		expect(notificationText('decision', { decision: 'scale' }, null, 'Pilot')).toBe(
			'Someone decided to scale the pilot on “Pilot”'
		);
	});
});

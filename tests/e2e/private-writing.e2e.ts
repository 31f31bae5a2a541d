import { expect, test } from '@playwright/test';
import { expectNoViolations, liveSessionSuite, openBoard, setStage, PHONE } from './support.ts';

/**
 * Private writing (brainwriting) in real browsers: two people write, neither sees the other's
 * note, the facilitator reveals, and both see both, live.
 */
const { facilitator, ana, ben, session } = liveSessionSuite({
	teams: ['Ops', 'Finance'],
	participants: { ana: 0, ben: { team: 1, viewport: PHONE } },
	challenge: { title: 'Close the books faster', privateWriting: true },
	joined: true
});

test.beforeAll(async () => {
	await setStage(facilitator.context.request, session.id, 'diverge');
});

test('two people write privately and neither sees the other’s note', async () => {
	await openBoard(facilitator.page, session.id);
	await openBoard(ana.page, session.id);
	await openBoard(ben.page, session.id);
	for (const p of [ana, ben])
		await expect(p.page.getByTestId('private-writing')).toContainText(
			'only you see your notes until the facilitator reveals them'
		);
	await expect(facilitator.page.getByTestId('private-writing')).toContainText(
		'only you see your notes until you reveal them'
	);

	await ana.page.getByTestId('canvas').dblclick({ position: { x: 320, y: 300 } });
	await ana.page.getByLabel('Note text').fill('Automate the bank reconciliation');
	await ana.page.keyboard.press('Enter');
	const anaNote = ana.page.getByTestId('note').filter({ hasText: 'Automate the bank' });
	await expect(anaNote).toContainText('Only you');

	// Ben is on a phone: the outline view.
	const outline = ben.page.getByTestId('outline');
	await expect(outline).toBeVisible();
	await ben.page.getByLabel('New note').fill('One owner per accrual');
	await ben.page.getByRole('button', { name: 'Add note' }).click();
	await expect(
		outline.getByRole('listitem', { name: /One owner per accrual, by you.*only you can see it/ })
	).toBeVisible();

	// Both notes are on the server (the count says so) and neither crossed over.
	await expect(facilitator.page.getByTestId('reveal-notes')).toContainText(
		'2 notes written so far'
	);
	await expect(ana.page.getByTestId('private-writing')).toContainText('2 notes written so far');
	await expect(ana.page.getByTestId('note')).toHaveCount(1);
	await expect(outline.getByRole('listitem')).toHaveCount(1);
	await expect(facilitator.page.getByTestId('note')).toHaveCount(0);

	await ana.page.screenshot({ path: 'test-results/private-writing-desktop.png' });
	await ben.page.screenshot({ path: 'test-results/private-writing-phone.png' });
	await facilitator.page.screenshot({ path: 'test-results/private-writing-facilitator.png' });
	await expectNoViolations(ana.page);
	await expectNoViolations(ben.page);
	await expectNoViolations(facilitator.page);
});

test('the facilitator reveals and everyone sees both notes with their authors', async () => {
	await facilitator.page.getByRole('button', { name: 'Reveal notes' }).click();
	await expect(facilitator.page.getByTestId('revealed')).toContainText('2 notes revealed');

	for (const p of [facilitator, ana]) {
		await expect(p.page.getByTestId('note')).toHaveCount(2);
		await expect(p.page.getByTestId('private-writing')).toHaveCount(0);
	}
	await expect(
		facilitator.page.getByTestId('note').filter({ hasText: 'One owner per accrual' })
	).toContainText(ben.name);
	await expect(
		ana.page.getByTestId('note').filter({ hasText: 'Automate the bank' })
	).not.toContainText('Only you');
	const outline = ben.page.getByTestId('outline');
	await expect(
		outline.getByRole('listitem', {
			name: new RegExp(`Automate the bank reconciliation, by ${ana.name}`)
		})
	).toBeVisible();
	await expect(outline.getByRole('listitem')).toHaveCount(2);

	// Written after the reveal: straight onto the shared board.
	await ben.page.getByLabel('New note').fill('Close sub-ledgers on day one');
	await ben.page.getByRole('button', { name: 'Add note' }).click();
	await expect(ana.page.getByTestId('note').filter({ hasText: 'Close sub-ledgers' })).toBeVisible();

	await facilitator.page.screenshot({ path: 'test-results/private-writing-revealed.png' });
	await ben.page.screenshot({ path: 'test-results/private-writing-revealed-phone.png' });
	await expectNoViolations(facilitator.page);
	await expectNoViolations(ben.page);
});

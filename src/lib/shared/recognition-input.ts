import { z } from 'zod';
import { KUDOS_MAX } from './kudos-limits.ts';

const id = (what: string) =>
	z
		.string({ error: `${what} must be an id.` })
		.min(1, `${what} is required.`)
		.max(64);

export const followInput = z.strictObject({
	targetKind: z.enum(['challenge', 'commitment'], {
		error: 'targetKind is challenge or commitment.'
	}),
	targetId: id('targetId')
});

export const kudosInput = z
	.strictObject({
		toUserId: id('toUserId'),
		commitmentId: id('commitmentId').optional(),
		ideaId: id('ideaId').optional(),
		text: z
			.string({ error: 'Write a sentence of thanks.' })
			.trim()
			.min(1, 'Write a sentence of thanks.')
			.max(KUDOS_MAX, `Kudos are at most ${KUDOS_MAX} characters.`)
	})
	.refine((k) => (k.commitmentId === undefined) !== (k.ideaId === undefined), {
		message: 'Kudos are for one commitment or one idea: give commitmentId or ideaId.',
		path: ['commitmentId']
	});

export const markReadInput = z.strictObject({
	/** The notifications to mark read; omitted means all of yours. */
	ids: z.array(id('An id')).max(500, 'At most 500 ids at once.').optional()
});

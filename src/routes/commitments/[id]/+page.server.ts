import { appContext } from '$lib/server/context';
import { formText, formTexts, readAsUser, requireUser, scopedAction } from '$lib/server/guards';
import { commitmentDetail } from '$lib/server/commitments/reads';
import { decidePilot, postCheckIn } from '$lib/server/commitments/lifecycle';
import { updateCommitment } from '$lib/server/commitments/service';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) =>
	readAsUser(event, async (user) => ({
		detail: await commitmentDetail(appContext(), user, event.params.id)
	}));

/** A number field: empty means "not recorded"; anything else goes to the schema as typed. */
function formNumber(data: FormData, name: string): number | string | undefined {
	const value = formText(data, name)?.trim();
	if (!value) return undefined;
	return Number.isNaN(Number(value)) ? value : Number(value);
}

// Every result names its form (`scope`), so the page shows it beside the right form.
export const actions: Actions = {
	checkIn: async (event) => {
		const actor = requireUser(event);
		const data = await event.request.formData();
		const body = {
			status: formText(data, 'status'),
			note: formText(data, 'note'),
			metricActual: formNumber(data, 'metricActual'),
			comparisonActual: formNumber(data, 'comparisonActual'),
			confidence: formNumber(data, 'confidence')
		};
		// A refusal shows again what was typed, numbers included.
		const typed = Object.fromEntries(Object.keys(body).map((k) => [k, formText(data, k) ?? '']));
		return scopedAction('checkIn', typed, async () => {
			await postCheckIn(appContext(), actor, event.params.id, body);
			return { message: 'Check-in posted.' };
		});
	},

	comparison: async (event) => {
		const actor = requireUser(event);
		const comparisonGroup = formText(await event.request.formData(), 'comparisonGroup') ?? '';
		return scopedAction('comparison', { comparisonGroup }, async () => {
			await updateCommitment(appContext(), actor, event.params.id, { comparisonGroup });
			return { message: 'Comparison group saved.' };
		});
	},

	decide: async (event) => {
		const actor = requireUser(event);
		const data = await event.request.formData();
		const body = {
			...formTexts(data, 'decision', 'reason'),
			dueDate: formText(data, 'dueDate') || undefined,
			nextStep: formText(data, 'nextStep') || undefined
		};
		return scopedAction('decide', body, async () => {
			const { followUp } = await decidePilot(appContext(), actor, event.params.id, body);
			return {
				message: followUp ? 'Decided. The follow-up commitment is linked below.' : 'Decided.',
				followUpId: followUp?.id ?? null
			};
		});
	}
};

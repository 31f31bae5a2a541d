/**
 * Svelte's hydration sets every form field's value from the server's render, so what a person
 * typed into the server-rendered page before the app's JavaScript arrived (a slow phone, a slow
 * network) would vanish. An inline script in app.html records each field's last input until the
 * app has hydrated; the root layout then gives the fields their typed values back, with the input
 * event that a bound value or a listener expects.
 */

type Typed = Map<EventTarget, { value: string; checked: boolean }>;

declare global {
	interface Window {
		/** Set by app.html's inline script; dropped once restored. */
		__typedBeforeHydration?: Typed;
	}
}

export function restoreTypedBeforeHydration(win: Window = window): void {
	const typed = win.__typedBeforeHydration;
	delete win.__typedBeforeHydration;
	for (const [target, state] of typed ?? []) {
		const field = fieldOf(target);
		if (!field?.isConnected) continue;
		if (
			field instanceof HTMLInputElement &&
			(field.type === 'checkbox' || field.type === 'radio')
		) {
			if (field.checked === state.checked) continue;
			field.checked = state.checked;
		} else {
			if (field.value === state.value) continue;
			field.value = state.value;
		}
		field.dispatchEvent(new Event('input', { bubbles: true }));
		field.dispatchEvent(new Event('change', { bubbles: true }));
	}
}

function fieldOf(target: EventTarget) {
	return target instanceof HTMLInputElement ||
		target instanceof HTMLTextAreaElement ||
		target instanceof HTMLSelectElement
		? target
		: null;
}

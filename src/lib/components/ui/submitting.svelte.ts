import { tick } from 'svelte';
import { SvelteSet } from 'svelte/reactivity';
import type { SubmitFunction } from '@sveltejs/kit';

interface EnhanceOptions {
	/** Clear the form after a successful submit (default true, as SvelteKit does). */
	reset?: boolean;
}

/**
 * Tracks which forms on a page are submitting, for `use:enhance`. A form submitted again while
 * pending is ignored (double clicks, Enter pressed twice). After a refusal, focus moves to the
 * first invalid control, so keyboard and screen-reader users land on what needs fixing.
 */
export class Submitting {
	#pending = new SvelteSet<string>();

	is(key = 'form'): boolean {
		return this.#pending.has(key);
	}

	enhance(key = 'form', { reset = true }: EnhanceOptions = {}): SubmitFunction {
		return ({ cancel, formElement }) => {
			if (this.#pending.has(key)) {
				cancel();
				return;
			}
			this.#pending.add(key);
			return async ({ result, update }) => {
				try {
					await update({ reset });
				} finally {
					this.#pending.delete(key);
				}
				if (result.type === 'failure') {
					await tick();
					const invalid = Array.from(formElement.elements).find(
						(el) => el.getAttribute('aria-invalid') === 'true'
					);
					if (invalid instanceof HTMLElement) invalid.focus();
				}
			};
		};
	}
}

/**
 * Pages with several forms get one action result, which names its form in `scope`; a refusal
 * (from `formFailure`) carries `fields`, a success a `message`. These read it for one form.
 */
export interface ScopedResult {
	scope?: string;
	message?: string;
	fields?: Record<string, string>;
	values?: unknown;
}

export interface ScopedFailure {
	message: string;
	fields: Record<string, string>;
	values?: unknown;
}

/** The refusal of the form `scope`, if the last submit was that form's. */
export function failureOf(
	result: ScopedResult | null | undefined,
	scope: string
): ScopedFailure | null {
	if (result?.scope !== scope || !result.fields) return null;
	return { message: result.message ?? '', fields: result.fields, values: result.values };
}

/** The confirmation of the form `scope`, if the last submit was that form's and it succeeded. */
export function successOf(result: ScopedResult | null | undefined, scope: string): string | null {
	return result?.scope === scope && !result.fields ? (result.message ?? null) : null;
}

/** The text a refused form sent for `key`, to show it again as the person left it. */
export function typedText(failure: ScopedFailure | null, key = 'name'): string | undefined {
	const values = failure?.values;
	if (!values || typeof values !== 'object' || !(key in values)) return undefined;
	const value = (values as Record<string, unknown>)[key];
	return typeof value === 'string' ? value : undefined;
}

/** What a Field needs to show one field of a refused form again: its name, text and message. */
export interface FieldState {
	name: string;
	value: string;
	error: string | undefined;
}

/** One form's part of the page's result: its refusal, its confirmation, and each field's state. */
export interface ScopedForm {
	failure: ScopedFailure | null;
	saved: string | null;
	/**
	 * The field `name` as the person left it, or `fallback` when the last submit was not refused.
	 * `general`: this field also shows a refusal that names no field (a form's one main field).
	 */
	field(name: string, fallback?: string, options?: { general?: boolean }): FieldState;
}

/** Reads the result for the form `scope`: `<Field {...form.field('note')} />`. */
export function scopedForm(result: ScopedResult | null | undefined, scope: string): ScopedForm {
	const failure = failureOf(result, scope);
	return {
		failure,
		saved: successOf(result, scope),
		field: (name, fallback = '', { general = false } = {}) => {
			const unnamed = general && failure && Object.keys(failure.fields).length === 0;
			return {
				name,
				value: typedText(failure, name) ?? fallback,
				error: failure?.fields[name] ?? (unnamed ? failure.message : undefined)
			};
		}
	};
}

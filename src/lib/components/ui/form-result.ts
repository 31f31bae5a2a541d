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

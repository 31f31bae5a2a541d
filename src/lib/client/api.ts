/** A JSON API call from the browser: the data, or the server's refusal in words people read. */
export type ApiResult<T> =
	{ ok: true; data: T } | { ok: false; message: string; fields: Record<string, string> };

export async function callApi<T>(
	method: string,
	path: string,
	body?: unknown
): Promise<ApiResult<T>> {
	let response: Response;
	try {
		response = await fetch(path, {
			method,
			headers: {
				accept: 'application/json',
				...(body === undefined ? {} : { 'content-type': 'application/json' })
			},
			body: body === undefined ? undefined : JSON.stringify(body)
		});
	} catch {
		return { ok: false, message: 'Could not reach the server. Check the connection.', fields: {} };
	}
	const json: unknown = await response.json().catch(() => null);
	if (response.ok) return { ok: true, data: json as T };
	const error = (json as { error?: { message?: string; fields?: Record<string, string> } } | null)
		?.error;
	return {
		ok: false,
		message: error?.message ?? `The server answered ${response.status}.`,
		fields: error?.fields ?? {}
	};
}

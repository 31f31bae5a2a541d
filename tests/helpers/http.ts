/** A fetch wrapper with a cookie jar, standing in for one browser or API client. */
export class Client {
	private cookies = new Map<string, string>();
	lastSetCookie: string[] = [];

	constructor(readonly baseUrl: string) {}

	/** The same signed-in client talking to another node or a restarted server. */
	at(baseUrl: string): Client {
		const other = new Client(baseUrl);
		other.cookies = this.cookies;
		return other;
	}

	/** Signs the client in with a session made elsewhere (tests that insert people directly). */
	withCookie(name: string, value: string): this {
		this.cookies.set(name, value);
		return this;
	}

	get cookieHeader(): string {
		return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
	}

	async request(
		method: string,
		path: string,
		init: { json?: unknown; body?: BodyInit; headers?: Record<string, string> } = {}
	): Promise<Response> {
		const headers: Record<string, string> = { ...init.headers };
		if (this.cookies.size) headers.cookie = this.cookieHeader;
		let body = init.body;
		if (init.json !== undefined) {
			headers['content-type'] ??= 'application/json';
			body = JSON.stringify(init.json);
		}
		const response = await fetch(this.baseUrl + path, {
			method,
			headers,
			body,
			redirect: 'manual'
		});
		this.lastSetCookie = response.headers.getSetCookie();
		for (const line of this.lastSetCookie) {
			const [pair] = line.split(';');
			const eq = pair!.indexOf('=');
			const name = pair!.slice(0, eq).trim();
			const value = pair!.slice(eq + 1).trim();
			if (value === '' || /max-age=0/i.test(line) || /expires=Thu, 01 Jan 1970/i.test(line))
				this.cookies.delete(name);
			else this.cookies.set(name, value);
		}
		return response;
	}

	get = (path: string, headers?: Record<string, string>) => this.request('GET', path, { headers });
	post = (path: string, json?: unknown, headers?: Record<string, string>) =>
		this.request('POST', path, { json, headers });
	patch = (path: string, json?: unknown, headers?: Record<string, string>) =>
		this.request('PATCH', path, { json, headers });
}

let counter = 0;
export function uniqueEmail(tag = 'user'): string {
	return `${tag}-${Date.now()}-${++counter}-${Math.random().toString(36).slice(2, 6)}@example.com`;
}

export const PASSWORD = 'correct-horse-battery';

/** Signs a new account up and returns its client (cookie set) and user. */
export async function signUp(baseUrl: string, extra: { name?: string; team?: string } = {}) {
	const client = new Client(baseUrl);
	const email = uniqueEmail();
	const res = await client.post('/api/v1/auth/signup', {
		email,
		password: PASSWORD,
		name: extra.name ?? 'Test User',
		...(extra.team ? { team: extra.team } : {})
	});
	if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${await res.text()}`);
	const { user } = (await res.json()) as {
		user: { id: string; name: string; role: string; email: string; teamId: string | null };
	};
	return { client, user, email };
}

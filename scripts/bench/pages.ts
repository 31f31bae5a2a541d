// `npm run bench:pages`: server response time of the execution pages and their JSON twins on an
// organisation at issue 14's scale (scripts/scale/seed.ts), on Postgres. Seeds the database
// BENCH_DB (default `pages_scale`) on first use and keeps it, so later runs skip the seed.
//
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test [BENCH_REDIS_URL=redis://…] \
//   SAMPLES=40 [ONLY=ledger] npm run bench:pages
//
// ONLY keeps the rows whose name contains it, for a before/after of one page in one sitting.
// Each URL is requested WARMUP times, then SAMPLES times one after another; a sample is the time
// from sending the request to the last byte of the body, on the same machine as the server, so
// it is server time plus a loopback round trip.
import pg from 'pg';
import { startServer } from '../../tests/helpers/server.ts';
import { Client } from '../../tests/helpers/http.ts';
import { SCALE_ADMIN, SCALE_PASSWORD, seedScale } from '../scale/seed.ts';
import { percentile } from './stats.ts';

const SAMPLES = Number(process.env.SAMPLES ?? 40);
const WARMUP = Number(process.env.WARMUP ?? 3);
const BENCH_DB = process.env.BENCH_DB ?? 'pages_scale';
const ONLY = process.env.ONLY ?? '';

/** Who looks: the admin sees every challenge, person 1 sponsors 5 and follows 12. */
const PERSONAS = {
	admin: SCALE_ADMIN.email,
	sponsor: 'person1@scale.test',
	member: 'person2500@scale.test'
} as const;
type Persona = keyof typeof PERSONAS;

/** A page and its JSON twin, as one persona sees them. */
const PAGES: { name: string; as: Persona; page: string; json: string }[] = [
	{ name: 'home', as: 'member', page: '/', json: '/api/v1/commitments?role=owner' },
	{ name: 'wins feed', as: 'member', page: '/', json: '/api/v1/wins' },
	{ name: 'sponsor view', as: 'sponsor', page: '/sponsor', json: '/api/v1/sponsor' },
	{ name: 'ledger (admin)', as: 'admin', page: '/ledger', json: '/api/v1/ledger?quarter=2026-Q4' },
	{
		name: 'ledger, old quarter',
		as: 'member',
		page: '/ledger?quarter=2019-Q2',
		json: '/api/v1/ledger?quarter=2019-Q2'
	},
	{
		name: 'practice search',
		as: 'member',
		page: '/practices?q=onboarding',
		json: '/api/v1/practices?q=onboarding'
	},
	{
		name: 'practices by team',
		as: 'member',
		page: '/practices?team=t007&outcome=delivered',
		json: '/api/v1/practices?team=t007&outcome=delivered'
	},
	{
		name: 'contribution record',
		as: 'member',
		page: '/people/p00053',
		json: '/api/v1/users/p00053/contributions'
	},
	{
		name: 'commitment page',
		as: 'sponsor',
		page: '/commitments/m19800',
		json: '/api/v1/commitments/m19800'
	},
	{ name: 'digest', as: 'sponsor', page: '/digest', json: '/api/v1/digest' }
];

async function ensureDatabase(adminUrl: string): Promise<string> {
	const admin = new pg.Client({ connectionString: adminUrl });
	await admin.connect();
	const found = await admin.query('select 1 from pg_database where datname = $1', [BENCH_DB]);
	if (found.rowCount === 0) await admin.query(`create database ${BENCH_DB}`);
	await admin.end();
	const url = new URL(adminUrl);
	url.pathname = `/${BENCH_DB}`;
	return url.toString();
}

async function signIn(baseUrl: string, email: string): Promise<Client> {
	const client = new Client(baseUrl);
	const response = await client.post('/api/v1/auth/login', { email, password: SCALE_PASSWORD });
	if (!response.ok) throw new Error(`${email} could not sign in: ${response.status}`);
	return client;
}

async function timeGet(client: Client, path: string): Promise<{ ms: number; bytes: number }> {
	const sent = performance.now();
	const response = await client.get(path);
	const body = await response.arrayBuffer();
	const ms = performance.now() - sent;
	if (response.status !== 200) throw new Error(`GET ${path}: ${response.status}`);
	return { ms, bytes: body.byteLength };
}

async function measure(client: Client, path: string): Promise<string> {
	for (let i = 0; i < WARMUP; i++) await timeGet(client, path);
	const samples: number[] = [];
	let bytes = 0;
	for (let i = 0; i < SAMPLES; i++) {
		const sample = await timeGet(client, path);
		samples.push(sample.ms);
		bytes = sample.bytes;
	}
	samples.sort((a, b) => a - b);
	const f = (n: number) => n.toFixed(1);
	return `${f(percentile(samples, 50))} / ${f(percentile(samples, 95))} ms (${Math.round(bytes / 1024)} KB)`;
}

const databaseUrl = process.env.BENCH_DATABASE_URL;
if (!databaseUrl) {
	console.error('Set BENCH_DATABASE_URL to a Postgres server (the bench creates its database).');
	process.exit(1);
}
const url = await ensureDatabase(databaseUrl);
const seedStarted = performance.now();
const seeded = await seedScale(url);
if (seeded === 'seeded')
	console.log(`seeded in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);

const env: Record<string, string> = { DATABASE_URL: url };
if (process.env.BENCH_REDIS_URL) env.REDIS_URL = process.env.BENCH_REDIS_URL;
const server = await startServer(env);
try {
	const clients = Object.fromEntries(
		await Promise.all(
			Object.entries(PERSONAS).map(async ([as, email]) => [as, await signIn(server.url, email)])
		)
	) as Record<Persona, Client>;
	console.log(`| page | as | page p50 / p95 | JSON twin | JSON p50 / p95 |`);
	console.log(`| --- | --- | --- | --- | --- |`);
	for (const { name, as, page, json } of PAGES.filter((p) => p.name.includes(ONLY))) {
		const client = clients[as];
		const pageFigures = await measure(client, page);
		const jsonFigures = await measure(client, json);
		console.log(`| ${name} | ${as} | ${pageFigures} | \`${json}\` | ${jsonFigures} |`);
	}
} finally {
	await server.stop();
}

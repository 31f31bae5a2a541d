// `npm run seed`: a demo organisation to try Whitespace with. Uses the same services and
// database settings (DATA_DIR / DATABASE_URL) as the server; run it while the server is stopped
// when on the embedded database, which allows one process at a time.
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { loadConfig } from '../src/lib/server/config.ts';
import { createLogger } from '../src/lib/server/logger.ts';
import { closeContext, createContext, type AppContext } from '../src/lib/server/context.ts';
import { users } from '../src/lib/server/db/schema/index.ts';
import { signup } from '../src/lib/server/auth/service.ts';
import { createTeam } from '../src/lib/server/teams/service.ts';
import { updateUser } from '../src/lib/server/users/service.ts';
import type { PublicUser } from '../src/lib/shared/auth.ts';
import type { Role } from '../src/lib/shared/limits.ts';

const TEAMS = ['Payments', 'Growth', 'Platform'];
const PEOPLE: { name: string; team: number; role?: Role }[] = [
	{ name: 'Fran Facilitator', team: 2, role: 'facilitator' },
	{ name: 'Sam Sponsor', team: 0 },
	...[
		'Ada Lovelace',
		'Grace Hopper',
		'Alan Turing',
		'Katherine Johnson',
		'Edsger Dijkstra',
		'Barbara Liskov',
		'Donald Knuth',
		'Margaret Hamilton',
		'Ken Thompson',
		'Frances Allen',
		'John Backus',
		'Radia Perlman'
	].map((name, i) => ({ name, team: i % 3 }))
];

const emailOf = (name: string) => `${name.split(' ')[0]!.toLowerCase()}@demo.whitespace.test`;

async function seed(ctx: AppContext, password: string): Promise<void> {
	const [existing] = await ctx.db
		.select()
		.from(users)
		.where(eq(users.email, emailOf(PEOPLE[0]!.name)));
	if (existing) {
		console.log('The demo organisation is already there; nothing to do.');
		return;
	}
	const admin = await ensureAdmin(ctx, password);
	const teams = [];
	for (const name of TEAMS) teams.push(await createTeam(ctx, admin, { name }));
	for (const person of PEOPLE) {
		const { user } = await signup(ctx, {
			email: emailOf(person.name),
			password,
			name: person.name,
			team: teams[person.team]!.id
		});
		if (person.role) await updateUser(ctx, admin, user.id, { role: person.role });
	}
	console.log(`Created ${TEAMS.length} teams (${TEAMS.join(', ')}) and ${PEOPLE.length} people.`);
	console.log(`Admin:       ${admin.email}`);
	console.log(`Facilitator: ${emailOf(PEOPLE[0]!.name)}`);
	console.log(`Sponsor:     ${emailOf(PEOPLE[1]!.name)}`);
	console.log(
		`Members:     ${PEOPLE.slice(2)
			.map((p) => emailOf(p.name))
			.join(', ')}`
	);
	console.log(`\nEvery demo account's password (shown only now): ${password}`);
}

/** The first account of an installation is its admin; seed one only if nobody signed up yet. */
async function ensureAdmin(ctx: AppContext, password: string): Promise<PublicUser> {
	const [admin] = await ctx.db.select().from(users).where(eq(users.role, 'admin')).limit(1);
	if (admin)
		return {
			id: admin.id,
			email: admin.email,
			name: admin.name,
			role: 'admin',
			teamId: admin.teamId
		};
	const { user } = await signup(ctx, {
		email: 'admin@demo.whitespace.test',
		password,
		name: 'Avery Admin'
	});
	return user;
}

const config = loadConfig();
const ctx = await createContext(config, { log: createLogger('warn') });
try {
	await seed(ctx, randomBytes(9).toString('base64url'));
} finally {
	await closeContext(ctx);
}

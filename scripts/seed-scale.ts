// `npm run seed:scale`: an organisation at issue 14's scale (5,000 people, 40 quarters, 2,000
// sessions, 20,000 commitments) in the Postgres database DATABASE_URL names, for
// `npm run bench:pages`. Every account's password is printed at the end.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/pages_scale npm run seed:scale
import { SCALE, SCALE_ADMIN, SCALE_PASSWORD, seedScale } from './scale/seed.ts';

const url = process.env.DATABASE_URL;
if (!url) {
	console.error('Set DATABASE_URL to an empty Postgres database to seed.');
	process.exit(1);
}
const started = performance.now();
const outcome = await seedScale(url);
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(
	outcome === 'seeded'
		? `Seeded ${SCALE.people} people, ${SCALE.quarters} quarters in ${seconds} s.`
		: 'The database already holds people; left as it is.'
);
console.log(`Admin ${SCALE_ADMIN.email}, people person<n>@scale.test, password ${SCALE_PASSWORD}`);

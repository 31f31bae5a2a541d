// The statements that fill an empty, migrated database with an organisation at the size issue 14
// measures: 5,000 people, 40 quarters, 2,000 sessions, 20,000 commitments, and everything a
// commitment drags along (ideas, notes, votes, check-ins, debriefs, value, follows, kudos,
// notifications). Generated in Postgres (`generate_series`), so seeding takes seconds, not the
// hours that going through the services would. Ids are readable (`p00042`), which is fine for a
// benchmark database and never done by the app.

export const SCALE = {
	people: 5000,
	teams: 50,
	quarters: 40,
	challengesPerQuarter: 5,
	sessionsPerChallenge: 10,
	attendeesPerSession: 30,
	ideasPerSession: 20,
	notesPerIdea: 3,
	commitmentsPerSession: 10,
	checkInsPerCommitment: 5,
	/** The people 1..sponsors sponsor the challenges in turn. */
	sponsors: 40,
	facilitators: 20
} as const;

const S = SCALE;
const challenges = S.quarters * S.challengesPerQuarter;
const sessions = challenges * S.sessionsPerChallenge;
const commitments = sessions * S.commitmentsPerSession;

/** `p00042`: person 42; `person(expr)` keeps every reference spelled the same way. */
const person = (n: string) => `'p' || lpad((${n})::text, 5, '0')`;
const team = (n: string) => `'t' || lpad((${n})::text, 3, '0')`;
/** The k-th attendee of session s (k < 30): distinct within a session, spread over everyone. */
const attendee = (s: string, k: string) => `((${s}) * 37 + (${k}) * 167) % ${S.people} + 1`;
const teamOfPerson = (p: string) => `(${p}) % ${S.teams}`;

/** Words the debriefs are made of, so a full-text search finds some and not all. */
const TOPICS = [
	'onboarding',
	'pricing',
	'checkout',
	'latency',
	'support tickets',
	'churn',
	'warehouse picking',
	'invoice errors',
	'handover',
	'release cadence',
	'customer interviews',
	'documentation'
];
const topic = (n: string) =>
	`(array[${TOPICS.map((t) => `'${t}'`).join(',')}])[(${n}) % ${TOPICS.length} + 1]`;

export function seedStatements(passwordHash: string, adminId: string): string[] {
	const hash = passwordHash.replaceAll("'", "''");
	return [
		`insert into org_settings (id, currency, hourly_cost_minor, stale_after_days)
		 values (1, 'EUR', 6000, 14)
		 on conflict (id) do update set hourly_cost_minor = 6000`,

		`insert into teams (id, name)
		 select ${team('t')}, 'Team ' || t from generate_series(0, ${S.teams - 1}) t`,

		`insert into users (id, email, name, password_hash, role, team_id, created_at)
		 select ${person('p')}, 'person' || p || '@scale.test', 'Person ' || p, '${hash}',
		   case when p > ${S.sponsors} and p <= ${S.sponsors + S.facilitators} then 'facilitator' else 'member' end,
		   ${team(teamOfPerson('p'))}, now() - interval '11 years'
		 from generate_series(1, ${S.people}) p`,

		// Quarter q (0..39) ends with the current one; challenge c is the (c % 5)-th of its quarter.
		`create temporary table scale_challenges as
		 select c, c / ${S.challengesPerQuarter} as q,
		   make_date(extract(year from now())::int - 9 + (c / ${S.challengesPerQuarter}) / 4,
		     ((c / ${S.challengesPerQuarter}) % 4) * 3 + 1, 1)::timestamptz
		     + (c % ${S.challengesPerQuarter}) * interval '7 days' as starts
		 from generate_series(0, ${challenges - 1}) c`,

		`insert into challenges (id, title, question, why_it_matters, quarter, status, audience,
		   sponsor_id, facilitator_id, created_by, vote_budget, vote_cap, private_writing,
		   anonymous_notes, created_at, updated_at)
		 select 'c' || lpad(c::text, 4, '0'), 'Challenge ' || c || ': ' || ${topic('c')},
		   'How might we improve ' || ${topic('c')} || '?', 'It costs us every quarter.',
		   to_char(starts, 'YYYY') || '-Q' || to_char(starts, 'Q'),
		   case when q = ${S.quarters - 1} then 'open' else 'closed' end,
		   case when c % 5 = 4 then 'invited' else 'everyone' end,
		   ${person(`c % ${S.sponsors} + 1`)}, ${person(`c % ${S.facilitators} + ${S.sponsors + 1}`)},
		   '${adminId}', 5, 3, false, c % 10 = 9, starts, starts
		 from scale_challenges`,

		// An invited challenge invites ten teams.
		`insert into challenge_teams (challenge_id, team_id)
		 select 'c' || lpad(c::text, 4, '0'), ${team(`(c + k * 5) % ${S.teams}`)}
		 from scale_challenges, generate_series(0, 9) k where c % 5 = 4`,

		`create temporary table scale_sessions as
		 select s, s / ${S.sessionsPerChallenge} as c, starts + (s % ${S.sessionsPerChallenge}) * interval '1 day' as at
		 from generate_series(0, ${sessions - 1}) s
		 join scale_challenges on c = s / ${S.sessionsPerChallenge}`,

		`insert into live_sessions (id, challenge_id, board_id, join_code, stage, created_by, created_at, ended_at)
		 select 's' || lpad(s::text, 5, '0'), 'c' || lpad(c::text, 4, '0'), 'b' || lpad(s::text, 5, '0'),
		   lpad(s::text, 6, '0'), 'closed', '${adminId}', at, at + interval '2 hours'
		 from scale_sessions`,

		`insert into stage_runs (session_id, seq, stage, started_at, ended_at)
		 select 's' || lpad(s::text, 5, '0'), k,
		   (array['lobby','diverge','cluster','vote','commit','closed'])[k + 1],
		   at + k * interval '20 minutes', case when k < 5 then at + (k + 1) * interval '20 minutes' end
		 from scale_sessions, generate_series(0, 5) k`,

		`insert into attendance (session_id, user_id, present_ms, first_seen_at, last_credited_at)
		 select 's' || lpad(s::text, 5, '0'), ${person(attendee('s', 'k'))},
		   (45 + (s + k) % 50) * 60000, at, at + interval '100 minutes'
		 from scale_sessions, generate_series(0, ${S.attendeesPerSession - 1}) k`,

		`insert into ideas (id, session_id, source_kind, source_id, title, position, created_at)
		 select 'i' || lpad(s::text, 5, '0') || '_' || k, 's' || lpad(s::text, 5, '0'), 'cluster',
		   'cl' || k, 'Idea ' || k || ' on ' || ${topic('s + k')}, k, at + interval '1 hour'
		 from scale_sessions, generate_series(0, ${S.ideasPerSession - 1}) k`,

		// Note j of idea k is written by attendee (3k + j) % 30 of the session.
		`create temporary table scale_notes as
		 select s, k, j, at, ${attendee('s', `(k * ${S.notesPerIdea} + j) % ${S.attendeesPerSession}`)} as p
		 from scale_sessions, generate_series(0, ${S.ideasPerSession - 1}) k, generate_series(0, ${S.notesPerIdea - 1}) j`,

		`insert into note_authors (board_id, note_id, user_id, team_id, created_at)
		 select 'b' || lpad(s::text, 5, '0'), 'n' || k || '_' || j, ${person('p')}, ${team(teamOfPerson('p'))}, at
		 from scale_notes`,

		`insert into idea_notes (idea_id, note_id, text, author_id, team_id)
		 select 'i' || lpad(s::text, 5, '0') || '_' || k, 'n' || k || '_' || j,
		   'Try ' || ${topic('s + k + j')} || ' differently', ${person('p')}, ${team(teamOfPerson('p'))}
		 from scale_notes`,

		`insert into ballots (session_id, voter_id, team_id, budget, spent)
		 select 's' || lpad(s::text, 5, '0'), ${person(attendee('s', 'k'))},
		   ${team(teamOfPerson(attendee('s', 'k')))}, 5, 3
		 from scale_sessions, generate_series(0, ${S.attendeesPerSession - 1}) k`,

		// Each voter gives one dot to three ideas, biased to the first ten (the ones committed).
		`insert into votes (session_id, idea_id, voter_id, dots, updated_at)
		 select 's' || lpad(s::text, 5, '0'), 'i' || lpad(s::text, 5, '0') || '_' || ((k + v * 7) % 10 + v * 5) % ${S.ideasPerSession},
		   ${person(attendee('s', 'k'))}, 1, at + interval '80 minutes'
		 from scale_sessions, generate_series(0, ${S.attendeesPerSession - 1}) k, generate_series(0, 2) v
		 on conflict do nothing`,

		// Commitment m: idea m % 10 of session m / 10; statuses by m % 20, the last quarter still open.
		`create temporary table scale_commitments as
		 select m, s, c, at, m % ${S.commitmentsPerSession} as k,
		   case when c >= ${challenges - S.challengesPerQuarter} then
		     (array['committed','in_progress','in_progress','blocked'])[m % 4 + 1]
		   else (array['delivered','delivered','delivered','delivered','delivered','delivered','delivered','delivered',
		     'dropped','dropped','dropped','dropped','in_progress','in_progress','in_progress',
		     'blocked','blocked','committed','committed','committed'])[m % 20 + 1] end as status
		 from generate_series(0, ${commitments - 1}) m
		 join scale_sessions on s = m / ${S.commitmentsPerSession}`,

		`insert into commitments (id, idea_id, session_id, challenge_id, title, description, owner_id,
		   sponsor_id, due_date, metric_name, metric_unit, metric_baseline, metric_target, kind,
		   next_step, status, created_by, created_at, updated_at)
		 select 'm' || lpad(m::text, 5, '0'), 'i' || lpad(s::text, 5, '0') || '_' || k,
		   's' || lpad(s::text, 5, '0'), 'c' || lpad(c::text, 4, '0'),
		   'Fix ' || ${topic('m')} || ' (' || m || ')', 'From the workshop.',
		   ${person(`(m * 53) % ${S.people} + 1`)}, ${person(`c % ${S.sponsors} + 1`)},
		   (at + interval '90 days')::date, 'Minutes per case', 'min', 30, 20,
		   case when m % 3 = 0 then 'pilot' else 'rollout' end, 'Book a kickoff', status,
		   '${adminId}', at + interval '2 hours', at + interval '80 days'
		 from scale_commitments`,

		`insert into commitment_contributors (commitment_id, user_id, team_id)
		 select 'm' || lpad(m::text, 5, '0'), ${person('n.p')}, ${team(teamOfPerson('n.p'))}
		 from scale_commitments m join scale_notes n on n.s = m.s and n.k = m.k
		 on conflict do nothing`,

		`insert into check_ins (id, commitment_id, author_id, status, note, metric_actual, confidence, created_at)
		 select 'k' || lpad(m::text, 5, '0') || '_' || j, 'm' || lpad(m::text, 5, '0'),
		   ${person(`(m * 53) % ${S.people} + 1`)},
		   case when j = ${S.checkInsPerCommitment - 1} then status else 'in_progress' end,
		   'Progress on ' || ${topic('m + j')}, 30 - j * 2, (m + j) % 5 + 1,
		   at + interval '2 hours' + (j + 1) * interval '14 days'
		 from scale_commitments, generate_series(0, ${S.checkInsPerCommitment - 1}) j`,

		`insert into commitment_events (commitment_id, actor_id, kind, detail, created_at)
		 select 'm' || lpad(m::text, 5, '0'), ${person(`(m * 53) % ${S.people} + 1`)},
		   case when j = 0 then 'created' when j <= ${S.checkInsPerCommitment} then 'check_in' else 'status' end,
		   case when j <= ${S.checkInsPerCommitment} then '{}'::jsonb
		     else jsonb_build_object('from', 'in_progress', 'to', status) end,
		   at + interval '2 hours' + j * interval '14 days'
		 from scale_commitments, generate_series(0, ${S.checkInsPerCommitment + 1}) j
		 order by 5`,

		`insert into debriefs (commitment_id, author_id, outcome, what_worked, what_didnt, lessons,
		   objective, situation, people, created_at, updated_at)
		 select 'm' || lpad(m::text, 5, '0'), ${person(`(m * 53) % ${S.people} + 1`)}, status,
		   'A weekly review of ' || ${topic('m')} || ' with the team',
		   'Tooling for ' || ${topic('m + 3')} || ' arrived late',
		   'Start ' || ${topic('m + 5')} || ' small and measure before scaling',
		   'Less time lost on ' || ${topic('m')}, 'Team ' || m % ${S.teams} || ' in a busy quarter',
		   'Two engineers and a product manager', at + interval '80 days', at + interval '80 days'
		 from scale_commitments where status in ('delivered', 'dropped')`,

		`insert into value_records (id, commitment_id, author_id, amount_minor, evidence, status,
		   reviewed_by, reviewed_at, created_at)
		 select 'v' || lpad(m::text, 5, '0'), 'm' || lpad(m::text, 5, '0'),
		   ${person(`(m * 53) % ${S.people} + 1`)}, (m % 50 + 1) * 100000, 'Finance report',
		   case when m % 3 = 0 then 'claimed' else 'confirmed' end,
		   case when m % 3 = 0 then null else ${person(`c % ${S.sponsors} + 1`)} end,
		   case when m % 3 = 0 then null else at + interval '85 days' end, at + interval '81 days'
		 from scale_commitments where status = 'delivered'`,

		// Everyone follows two challenges; the sponsors follow ten more each.
		`insert into follows (user_id, target_kind, target_id)
		 select ${person('p')}, 'challenge', 'c' || lpad(((p * 7 + f * 31) % ${challenges})::text, 4, '0')
		 from generate_series(1, ${S.people}) p, generate_series(0, 1) f
		 union
		 select ${person('p')}, 'challenge', 'c' || lpad(((p * 11 + f * 17) % ${challenges})::text, 4, '0')
		 from generate_series(1, ${S.sponsors}) p, generate_series(0, 9) f`,

		`insert into kudos (id, from_user_id, to_user_id, commitment_id, text, created_at)
		 select 'q' || lpad(m::text, 5, '0'), ${person(`(m * 7) % ${S.people} + 1`)},
		   ${person(`(m * 53) % ${S.people} + 1`)}, 'm' || lpad(m::text, 5, '0'),
		   'Thank you for carrying this through.', at + interval '82 days'
		 from scale_commitments where status = 'delivered'`,

		`insert into notifications (id, user_id, kind, commitment_id, actor_id, text, read_at, created_at)
		 select 'o' || lpad(m::text, 5, '0') || '_' || j,
		   case when j = 0 then ${person(`c % ${S.sponsors} + 1`)} else ${person(`(m * 53 + j) % ${S.people} + 1`)} end,
		   'check_in', 'm' || lpad(m::text, 5, '0'), ${person(`(m * 53) % ${S.people} + 1`)},
		   'A check-in on Fix ' || ${topic('m')}, case when m % 4 = 0 then null else at + interval '30 days' end,
		   at + interval '16 days'
		 from scale_commitments, generate_series(0, 4) j`
	];
}

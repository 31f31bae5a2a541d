import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../challenges/queries.ts';
import { EMPTY_FUNNEL, type FunnelCounts } from '../../shared/funnel.ts';
import { rowsOf } from '../db/rows.ts';

/**
 * Funnel counts grouped by challenge or by quarter, in one query per stage. A quarter counts
 * each participant once however many of its sessions they joined: people, not attendances.
 */
export async function funnelCounts(
	db: DbOrTx,
	by: 'challenge' | 'quarter',
	challengeIds: readonly string[]
): Promise<Map<string, FunnelCounts>> {
	const result = new Map<string, FunnelCounts>();
	if (challengeIds.length === 0) return result;
	const key = by === 'challenge' ? sql`c.id` : sql`c.quarter`;
	const ids = sql.join(
		challengeIds.map((id) => sql`${id}`),
		sql`, `
	);
	const queries: [keyof FunnelCounts, SQL][] = [
		[
			'participants',
			sql`select ${key} as key, count(distinct a.user_id)::int as n from challenges c
				join live_sessions s on s.challenge_id = c.id join attendance a on a.session_id = s.id
				where c.id in (${ids}) group by 1`
		],
		[
			'notes',
			sql`select ${key} as key, count(*)::int as n from challenges c
				join live_sessions s on s.challenge_id = c.id join note_authors na on na.board_id = s.board_id
				where c.id in (${ids}) group by 1`
		],
		[
			'ideas',
			sql`select ${key} as key, count(*)::int as n from challenges c
				join live_sessions s on s.challenge_id = c.id join ideas i on i.session_id = s.id
				where c.id in (${ids}) group by 1`
		],
		[
			'votedIdeas',
			sql`select ${key} as key, count(distinct v.idea_id)::int as n from challenges c
				join live_sessions s on s.challenge_id = c.id join votes v on v.session_id = s.id
				where c.id in (${ids}) and v.dots > 0 group by 1`
		],
		[
			'commitments',
			sql`select ${key} as key, count(*)::int as n from challenges c
				join commitments m on m.challenge_id = c.id where c.id in (${ids}) group by 1`
		],
		[
			'delivered',
			sql`select ${key} as key, count(*)::int as n from challenges c
				join commitments m on m.challenge_id = c.id
				where c.id in (${ids}) and m.status = 'delivered' group by 1`
		],
		[
			'valueConfirmed',
			sql`select ${key} as key, count(distinct m.id)::int as n from challenges c
				join commitments m on m.challenge_id = c.id join value_records vr on vr.commitment_id = m.id
				where c.id in (${ids}) and vr.status = 'confirmed' group by 1`
		]
	];
	const answers = await Promise.all(queries.map(([, q]) => db.execute(q)));
	answers.forEach((answer, i) => {
		const stageName = queries[i]![0];
		for (const row of rowsOf<{ key: unknown; n: unknown }>(answer)) {
			const k = String(row.key);
			const counts = result.get(k) ?? { ...EMPTY_FUNNEL };
			counts[stageName] = Number(row.n);
			result.set(k, counts);
		}
	});
	return result;
}

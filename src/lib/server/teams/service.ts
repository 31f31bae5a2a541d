import { asc, eq, sql } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import { teams, type Team } from '../db/schema/index.ts';
import { newId } from '../ids.ts';
import { requireAdmin, requireUser } from '../auth/access.ts';
import { DomainError } from '../../shared/errors.ts';
import { teamNameInput, type PublicUser } from '../../shared/auth.ts';
import { parseInput } from '../../shared/validate.ts';

export interface PublicTeam {
	id: string;
	name: string;
}

const toPublicTeam = ({ id, name }: Team): PublicTeam => ({ id, name });

/** Team names are not secret: the sign-up form offers them to new people. */
export async function listTeams(ctx: AppContext): Promise<PublicTeam[]> {
	const rows = await ctx.db.select().from(teams).orderBy(asc(teams.name));
	return rows.map(toPublicTeam);
}

/** The admin page's list: the same names, but asked for by someone who manages them. */
export async function listTeamsToManage(
	ctx: AppContext,
	actor: PublicUser | null
): Promise<PublicTeam[]> {
	requireAdmin(actor);
	return listTeams(ctx);
}

export async function getTeam(
	ctx: AppContext,
	actor: PublicUser | null,
	id: string
): Promise<PublicTeam | null> {
	requireUser(actor);
	const [row] = await ctx.db.select().from(teams).where(eq(teams.id, id));
	return row ? toPublicTeam(row) : null;
}

export async function createTeam(
	ctx: AppContext,
	actor: PublicUser | null,
	body: unknown
): Promise<PublicTeam> {
	requireAdmin(actor);
	const { name } = parseInput(teamNameInput, body);
	await refuseDuplicateName(ctx, name, null);
	const [row] = await ctx.db.insert(teams).values({ id: newId(), name }).returning();
	return toPublicTeam(row!);
}

export async function renameTeam(
	ctx: AppContext,
	actor: PublicUser | null,
	id: string,
	body: unknown
): Promise<PublicTeam> {
	requireAdmin(actor);
	const { name } = parseInput(teamNameInput, body);
	await refuseDuplicateName(ctx, name, id);
	const [row] = await ctx.db.update(teams).set({ name }).where(eq(teams.id, id)).returning();
	if (!row) throw new DomainError('not_found', 'That team does not exist.');
	return toPublicTeam(row);
}

async function refuseDuplicateName(ctx: AppContext, name: string, exceptId: string | null) {
	const [clash] = await ctx.db
		.select({ id: teams.id })
		.from(teams)
		.where(sql`lower(${teams.name}) = lower(${name})`);
	if (clash && clash.id !== exceptId) {
		throw new DomainError('conflict', `A team called “${name}” already exists.`, {
			fields: { name: 'A team with this name already exists.' }
		});
	}
}

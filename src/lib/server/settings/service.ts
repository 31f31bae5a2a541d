import { eq } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import type { DbOrTx } from '../challenges/queries.ts';
import { orgSettings } from '../db/schema/index.ts';
import { requireAdmin } from '../auth/access.ts';
import type { PublicUser } from '../../shared/auth.ts';
import { parseInput } from '../../shared/validate.ts';
import { orgSettingsPatch } from '../../shared/value-input.ts';
import { parseAmount } from '../../shared/ledger.ts';
import { DomainError } from '../../shared/errors.ts';
import { readOrgSettings } from './org.ts';

export interface OrgSettings {
	currency: string;
	hourlyCostMinor: number;
	staleAfterDays: number;
}

/** The settings an admin sees and sets, from the single row `readOrgSettings` guarantees. */
export async function loadSettings(db: DbOrTx): Promise<OrgSettings> {
	const { currency, hourlyCostMinor, staleAfterDays } = await readOrgSettings(db);
	return { currency, hourlyCostMinor, staleAfterDays };
}

/** `GET /api/v1/settings` (admin). */
export async function getSettings(
	ctx: AppContext,
	actor: PublicUser | null
): Promise<{ settings: OrgSettings }> {
	requireAdmin(actor);
	return { settings: await loadSettings(ctx.db) };
}

/** `PATCH /api/v1/settings` (admin): the hourly cost rate, currency and stale threshold. */
export async function updateSettings(
	ctx: AppContext,
	actor: PublicUser | null,
	body: unknown
): Promise<{ settings: OrgSettings }> {
	// authorize
	requireAdmin(actor);
	// validate
	const patch = parseInput(orgSettingsPatch, body);
	// apply
	await loadSettings(ctx.db);
	await ctx.db
		.update(orgSettings)
		.set({ ...patch, updatedAt: new Date() })
		.where(eq(orgSettings.id, 1));
	return { settings: await loadSettings(ctx.db) };
}

/**
 * The admin page's form: the rate typed as a decimal in the (new) currency, e.g. "65.50".
 * The amount is read once the currency is known to be real, so its decimals are right.
 */
export async function updateSettingsFromForm(
	ctx: AppContext,
	actor: PublicUser | null,
	form: { currency?: string; hourlyCost?: string }
): Promise<{ settings: OrgSettings }> {
	requireAdmin(actor);
	const { currency } = parseInput(orgSettingsPatch, { currency: form.currency ?? '' });
	const hourlyCostMinor = parseAmount(form.hourlyCost ?? '', currency!);
	if (hourlyCostMinor === null) {
		const message = `Write the hourly cost as an amount in ${currency}, e.g. 65.50.`;
		throw new DomainError('invalid_input', message, { fields: { hourlyCost: message } });
	}
	return updateSettings(ctx, actor, { currency, hourlyCostMinor });
}

import type { ExpressionBuilder, Expression, SqlBool } from 'kysely';
import { CODE_TTL_MS, redeemMode, type RedeemMode } from '@perch/shared';
import type { Database } from '../db/schema';
import { asActor, type Acting } from '../audit/actor';
import { recordAudit } from '../audit/audit.service';
import type { Context, Services } from '../context';
import { readSetting, writeSetting } from '../db/settings';

const KEY = 'redeem_mode';

/** Who may redeem a code now: `open` (any browser) until an admin chooses `enrolled`. */
export async function getRedeemMode(ctx: Pick<Services, 'db'>): Promise<RedeemMode> {
  const parsed = redeemMode.safeParse(await readSetting(ctx.db, KEY));
  return parsed.success ? parsed.data : 'open';
}

/**
 * The redeem mode from this instance's memory (SettingsCache: every instance forgets its copy when
 * an admin changes it, or after SETTINGS_CACHE_MAX_AGE_MS should that news be lost), or `fresh`
 * from the database: a redeem on PostgreSQL is one round trip with it, two without. A copy may lag
 * a change made on another instance, so it only ever picks which failure throttles hold a redeem;
 * who may redeem is checked in the redeem's statement itself (redeemIsOpen), and a refusal is only
 * made on a fresh read.
 */
export async function rememberedRedeemMode(ctx: Pick<Services, 'db' | 'settings'>, opts: { fresh?: boolean } = {}): Promise<RedeemMode> {
  return opts.fresh ? getRedeemMode(ctx) : ctx.settings.read(KEY, () => getRedeemMode(ctx));
}

/** True in the statement that redeems a code while redeem mode is `open` (any browser may redeem). */
export function redeemIsOpen(eb: ExpressionBuilder<Database, 'sessions'>): Expression<SqlBool> {
  return eb.not(
    eb.exists(eb.selectFrom('settings').select('settings.key').where('settings.key', '=', KEY).where('settings.value', '=', 'enrolled' satisfies RedeemMode)),
  );
}

/**
 * Sets who may redeem, audited. Going back to `open` also shortens every waiting code that lives
 * longer than CODE_TTL_MS (long-lived class cards) to CODE_TTL_MS from now, in the same
 * transaction: the arithmetic of open mode (docs/SECURITY.md) assumes no code lives longer.
 */
export async function setRedeemMode(ctx: Context & Acting, mode: RedeemMode): Promise<{ mode: RedeemMode; shortened: number }> {
  const now = ctx.now();
  const result = await ctx.db.transaction().execute(async (db) => {
    const before = await getRedeemMode({ db });
    await writeSetting(db, KEY, mode, ctx.admin.id, now);
    let shortened = 0;
    if (mode === 'open') {
      const capped = await db
        .updateTable('sessions')
        .set({ code_expires_at: now + CODE_TTL_MS, expires_at: now + CODE_TTL_MS, updated_at: now })
        .where('state', '=', 'pending')
        .where('code_expires_at', '>', now + CODE_TTL_MS)
        .executeTakeFirst();
      shortened = Number(capped.numUpdatedRows);
    }
    await recordAudit(db, now, ctx.req, { ...asActor(ctx), action: 'tablet.redeem_mode', detail: { from: before, to: mode, shortenedCodes: shortened } });
    return { mode, shortened };
  });
  // After the commit, so no instance can read the old mode back into its memory.
  await ctx.settings.changed(KEY);
  return result;
}

import { DEVICE_COOKIE, DEVICE_COOKIE_MAX_AGE_MS, DEVICE_TOKEN_GRACE_MS, DEVICE_TOKEN_ROTATE_MS, TABLET_HEARTBEAT_MS } from '@perch/shared';
import { generateToken, hashToken } from '../platform/secrets';
import type { Context, Services } from '../context';
import type { TabletRow } from './tablet-events';

export function setDeviceCookie(ctx: Pick<Context, 'res'>, token: string) {
  ctx.res.setCookie(DEVICE_COOKIE, token, { maxAgeMs: DEVICE_COOKIE_MAX_AGE_MS });
}

/**
 * The enrolled tablet a device token names, or null (unknown, retired, or a previous token past its
 * grace). The token before a rotation still works for DEVICE_TOKEN_GRACE_MS, so a request already
 * in flight with it is not refused.
 */
export async function findTabletByToken(ctx: Services, token: string): Promise<TabletRow | null> {
  const hash = hashToken(token);
  const now = ctx.now();
  const row = await ctx.db
    .selectFrom('tablets')
    .selectAll()
    .where('retired_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb('token_hash', '=', hash),
        eb.and([eb('previous_token_hash', '=', hash), eb('token_rotated_at', '>', now - DEVICE_TOKEN_GRACE_MS)]),
      ]),
    )
    .executeTakeFirst();
  return row ?? null;
}

/**
 * The enrolled tablet this request comes from, or null. On a query or mutation (not a stream,
 * which cannot set cookies once open) the token is rotated when it is a day old: one conditional
 * UPDATE, so of two requests at once only one rotates, and the other's old token keeps its grace.
 * A retired or unknown cookie is cleared.
 */
export async function currentTablet(ctx: Context, opts: { rotate: boolean }): Promise<TabletRow | null> {
  const token = ctx.req.cookies[DEVICE_COOKIE];
  if (!token) return null;
  const row = await findTabletByToken(ctx, token);
  if (!row) {
    if (opts.rotate) ctx.res.clearCookie(DEVICE_COOKIE);
    return null;
  }
  const now = ctx.now();
  const hash = hashToken(token);
  if (opts.rotate && row.token_hash === hash && row.token_rotated_at <= now - DEVICE_TOKEN_ROTATE_MS) {
    const fresh = generateToken();
    const rotated = await ctx.db
      .updateTable('tablets')
      .set({ previous_token_hash: hash, token_hash: hashToken(fresh), token_rotated_at: now, last_seen_at: now })
      .where('id', '=', row.id)
      .where('token_hash', '=', hash)
      .returningAll()
      .executeTakeFirst();
    if (rotated) {
      setDeviceCookie(ctx, fresh);
      return rotated;
    }
  }
  if (row.last_seen_at === null || row.last_seen_at <= now - TABLET_HEARTBEAT_MS) {
    await ctx.db.updateTable('tablets').set({ last_seen_at: now }).where('id', '=', row.id).execute();
  }
  return row;
}

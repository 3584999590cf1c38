import { RESILIENCE } from '@perch/shared';
import { sessionDeviceActor } from '../audit/actor';
import { recordAudit } from '../audit/audit.service';
import { hashToken } from '../platform/secrets';
import type { Context, Services } from '../context';
import type { SessionRow } from '../sessions/lifecycle';
import { deviceHash } from './device';

/**
 * A redeem can commit and its answer still never arrive: the connection dropped, the database
 * connection died at COMMIT, the server was stopped. The code is spent and the tablet holds no
 * cookie. So the tablet that redeemed a code (same device hash) may redeem it again for a short
 * while (RESILIENCE.redeemRecoveryMs) and gets a new cookie for the same session; the token it
 * never received is replaced, so it can never be used.
 *
 * Only while the first cookie has never been presented: a tablet that got its answer calls
 * kiosk.me at once, and from then on nobody who saw the code, even on an identical tablet, can
 * take the session over. Not in the first second either, so a double tap's second redeem cannot
 * race the first one's cookie. Returns null when the code does not qualify.
 */
export async function recoverLostRedeem(ctx: Context, codeHash: string, token: string): Promise<SessionRow | null> {
  const now = ctx.now();
  return ctx.db.transaction().execute(async (db) => {
    const row = await db
      .updateTable('sessions')
      .set({ token_hash: hashToken(token), updated_at: now })
      .where('spent_code_hash', '=', codeHash)
      .where('device_hash', '=', deviceHash(ctx.req))
      .where('token_seen_at', 'is', null)
      .where('redeemed_at', '>', now - RESILIENCE.redeemRecoveryMs)
      .where('redeemed_at', '<=', now - RESILIENCE.redeemRecoveryMinAgeMs)
      .where('state', 'in', ['active', 'locked'])
      .where('expires_at', '>', now)
      .returningAll()
      .executeTakeFirst();
    if (!row) return null;
    await recordAudit(db, now, ctx.req, {
      action: 'session.redeem_recovered',
      ...sessionDeviceActor(row),
      sessionId: row.id,
      learnerId: row.learner_id,
    });
    return row;
  });
}

/** The kiosk cookie has been presented: from now on its session can no longer be recovered. */
export async function markTokenSeen(ctx: Services, session: Pick<SessionRow, 'id' | 'token_seen_at'>): Promise<void> {
  if (session.token_seen_at !== null) return;
  await ctx.db
    .updateTable('sessions')
    .set({ token_seen_at: ctx.now() })
    .where('id', '=', session.id)
    .where('token_seen_at', 'is', null)
    .execute();
}

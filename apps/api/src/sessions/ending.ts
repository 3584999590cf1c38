import { LIVE_STATES } from '@perch/shared';
import { PerchError } from '../platform/errors';
import { inSessionTx, refusal, transition, tryTransition, type SessionRow, type SessionTx } from './lifecycle';
import { asActor } from '../audit/actor';
import type { AdminContext } from './sessions.service';

/**
 * Ends a session gracefully: a running one goes to `ending` (the sweeper finishes it after the
 * grace period, while its tablet says goodbye); one whose code was never redeemed is simply revoked.
 */
export async function endSession(ctx: AdminContext, sessionId: string): Promise<void> {
  await inSessionTx(ctx, async (tx) => {
    if (!(await endGracefully(ctx, tx, sessionId))) throw await refusal(tx, sessionId, 'ending');
  });
}

/**
 * endSession's moves inside the caller's transaction (also used to end a learner's session when a
 * new one replaces it); `detail` goes into the audit entry. Null when the session is not live.
 */
export async function endGracefully(
  ctx: AdminContext,
  tx: SessionTx,
  sessionId: string,
  detail?: Record<string, unknown>,
): Promise<SessionRow | null> {
  const audit = { ...asActor(ctx), action: 'session.end' as const, ...(detail ? { detail } : {}) };
  const ending = await tryTransition(tx, { to: 'ending', target: { id: sessionId }, audit, req: ctx.req });
  if (ending) return ending;
  return tryTransition(tx, {
    to: 'revoked',
    target: { id: sessionId },
    guard: (eb) => eb('state', '=', 'pending'),
    set: { end_reason: 'Ended before its code was redeemed.' },
    audit: { ...audit, detail: { ...detail, beforeRedeem: true } },
    req: ctx.req,
  });
}

/**
 * Ends a session at once, with a reason kept on the session and in the audit log. `forced`: its
 * tablet goes straight back to "Scan your code", without the goodbye.
 */
export async function forceEndSession(ctx: AdminContext, sessionId: string, reason: string): Promise<void> {
  await inSessionTx(ctx, (tx) =>
    transition(tx, {
      to: 'revoked',
      target: { id: sessionId },
      set: { end_reason: reason, end_kind: 'forced' },
      audit: { ...asActor(ctx), action: 'session.force_end', detail: { reason } },
      req: ctx.req,
    }),
  );
}

/** Revokes every live session of one class start; returns how many were still live. */
export async function revokeBatch(ctx: AdminContext, batchId: string): Promise<{ revoked: number }> {
  return inSessionTx(ctx, async (tx) => {
    const batch = await tx.db.selectFrom('batches').select('id').where('id', '=', batchId).executeTakeFirst();
    if (!batch) throw new PerchError('NOT_FOUND', 'NOT_FOUND', 'That class start was not found.');
    const live = await tx.db
      .selectFrom('sessions')
      .select('id')
      .where('batch_id', '=', batchId)
      .where('state', 'in', [...LIVE_STATES])
      .execute();
    let revoked = 0;
    for (const { id } of live) {
      const row = await tryTransition(tx, {
        to: 'revoked',
        target: { id },
        set: { end_reason: 'Class start revoked.' },
        audit: { ...asActor(ctx), action: 'session.revoke_batch', detail: { batchId } },
        req: ctx.req,
      });
      if (row) revoked++;
    }
    return { revoked };
  });
}

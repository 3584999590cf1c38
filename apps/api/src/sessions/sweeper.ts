import { sql } from 'kysely';
import { ENDING_GRACE_MS, FINAL_STATES, SESSION_SWEEP_INTERVAL_MS } from '@perch/shared';
import type { Services } from '../trpc';
import { inSessionTx, tryTransition, type TransitionRequest } from './lifecycle';

/** Work per pass is bounded; whatever is left waits a second for the next pass. */
const BATCH = 500;

export interface SweepResult {
  expired: number;
  locked: number;
  ended: number;
  guestsDeleted: number;
}

/**
 * Moves every session whose time has come, through the lifecycle so events and audit entries
 * follow. Each move re-checks its condition inside its UPDATE, so several instances sweeping at
 * once (or an admin acting meanwhile) cannot move a session twice.
 */
export async function sweepOnce(ctx: Services): Promise<SweepResult> {
  const now = ctx.now();
  const result: SweepResult = { expired: 0, locked: 0, ended: 0, guestsDeleted: 0 };

  // Guest sessions keep nothing once over (the audit log keeps the facts, without a name). The
  // row outlives its end by the grace period, so screens reading it on the final event find it.
  const deleted = await ctx.db
    .deleteFrom('sessions')
    .where('guest_age_band', 'is not', null)
    .where('state', 'in', [...FINAL_STATES])
    .where('ended_at', '<=', now - ENDING_GRACE_MS)
    .executeTakeFirst();
  result.guestsDeleted = Number(deleted.numDeletedRows);

  const codeLapsed = await ctx.db
    .selectFrom('sessions')
    .select('id')
    .where('state', '=', 'pending')
    .where((eb) => eb.or([eb('code_expires_at', '<=', now), eb('expires_at', '<=', now)]))
    .limit(BATCH)
    .execute();
  for (const { id } of codeLapsed) {
    const moved = await move(ctx, {
      to: 'expired',
      target: { id },
      guard: (eb) =>
        eb.and([
          eb('state', '=', 'pending'),
          eb.or([eb('code_expires_at', '<=', now), eb('expires_at', '<=', now)]),
        ]),
      set: { end_reason: 'The code was not redeemed in time.' },
      audit: { actorType: 'system', action: 'session.expire', detail: { why: 'code_lapsed' } },
      req: null,
    });
    if (moved) result.expired++;
  }

  const timeUp = await ctx.db
    .selectFrom('sessions')
    .select('id')
    .where('state', 'in', ['active', 'locked'])
    .where('expires_at', '<=', now)
    .limit(BATCH)
    .execute();
  for (const { id } of timeUp) {
    const moved = await move(ctx, {
      to: 'expired',
      target: { id },
      guard: (eb) => eb.and([eb('state', 'in', ['active', 'locked']), eb('expires_at', '<=', now)]),
      set: { end_reason: 'The session’s time ran out.' },
      audit: { actorType: 'system', action: 'session.expire', detail: { why: 'time_up' } },
      req: null,
    });
    if (moved) result.expired++;
  }

  // Idle lock: minutes without interaction, as the session was started with (0 = never).
  const idleSince = sql<boolean>`last_activity_at + idle_lock_min * 60000 <= ${now}`;
  const idle = await ctx.db
    .selectFrom('sessions')
    .select('id')
    .where('state', '=', 'active')
    .where('idle_lock_min', '>', 0)
    .where(idleSince)
    .limit(BATCH)
    .execute();
  for (const { id } of idle) {
    const moved = await move(ctx, {
      to: 'locked',
      target: { id },
      guard: (eb) => eb.and([eb('state', '=', 'active'), eb('idle_lock_min', '>', 0), idleSince]),
      audit: { actorType: 'system', action: 'session.lock', detail: { why: 'idle' } },
      req: null,
    });
    if (moved) result.locked++;
  }

  // The ending grace is over: the kiosk has had its moment to wrap up. The end itself was audited.
  const graceOver = now - ENDING_GRACE_MS;
  const ending = await ctx.db
    .selectFrom('sessions')
    .select('id')
    .where('state', '=', 'ending')
    .where('ending_at', '<=', graceOver)
    .limit(BATCH)
    .execute();
  for (const { id } of ending) {
    const moved = await move(ctx, {
      to: 'ended',
      target: { id },
      guard: (eb) => eb.and([eb('state', '=', 'ending'), eb('ending_at', '<=', graceOver)]),
      audit: null,
      req: null,
    });
    if (moved) result.ended++;
  }
  return result;
}

/** One session per transaction: a long pass never holds a lock on many rows. */
function move(ctx: Services, request: TransitionRequest) {
  return inSessionTx(ctx, (tx) => tryTransition(tx, request));
}

/** Sweeps every second until the returned function is called (at shutdown). */
export function startLifecycleSweeper(services: Services): () => void {
  let running = false;
  let stopped = false;
  const timer = setInterval(() => {
    // A slow pass (a busy database) is not overlapped by the next; it simply skips a beat.
    if (running || stopped) return;
    running = true;
    sweepOnce(services)
      .catch((err: unknown) => console.error('[perch] session sweep failed:', err))
      .finally(() => {
        running = false;
      });
  }, SESSION_SWEEP_INTERVAL_MS);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}

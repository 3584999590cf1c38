import { sql } from 'kysely';
import { ENDING_GRACE_MS, FINAL_STATES, SESSION_SWEEP_INTERVAL_MS, type SessionState } from '@perch/shared';
import type { Services } from '../context';
import { inSessionTx, tryTransition, type TransitionRequest } from './lifecycle';

/** Work per pass is bounded; whatever is left waits a second for the next pass. */
const BATCH = 500;

export interface SweepResult {
  expired: number;
  locked: number;
  ended: number;
  guestsDeleted: number;
}

type Due = NonNullable<TransitionRequest['guard']>;

/**
 * One timed move. `due` is written once: it picks the sessions to move and is checked again inside
 * each UPDATE, so the two can never disagree.
 */
interface SweepRule {
  due: (now: number) => Due;
  to: SessionState;
  set?: TransitionRequest['set'];
  audit: TransitionRequest['audit'];
  counts: 'expired' | 'locked' | 'ended';
}

const RULES: SweepRule[] = [
  {
    // Nobody redeemed the code in time. (A pending session's clock has not started: its code's
    // life is all it has.)
    due: (now) => (eb) => eb.and([eb('state', '=', 'pending'), eb('code_expires_at', '<=', now)]),
    to: 'expired',
    set: { end_reason: 'The code was not redeemed in time.' },
    audit: { actorType: 'system', action: 'session.expire', detail: { why: 'code_lapsed' } },
    counts: 'expired',
  },
  {
    due: (now) => (eb) => eb.and([eb('state', 'in', ['active', 'locked']), eb('expires_at', '<=', now)]),
    to: 'expired',
    set: { end_reason: 'The session’s time ran out.' },
    audit: { actorType: 'system', action: 'session.expire', detail: { why: 'time_up' } },
    counts: 'expired',
  },
  {
    // Idle lock: minutes without interaction, as the session was started with (0 = never).
    due: (now) => (eb) =>
      eb.and([
        eb('state', '=', 'active'),
        eb('idle_lock_min', '>', 0),
        sql<boolean>`last_activity_at + idle_lock_min * 60000 <= ${now}`,
      ]),
    to: 'locked',
    audit: { actorType: 'system', action: 'session.lock', detail: { why: 'idle' } },
    counts: 'locked',
  },
  {
    // The ending grace is over: the kiosk has had its moment to wrap up. The end itself was audited.
    due: (now) => (eb) => eb.and([eb('state', '=', 'ending'), eb('ending_at', '<=', now - ENDING_GRACE_MS)]),
    to: 'ended',
    audit: null,
    counts: 'ended',
  },
];

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

  for (const rule of RULES) {
    const due = rule.due(now);
    const rows = await ctx.db.selectFrom('sessions').select('id').where(due).limit(BATCH).execute();
    for (const { id } of rows) {
      const request = { to: rule.to, target: { id }, guard: due, set: rule.set, audit: rule.audit, req: null };
      if (await move(ctx, request)) result[rule.counts]++;
    }
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

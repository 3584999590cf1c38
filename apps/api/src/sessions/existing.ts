import {
  EXISTING_SESSION_STATES,
  existingSessionSentence,
  existingSessionShort,
  minutesLeft,
  type ExistingSession,
  type OnExisting,
  type OnExistingInClass,
} from '@perch/shared';
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import { dialectOf } from '../db/dialect';
import type { Database } from '../db/schema';
import { LearnerHasSessionError } from '../platform/errors';
import { iso } from '../platform/time';
import { endGracefully } from './ending';
import type { SessionTx } from './lifecycle';
import type { AdminContext } from './sessions.service';

/**
 * One learner, one session, unless the admin says otherwise (onExisting). Every start (single,
 * class, sent to a tablet, by an agent) goes through learnersToStart, which locks the learners'
 * rows first: two starts for one learner at once queue up there, and the second sees the first's
 * session, so of two parallel starts without onExisting exactly one wins.
 *
 * PostgreSQL: `SELECT … ORDER BY id FOR UPDATE` (in id order, so two class starts that share
 * learners cannot deadlock). SQLite: nothing to do, Perch's one connection runs one transaction at
 * a time (Kysely's SQLite driver holds it from BEGIN to COMMIT), so a check and its insert never
 * interleave with another start's.
 */
export async function lockLearners(tx: SessionTx, learnerIds: string[]): Promise<void> {
  if (dialectOf(tx.db) !== 'postgres') return;
  await tx.db.selectFrom('learners').select('id').where('id', 'in', learnerIds).orderBy('id').forUpdate().execute();
}

/**
 * The learners' sessions that count as theirs: waiting or running (EXISTING_SESSION_STATES) and not
 * past their end (a pending session ends with its code: a lapsed card is no session, even before
 * the sweeper says so).
 */
function existingFor(learnerIds: string[], now: number) {
  return (eb: ExpressionBuilder<Database, 'sessions'>): Expression<SqlBool> =>
    eb.and([
      eb('sessions.learner_id', 'in', learnerIds),
      eb('sessions.state', 'in', [...EXISTING_SESSION_STATES]),
      eb('sessions.expires_at', '>', now),
    ]);
}

/**
 * How many sessions each learner has waiting or running: what `keep` starts beside. A count, not
 * the rows: a learner an agent keeps starting for could have hundreds, and each start reads them.
 */
async function liveSessionCounts(tx: SessionTx, learnerIds: string[]): Promise<Map<string, number>> {
  const rows = await tx.db
    .selectFrom('sessions')
    .select(['learner_id', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where(existingFor(learnerIds, tx.now))
    .groupBy('learner_id')
    .execute();
  return new Map(rows.map((r) => [r.learner_id!, Number(r.n)]));
}

/** The learners' sessions waiting for their code or tablet, or running, newest first. */
async function liveSessionsOf(tx: SessionTx, learnerIds: string[]): Promise<ExistingSession[]> {
  const rows = await tx.db
    .selectFrom('sessions')
    .leftJoin('tablets', 'tablets.id', 'sessions.tablet_id')
    .select([
      'sessions.id',
      'sessions.learner_id',
      'sessions.learner_name',
      'sessions.state',
      'sessions.expires_at',
      'tablets.name as tablet_name',
    ])
    .where(existingFor(learnerIds, tx.now))
    .orderBy('sessions.created_at', 'desc')
    .orderBy('sessions.id')
    .execute();
  return rows.map((r) => ({
    sessionId: r.id,
    learnerId: r.learner_id!,
    learnerName: r.learner_name,
    state: r.state as ExistingSession['state'],
    tabletName: r.tablet_name,
    endsAt: iso(r.expires_at),
    minutesLeft: minutesLeft(r.expires_at, tx.now),
  }));
}

/** The refusal: names the session(s), says nothing was started and how to go on. */
function learnerHasSession(existing: ExistingSession[], learnerCount: number): LearnerHasSessionError {
  if (learnerCount === 1) {
    const [first, ...more] = existing;
    const others = more.length === 0 ? '' : ` ${more.length === 1 ? 'There is 1 more' : `There are ${more.length} more`}.`;
    return new LearnerHasSessionError(
      existing,
      `${existingSessionSentence(first!)}${others} Nothing was started. To end it and start this one, send ` +
        'onExisting "end"; to start a second session beside it, send onExisting "keep".',
    );
  }
  return new LearnerHasSessionError(
    existing,
    `Every learner you chose already has a session: ${existing.map(existingSessionShort).join('; ')}. Nothing was started. ` +
      'Send onExisting "end" to end theirs first, or "keep" to start second ones.',
  );
}

/** One entry per learner (their newest session), in the order the learners were chosen. */
function newestPerLearner(existing: ExistingSession[], learnerIds: string[]): ExistingSession[] {
  const newest = new Map<string, ExistingSession>();
  for (const s of existing) if (!newest.has(s.learnerId)) newest.set(s.learnerId, s);
  return learnerIds.flatMap((id) => newest.get(id) ?? []);
}

/** What a start did with its learners' other sessions (settleExisting), for its answer and its audit entries. */
export interface Settled {
  onExisting: OnExisting | OnExistingInClass;
  /** Learners left out (`skip`): the newest session of each. */
  skipped: ExistingSession[];
  /** The sessions `end` ended. */
  others: ExistingSession[];
  /** `keep`: how many sessions each learner already had, which the new ones run beside. */
  beside?: Map<string, number>;
}

/** The onExisting part of a started session's audit detail (see onExistingDetail). */
export interface OnExistingDetail {
  onExisting?: 'end' | 'keep';
  endedSessionIds?: string[];
  /** How many of the learner's sessions the new one runs beside. */
  besideSessions?: number;
}

/**
 * The admin's onExisting choice for each started session's audit entry (sessions.start,
 * sessions.startBulk, tablets.send, tablets.sendClass, and the agent tools over them), with what it
 * did for this learner: the sessions it ended (endedSessionIds), or how many the new session runs
 * beside (besideSessions); neither when the learner had none. The defaults, refusing and (a class)
 * leaving out, never start anyone who had a session: nothing to say.
 */
export function onExistingDetail({ onExisting, others, beside }: Settled, learnerId: string): OnExistingDetail {
  if (onExisting === 'keep') {
    const count = beside?.get(learnerId) ?? 0;
    return count > 0 ? { onExisting, besideSessions: count } : { onExisting };
  }
  if (onExisting !== 'end') return {};
  const ids = others.filter((s) => s.learnerId === learnerId).map((s) => s.sessionId);
  return ids.length > 0 ? { onExisting, endedSessionIds: ids } : { onExisting };
}

/**
 * Deals with the learners' sessions already waiting or running, as the start asked, inside its
 * transaction (after learnersToStart has locked them): `refuse` throws LEARNER_HAS_SESSION naming
 * them; `end` ends them gracefully (their tablets say goodbye) so the new ones replace them
 * atomically; `keep` leaves them; `skip` returns them (newest per learner) for the start to leave
 * those learners out, and refuses only when that would leave nobody. Answers what it did (Settled),
 * for the start's answer and, through onExistingDetail, its audit entries.
 */
export async function settleExisting(
  ctx: AdminContext,
  tx: SessionTx,
  learnerIds: string[],
  onExisting: OnExisting | OnExistingInClass,
): Promise<Settled> {
  if (onExisting === 'keep') return { onExisting, skipped: [], others: [], beside: await liveSessionCounts(tx, learnerIds) };
  const existing = await liveSessionsOf(tx, learnerIds);
  if (existing.length === 0) return { onExisting, skipped: [], others: existing };
  if (onExisting === 'end') {
    for (const s of existing) await endGracefully(ctx, tx, s.sessionId, { replaced: true });
    return { onExisting, skipped: [], others: existing };
  }
  const skipped = newestPerLearner(existing, learnerIds);
  if (onExisting === 'refuse' || skipped.length === learnerIds.length) {
    throw learnerHasSession(onExisting === 'refuse' ? existing : skipped, learnerIds.length);
  }
  return { onExisting, skipped, others: [] };
}

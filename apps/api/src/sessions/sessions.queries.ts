import type { Kysely } from 'kysely';
import { SESSIONS_LIST, guestAgeBand, type SessionState, type SessionSummary } from '@perch/shared';
import type { Database } from '../db/schema';
import type { SessionRow } from './lifecycle';
import { iso, isoOrNull } from '../platform/time';

export interface ListSessionsFilter {
  states?: SessionState[] | undefined;
  batchId?: string | undefined;
  limit?: number | undefined;
}

function summaries(db: Kysely<Database>) {
  return db
    .selectFrom('sessions')
    .leftJoin('batches', 'batches.id', 'sessions.batch_id')
    .selectAll('sessions')
    .select('batches.label as batch_label');
}

/** The admin's live table: newest first, optionally only some states or one class start. */
export async function listSessions(db: Kysely<Database>, filter: ListSessionsFilter = {}): Promise<SessionSummary[]> {
  let query = summaries(db);
  if (filter.states?.length) query = query.where('sessions.state', 'in', filter.states);
  if (filter.batchId) query = query.where('sessions.batch_id', '=', filter.batchId);
  const rows = await query
    .orderBy('sessions.created_at', 'desc')
    .orderBy('sessions.id', 'desc')
    .limit(filter.limit ?? SESSIONS_LIST.default)
    .execute();
  return rows.map(toSessionSummary);
}

/** One session as the live table shows it, or null when it is gone (a finished guest session). */
export async function findSessionSummary(db: Kysely<Database>, sessionId: string): Promise<SessionSummary | null> {
  const row = await summaries(db).where('sessions.id', '=', sessionId).executeTakeFirst();
  return row ? toSessionSummary(row) : null;
}

/** Builds the summary field by field, so no hash or other column can slip out. */
export function toSessionSummary(row: SessionRow & { batch_label: string | null }): SessionSummary {
  const band = guestAgeBand.safeParse(row.guest_age_band);
  return {
    id: row.id,
    learnerId: row.learner_id,
    learnerName: row.learner_name,
    guestAgeBand: band.success ? band.data : null,
    batchId: row.batch_id,
    batchLabel: row.batch_label,
    state: row.state,
    durationMin: row.duration_min,
    idleLockMin: row.idle_lock_min,
    createdAt: iso(row.created_at),
    codeExpiresAt: iso(row.code_expires_at),
    redeemedAt: isoOrNull(row.redeemed_at),
    // Until redeemed, `expires_at` is only the code's end; the session itself has not started.
    sessionExpiresAt: row.redeemed_at === null ? null : iso(row.expires_at),
    lastActivityAt: isoOrNull(row.last_activity_at),
    endedAt: isoOrNull(row.ended_at),
    endReason: row.end_reason,
    device: row.device,
  };
}

import crypto from 'node:crypto';
import { CODE_TTL_MS, SEND_TO_TABLET_TTL_MS, formatCode, type MintedSession } from '@perch/shared';
import type { Config } from '../config';
import { generateCode, hashCode } from '../platform/secrets';
import { iso } from '../platform/time';
import type { Services } from '../context';
import type { SessionRow, SessionTx } from './lifecycle';

/** Codes are ~40 bits; a clash with a live code is a once-in-a-trillion event, so a few draws always do. */
const CODE_DRAWS = 5;

export interface NewSession {
  learnerId: string | null;
  learnerName: string;
  guestAgeBand: string | null;
  batchId: string | null;
  durationMin: number;
  idleLockMin: number;
  createdBy: string;
  /** How long its code lives; CODE_TTL_MS unless a class's cards were printed to last longer. */
  codeLifeMs?: number | undefined;
}

/**
 * Inserts a `pending` session with a fresh code and returns the row and the code in canonical
 * form. Only the code's keyed hash is stored; the code itself exists only in this answer.
 */
export async function insertPendingSession(
  ctx: Services,
  tx: SessionTx,
  session: NewSession,
): Promise<{ row: SessionRow; code: string }> {
  const codeExpiresAt = tx.now + (session.codeLifeMs ?? CODE_TTL_MS);
  for (let draw = 0; draw < CODE_DRAWS; draw++) {
    const code = generateCode();
    // ON CONFLICT DO NOTHING rather than catching the error: on PostgreSQL a failed statement
    // would poison the whole transaction (and with it a class start of 50).
    const row = await tx.db
      .insertInto('sessions')
      .values({ ...pendingValues(tx, session, codeExpiresAt), code_hash: hashCode(code, ctx.secret) })
      .onConflict((oc) => oc.column('code_hash').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (row) {
      tx.events.push({ sessionId: row.id, state: row.state, batchId: row.batch_id, at: tx.now });
      return { row, code };
    }
  }
  throw new Error('Could not draw an unused redemption code.');
}

/**
 * Inserts a `pending` session with no code at all, waiting for one enrolled tablet to open it
 * (kiosk.claim) within SEND_TO_TABLET_TTL_MS.
 */
export async function insertSentSession(tx: SessionTx, session: NewSession, tabletId: string): Promise<SessionRow> {
  const row = await tx.db
    .insertInto('sessions')
    .values({ ...pendingValues(tx, session, tx.now + SEND_TO_TABLET_TTL_MS), code_hash: null, tablet_id: tabletId })
    .returningAll()
    .executeTakeFirstOrThrow();
  tx.events.push({ sessionId: row.id, state: row.state, batchId: row.batch_id, at: tx.now });
  return row;
}

function pendingValues(tx: SessionTx, session: NewSession, codeExpiresAt: number) {
  return {
    id: crypto.randomUUID(),
    learner_id: session.learnerId,
    learner_name: session.learnerName,
    guest_age_band: session.guestAgeBand,
    batch_id: session.batchId,
    state: 'pending' as const,
    duration_min: session.durationMin,
    idle_lock_min: session.idleLockMin,
    created_by: session.createdBy,
    created_at: tx.now,
    code_expires_at: codeExpiresAt,
    // Until it is redeemed a session ends when its code does; redemption starts its clock.
    expires_at: codeExpiresAt,
    updated_at: tx.now,
  };
}

/** A fresh code for an existing session, not equal to any live code. */
export async function drawUnusedCode(ctx: Services, tx: SessionTx): Promise<string> {
  for (let draw = 0; draw < CODE_DRAWS; draw++) {
    const code = generateCode();
    const clash = await tx.db
      .selectFrom('sessions')
      .select('id')
      .where('code_hash', '=', hashCode(code, ctx.secret))
      .executeTakeFirst();
    if (!clash) return code;
  }
  throw new Error('Could not draw an unused redemption code.');
}

/**
 * The link a tablet opens: the kiosk (KIOSK_URL, by default PUBLIC_URL/kiosk/) with the code in the
 * fragment, so the code never reaches a server log, a proxy or a Referer header.
 */
export const redeemUrl = (config: Pick<Config, 'kioskUrl'>, code: string) => `${config.kioskUrl}#code=${formatCode(code)}`;

/**
 * Gives a session still waiting for its code a fresh one that lives `codeLifeMs` (a lost card, a
 * reprinted class). The old code stops working; its hash is kept only so it is answered "expired"
 * rather than "unknown". Null when the session moved meanwhile (redeemed, ended, lapsed).
 */
export async function replaceCode(
  ctx: Services,
  tx: SessionTx,
  current: SessionRow,
  codeLifeMs: number,
): Promise<{ row: SessionRow; code: string } | null> {
  const code = await drawUnusedCode(ctx, tx);
  const row = await tx.db
    .updateTable('sessions')
    .set({
      code_hash: hashCode(code, ctx.secret),
      spent_code_hash: current.code_hash,
      code_expires_at: tx.now + codeLifeMs,
      // A pending session ends with its code (see pendingValues).
      expires_at: tx.now + codeLifeMs,
      updated_at: tx.now,
    })
    .where('id', '=', current.id)
    .where('state', '=', 'pending')
    .where('code_expires_at', '>', tx.now)
    .where((eb) => (current.code_hash === null ? eb('code_hash', 'is', null) : eb('code_hash', '=', current.code_hash)))
    .returningAll()
    .executeTakeFirst();
  if (!row) return null;
  tx.events.push({ sessionId: row.id, state: row.state, batchId: row.batch_id, at: tx.now });
  return { row, code };
}

/** What the admin gets back: the code to hand over and the link to open, never the session token. */
export function mintedSession(row: SessionRow, code: string, config: Pick<Config, 'kioskUrl'>): MintedSession {
  return {
    sessionId: row.id,
    learnerName: row.learner_name,
    redemptionCode: formatCode(code),
    redeemUrl: redeemUrl(config, code),
    codeExpiresAt: iso(row.code_expires_at),
    durationMin: row.duration_min,
    batchId: row.batch_id,
  };
}

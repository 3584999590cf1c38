import { sql, type Expression, type ExpressionBuilder, type Insertable, type QueryCreator, type Selectable, type SqlBool, type Transaction, type UpdateObject, type Updateable } from 'kysely';
import { FINAL_STATES, type SessionEndKind, type SessionState } from '@perch/shared';
import { AUDIT_COLUMNS, insertAudit, insertAuditRow, recordAudit, type AuditFact } from '../audit/audit.service';
import { transactionWith, type Alongside } from '../db/alongside';
import type { AuditLogTable, Database, SessionsTable } from '../db/schema';
import { prepared } from '../db/prepared';
import { inSqliteTransaction } from '../db/sqlite-sync';
import { PerchError } from '../platform/errors';
import type { SessionEvent } from '../platform/events';
import type { RequestInfo, Services } from '../context';

/**
 * The only module that moves a session between states. Every move is one conditional UPDATE
 * (`WHERE id = ? AND state IN (states allowed to move there)`), so when two actors race (an admin
 * ending a session while the sweeper expires it, twenty tablets redeeming one code) exactly one
 * wins and the others learn that they lost.
 */
export const TRANSITIONS: Readonly<Record<SessionState, readonly SessionState[]>> = {
  pending: ['active', 'expired', 'revoked'],
  active: ['locked', 'ending', 'revoked', 'expired'],
  locked: ['active', 'ending', 'revoked', 'expired'],
  ending: ['ended', 'revoked', 'expired'],
  ended: [],
  revoked: [],
  expired: [],
};

export type SessionRow = Selectable<SessionsTable>;

export function canTransition(from: SessionState, to: SessionState): boolean {
  return TRANSITIONS[from].includes(to);
}

/** The states a session may be in for a move to `to` to be allowed. */
export function statesAllowedToMoveTo(to: SessionState): SessionState[] {
  return (Object.keys(TRANSITIONS) as SessionState[]).filter((from) => canTransition(from, to));
}

/**
 * The session's `state` is one of `states`, written as equalities joined by OR rather than as IN:
 * SQLite builds a temporary table for an IN list each time its statement runs, which kiosk.me's
 * read and a redeem's move would pay on every call. The lists are short (at most four states).
 */
export function stateIsOneOf(eb: ExpressionBuilder<Database, 'sessions'>, states: readonly SessionState[]): Expression<SqlBool> {
  return eb.or(states.map((state) => eb('state', '=', state)));
}

export function isFinal(state: SessionState): boolean {
  return (FINAL_STATES as readonly SessionState[]).includes(state);
}

/** How a session ended, for the tablet (see kioskSessionOutput.endKind); null while it waits or runs. */
export function endKindOf(row: Pick<SessionRow, 'state' | 'end_kind'>): SessionEndKind | null {
  if (row.state !== 'ending' && !isFinal(row.state)) return null;
  return row.end_kind === 'forced' ? 'forced' : 'graceful';
}

/** The event that tells every listener (admin tables, the session's tablet) how `row` stands now. */
export function sessionEvent(row: SessionRow, at: number): SessionEvent {
  const endKind = endKindOf(row);
  return { sessionId: row.id, state: row.state, batchId: row.batch_id, at, ...(endKind ? { endKind } : {}) };
}

/** A transaction that also collects the session events to publish once it has committed. */
export interface SessionTx {
  db: Transaction<Database>;
  /** The clock, read once: every row and audit entry of one action carries the same time. */
  now: number;
  events: SessionEvent[];
}

/**
 * Runs `work` in one transaction and publishes its session events only after the commit, so a
 * listener that reads the database on an event always sees the change (and never a rolled-back one).
 * An agent's call record rides in it when the call offers one (`ctx.alongside`, see db/alongside.ts).
 */
export async function inSessionTx<T>(ctx: Services & { alongside?: Alongside }, work: (tx: SessionTx) => Promise<T>): Promise<T> {
  const events: SessionEvent[] = [];
  const now = ctx.now();
  const result = await transactionWith(ctx, now, (db) => work({ db, now, events }));
  await publishAll(ctx, events);
  return result;
}

export async function publishAll(ctx: Services, events: SessionEvent[]): Promise<void> {
  // All at once: each publish may wait for Redis (briefly), and a class start has fifty. Events
  // still leave in order: they are sent over one connection in the order published.
  await Promise.all(
    events.map(async (event) => {
      try {
        await ctx.events.publish(event);
      } catch (err) {
        // The change is committed; a lost live update only delays screens until their next refresh.
        console.error('[perch] could not publish a session event:', err);
      }
    }),
  );
}

type SessionsWhere = (eb: ExpressionBuilder<Database, 'sessions'>) => Expression<SqlBool>;

export interface TransitionRequest {
  to: SessionState;
  /** Which session: by id, or (for redemption) by the keyed hash of its code. */
  target: { id: string } | { codeHash: string };
  /** Conditions that must still hold at the moment of the UPDATE, e.g. "its end has passed". */
  guard?: SessionsWhere;
  /** Columns to set besides the state and its timestamps (values or SQL over the row's columns). */
  set?: UpdateObject<Database, 'sessions'>;
  /** The audit entry written in the same transaction; session and learner ids are filled in. */
  audit: Omit<AuditFact, 'sessionId' | 'learnerId'> | null;
  /** Who asked (IP and user agent for the audit log); null for the sweeper. */
  req: Pick<RequestInfo, 'ip' | 'userAgent'> | null;
}

/** Timestamps that record when a session entered a state. */
function stampsFor(to: SessionState, now: number): Updateable<SessionsTable> {
  switch (to) {
    case 'active':
      return { locked_at: null };
    case 'locked':
      return { locked_at: now };
    case 'ending':
      return { ending_at: now };
    case 'ended':
    case 'revoked':
    case 'expired':
      return { ended_at: now };
    default:
      return {};
  }
}

/**
 * Attempts one move. Returns the updated row, or null when the session is not in a state that may
 * move to `request.to` (or the guard no longer holds): someone else got there first.
 */
export async function tryTransition(tx: SessionTx, request: TransitionRequest): Promise<SessionRow | null> {
  if (statesAllowedToMoveTo(request.to).length === 0) return null;
  const row = await transitionUpdate(tx.db, tx.now, request).returningAll().executeTakeFirst();
  if (!row) return null;
  if (request.audit) {
    await recordAudit(tx.db, tx.now, request.req, { ...request.audit, sessionId: row.id, learnerId: row.learner_id });
  }
  tx.events.push(sessionEvent(row, tx.now));
  return row;
}

/** The columns of an audit entry a move brings itself: all but the session's and the learner's, which are the moved row's. */
const MOVE_AUDIT_COLUMNS = AUDIT_COLUMNS.filter((c): c is Exclude<typeof c, 'session_id' | 'learner_id'> => c !== 'session_id' && c !== 'learner_id');

/** A move's audit entry (auditRow): its session and learner are filled in from the moved row. */
type MoveAudit = Insertable<AuditLogTable>;

/**
 * A move to `to`, prepared once (db/prepared.ts) and then made as an action of its own, its event
 * published once committed. `build` writes the request with `slot(name)` wherever a value changes
 * from one move to the next, `slot('now')` for the clock; each move brings those values and its
 * audit entry (auditRow) for the clock it is given. On PostgreSQL it is one statement, so one round
 * trip: the UPDATE and the audit INSERT fed by its RETURNING in one CTE, atomic without BEGIN and
 * COMMIT (a redeem's four round trips were most of its time there). On SQLite, in-process, the two
 * in one transaction run synchronously (db/sqlite-sync.ts); through Kysely's transaction when an
 * agent's record rides along (db/alongside.ts).
 */
export function preparedMove<V extends object>(
  to: SessionState,
  build: (slot: (name: Extract<keyof V, string> | 'now') => never) => Omit<TransitionRequest, 'to' | 'audit' | 'req'>,
) {
  type Values = Record<string, unknown>;
  type Slot = (name: string) => never;
  const request = (slot: Slot): TransitionRequest => ({ ...build(slot), to, audit: null, req: null });
  const update = prepared<Values, SessionRow>((db, anySlot) => {
    const slot = anySlot as Slot;
    return transitionUpdate(db, slot('now'), request(slot)).returningAll();
  });
  const moved = (audit: MoveAudit, row: SessionRow): MoveAudit => ({ ...audit, session_id: row.id, learner_id: row.learner_id });
  const updateAndRecord = prepared<Values, SessionRow>((db, anySlot) => {
    const slot = anySlot as Slot;
    const audit = Object.fromEntries(MOVE_AUDIT_COLUMNS.map((c) => [c, slot(`audit.${c}`)])) as unknown as MoveAudit;
    return db
      .with('moved', (qc) => transitionUpdate(qc, slot('now'), request(slot)).returningAll())
      .with('audited', (qc) =>
        qc
          .insertInto('audit_log')
          .columns([...MOVE_AUDIT_COLUMNS, 'session_id', 'learner_id'])
          .expression((eb) =>
            eb.selectFrom('moved').select([
              // Typed: PostgreSQL would read a bare parameter in a select list as text.
              sql<number>`cast(${audit.at} as bigint)`.as('at'),
              ...(['action', 'actor_type', 'actor_id', 'actor_label', 'ip', 'user_agent', 'detail'] as const).map((c) => eb.val(audit[c]).as(c)),
              'moved.id as session_id',
              'moved.learner_id as learner_id',
            ]),
          ),
      )
      .selectFrom('moved')
      .selectAll();
  });
  const flat = (now: number, values: V, audit: MoveAudit): Values => ({
    ...values,
    now,
    ...Object.fromEntries(MOVE_AUDIT_COLUMNS.map((c) => [`audit.${c}`, audit[c] ?? null])),
  });

  return async (
    ctx: Services & { alongside?: Alongside },
    move: (now: number) => { values: V; audit: MoveAudit },
  ): Promise<SessionRow | null> => {
    if (statesAllowedToMoveTo(to).length === 0) return null;
    if (ctx.dialect === 'sqlite' && !ctx.alongside) {
      const now = ctx.now();
      const { values, audit } = move(now);
      const all = flat(now, values, audit);
      const committed = inSqliteTransaction(ctx.db, (run) => {
        const [row] = run(update, all);
        if (row) run(insertAudit, moved(audit, row));
        return row ?? null;
      });
      if (committed) {
        const row = await committed;
        if (row) await publishAll(ctx, [sessionEvent(row, now)]);
        return row;
      }
    }
    if (ctx.dialect !== 'postgres' || ctx.alongside) {
      return inSessionTx(ctx, async (tx) => {
        const { values, audit } = move(tx.now);
        const all = flat(tx.now, values, audit);
        const [row] = await update(tx.db, all);
        if (!row) return null;
        await insertAuditRow(tx.db, moved(audit, row));
        tx.events.push(sessionEvent(row, tx.now));
        return row;
      });
    }
    const now = ctx.now();
    const { values, audit } = move(now);
    const [row] = await updateAndRecord(ctx.db, flat(now, values, audit));
    if (!row) return null;
    await publishAll(ctx, [sessionEvent(row, now)]);
    return row;
  };
}

/** The conditional UPDATE of one move (see TRANSITIONS), without what it returns. */
function transitionUpdate(db: QueryCreator<Database>, now: number, request: TransitionRequest) {
  const { to, target, guard } = request;
  return db
    .updateTable('sessions')
    .set((eb) => ({
      // Nothing moves back to `pending`, so every move ends the code's life. Its hash is kept
      // aside only to explain later tries ("already used" rather than "unknown").
      spent_code_hash: eb.fn.coalesce('code_hash', 'spent_code_hash'),
      code_hash: null,
      ...stampsFor(to, now),
      ...request.set,
      state: to,
      updated_at: now,
    }))
    .where((eb) =>
      eb.and([
        'id' in target ? eb('id', '=', target.id) : eb('code_hash', '=', target.codeHash),
        stateIsOneOf(eb, statesAllowedToMoveTo(to)),
        ...(guard ? [guard(eb)] : []),
      ]),
    );
}

/** Like tryTransition, but a refused move becomes an error a person can read. */
export async function transition(tx: SessionTx, request: TransitionRequest & { target: { id: string } }) {
  const row = await tryTransition(tx, request);
  if (row) return row;
  throw await refusal(tx, request.target.id, request.to);
}

const FINAL_WORDS: Record<string, string> = {
  ended: 'This session has already ended.',
  revoked: 'This session has already been ended by an admin.',
  expired: 'This session has already expired.',
};

/** Why a session could not move to `to`, worded for the person who asked. */
export async function refusal(tx: SessionTx, sessionId: string, to: SessionState): Promise<PerchError> {
  const current = await tx.db.selectFrom('sessions').select('state').where('id', '=', sessionId).executeTakeFirst();
  if (!current) return new PerchError('NOT_FOUND', 'NOT_FOUND', 'That session was not found.');
  return new PerchError('CONFLICT', 'INVALID_TRANSITION', explainForbidden(current.state, to));
}

export function explainForbidden(from: SessionState, to: SessionState): string {
  const final = FINAL_WORDS[from];
  if (final) return final;
  if (canTransition(from, to)) return 'This session changed in the meantime. Refresh and try again.';
  if (to === 'pending') return 'A session that has started cannot go back to waiting for its code.';
  if (from === 'pending') return 'This session has not started yet: its code has not been redeemed.';
  if (from === 'ending') return 'This session is already ending.';
  if (from === to) return `This session is already ${from}.`;
  return `A ${from} session cannot become ${to}.`;
}

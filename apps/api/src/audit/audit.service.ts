import type { ActorType, AuditAction, AuditEntry, AuditFilter, listAuditInput } from '@perch/shared';
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { z } from 'zod';
import type { AuditLogTable, Database } from '../db/schema';
import { prepared } from '../db/prepared';
import type { RequestInfo } from '../context';
import { nameEntries } from './audit.names';

export interface AuditFact {
  action: AuditAction;
  actorType: ActorType;
  actorId?: string | null;
  /** A readable name for the actor when it acted: an admin's email, a grant's label, a tablet's name. */
  actorLabel?: string | null;
  sessionId?: string | null;
  learnerId?: string | null;
  /** Non-secret facts only: never a code, token or password. */
  detail?: Record<string, unknown>;
}

/**
 * Appends one fact to the audit log. Takes `db` explicitly so it joins the caller's transaction:
 * the fact is written exactly when the change it describes is.
 */
export async function recordAudit(
  db: Kysely<Database>,
  at: number,
  req: Pick<RequestInfo, 'ip' | 'userAgent'> | null,
  fact: AuditFact,
): Promise<void> {
  await insertAuditRow(db, auditRow(at, req, fact));
}

/** Every column an audit row is written with (auditRow makes them all). */
export const AUDIT_COLUMNS = ['at', 'action', 'actor_type', 'actor_id', 'actor_label', 'session_id', 'learner_id', 'ip', 'user_agent', 'detail'] as const;

/** An audit row's columns as slots of a prepared statement (db/prepared.ts), each named by its column. */
export function auditSlots(slot: (name: string) => never): Insertable<AuditLogTable> {
  return Object.fromEntries(AUDIT_COLUMNS.map((column) => [column, slot(column)])) as unknown as Insertable<AuditLogTable>;
}

/** One audit row made by auditRow, by a statement compiled once (most actions write one, many on hot paths). */
export const insertAudit = prepared<Insertable<AuditLogTable>, never>((db, slot) => db.insertInto('audit_log').values(auditSlots(slot as (name: string) => never)));

/** Appends one row made by auditRow. */
export async function insertAuditRow(db: Kysely<Database>, row: Insertable<AuditLogTable>): Promise<void> {
  await insertAudit(db, row);
}

/** Appends several facts of one moment and request in one statement (e.g. many learners added at once). */
export async function recordAudits(
  db: Kysely<Database>,
  at: number,
  req: Pick<RequestInfo, 'ip' | 'userAgent'> | null,
  facts: readonly AuditFact[],
): Promise<void> {
  if (facts.length === 0) return;
  await db
    .insertInto('audit_log')
    .values(facts.map((fact) => auditRow(at, req, fact)))
    .execute();
}

/** The audit_log row that records `fact`, as every writer stores it. */
export function auditRow(at: number, req: Pick<RequestInfo, 'ip' | 'userAgent'> | null, fact: AuditFact): Insertable<AuditLogTable> {
  return {
    at,
    action: fact.action,
    actor_type: fact.actorType,
    actor_id: fact.actorId ?? null,
    actor_label: fact.actorLabel ?? null,
    session_id: fact.sessionId ?? null,
    learner_id: fact.learnerId ?? null,
    ip: req?.ip ?? null,
    user_agent: req?.userAgent?.slice(0, 300) ?? null,
    detail: JSON.stringify(fact.detail ?? {}),
  };
}

export type AuditRow = Selectable<AuditLogTable>;
type ListAuditInput = z.output<typeof listAuditInput>;

/** True when any filter narrows the log (what the page calls "filtered"). */
export function isFiltered(filter: AuditFilter): boolean {
  return Object.values(filter).some((v) => (Array.isArray(v) ? v.length > 0 : v !== undefined && v !== ''));
}

/**
 * One page of the log, newest first, as stored. Keyset pagination on the id: `cursor` is the
 * last id of the previous page, so pages stay stable while new facts are appended. An empty
 * `actions` list means no filter on actions (as an admin who unticks every box expects).
 * Reads one row more than asked, which tells whether another page exists without a second query.
 */
async function readPage(db: Kysely<Database>, filter: AuditFilter, limit: number, cursor?: number): Promise<{ rows: AuditRow[]; more: boolean }> {
  let query = db.selectFrom('audit_log').selectAll();
  if (filter.actions?.length) query = query.where('action', 'in', filter.actions);
  if (filter.sessionId) query = query.where('session_id', '=', filter.sessionId);
  if (filter.learnerId) query = query.where('learner_id', '=', filter.learnerId);
  if (filter.actorId) query = query.where('actor_id', '=', filter.actorId);
  if (filter.actorTypes?.length) query = query.where('actor_type', 'in', filter.actorTypes);
  if (filter.ip) query = query.where('ip', '=', filter.ip);
  if (filter.since) query = query.where('at', '>=', Date.parse(filter.since));
  if (filter.until) query = query.where('at', '<', Date.parse(filter.until));
  if (cursor !== undefined) query = query.where('id', '<', cursor);
  const rows = await query.orderBy('id', 'desc').limit(limit + 1).execute();
  return { rows: rows.slice(0, limit), more: rows.length > limit };
}

/** The audit log one page at a time, each entry naming its actor, learner and tablet. */
export async function listAudit(db: Kysely<Database>, input: ListAuditInput): Promise<{ items: AuditEntry[]; nextCursor: number | null }> {
  const { limit, cursor, ...filter } = input;
  const { rows, more } = await readPage(db, filter, limit, cursor);
  return { items: await nameEntries(db, rows), nextCursor: more ? rows[rows.length - 1]!.id : null };
}

/**
 * Every entry the filter matches, newest first, `pageRows` at a time (for the CSV export, which
 * streams them out instead of holding them all), up to `maxRows`; `capped` says more were left.
 */
export async function* auditPages(
  db: Kysely<Database>,
  filter: AuditFilter,
  { pageRows, maxRows }: { pageRows: number; maxRows: number },
): AsyncGenerator<{ entries: AuditEntry[]; capped: boolean }> {
  let cursor: number | undefined;
  let read = 0;
  for (;;) {
    const { rows, more } = await readPage(db, filter, Math.min(pageRows, maxRows - read), cursor);
    read += rows.length;
    const capped = more && read >= maxRows;
    yield { entries: await nameEntries(db, rows), capped };
    if (!more || capped) return;
    cursor = rows[rows.length - 1]!.id;
  }
}

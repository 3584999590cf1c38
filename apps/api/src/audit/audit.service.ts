import type { ActorType, AuditAction, AuditEntry, listAuditInput } from '@perch/shared';
import type { Kysely, Selectable } from 'kysely';
import type { z } from 'zod';
import type { AuditLogTable, Database } from '../db/schema';
import { iso } from '../platform/time';
import type { RequestInfo } from '../context';

export interface AuditFact {
  action: AuditAction;
  actorType: ActorType;
  actorId?: string | null;
  /** A readable name for the actor (an admin's email). */
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
  await recordAudits(db, at, req, [fact]);
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
    .values(
      facts.map((fact) => ({
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
      })),
    )
    .execute();
}

type ListAuditInput = z.output<typeof listAuditInput>;

/**
 * The audit log, newest first, one page at a time. Keyset pagination on the id: `cursor` is the
 * last id of the previous page, so pages stay stable while new facts are appended. An empty
 * `actions` list means no filter on actions (as an admin who unticks every box expects).
 */
export async function listAudit(db: Kysely<Database>, input: ListAuditInput): Promise<{ items: AuditEntry[]; nextCursor: number | null }> {
  let query = db.selectFrom('audit_log').selectAll();
  if (input.actions?.length) query = query.where('action', 'in', input.actions);
  if (input.sessionId) query = query.where('session_id', '=', input.sessionId);
  if (input.learnerId) query = query.where('learner_id', '=', input.learnerId);
  if (input.actorId) query = query.where('actor_id', '=', input.actorId);
  if (input.actorTypes?.length) query = query.where('actor_type', 'in', input.actorTypes);
  if (input.ip) query = query.where('ip', '=', input.ip);
  if (input.since) query = query.where('at', '>=', Date.parse(input.since));
  if (input.until) query = query.where('at', '<', Date.parse(input.until));
  if (input.cursor !== undefined) query = query.where('id', '<', input.cursor);
  // One row more than asked tells whether another page exists without a second query.
  const rows = await query.orderBy('id', 'desc').limit(input.limit + 1).execute();
  const page = rows.slice(0, input.limit);
  return {
    items: page.map(toAuditEntry),
    nextCursor: rows.length > input.limit ? page[page.length - 1]!.id : null,
  };
}

function toAuditEntry(row: Selectable<AuditLogTable>): AuditEntry {
  return {
    id: row.id,
    at: iso(row.at),
    actorType: row.actor_type,
    actorId: row.actor_id,
    actorLabel: row.actor_label,
    action: row.action as AuditAction,
    sessionId: row.session_id,
    learnerId: row.learner_id,
    ip: row.ip,
    userAgent: row.user_agent,
    detail: parseDetail(row.detail),
  };
}

/** Rows are written by recordAudit as JSON objects; anything else is shown as empty rather than failing the page. */
function parseDetail(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

import type { AuditAction } from '@perch/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { RequestInfo } from '../trpc';

export interface AuditFact {
  action: AuditAction;
  actorType: 'admin' | 'kiosk' | 'system' | 'anonymous';
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
  await db
    .insertInto('audit_log')
    .values({
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
    })
    .execute();
}

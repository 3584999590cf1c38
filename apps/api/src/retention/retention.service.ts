import { FINAL_STATES } from '@perch/shared';
import { recordAudit } from '../audit/audit.service';
import type { Services } from '../context';

const DAY_MS = 24 * 60 * 60_000;

export interface PurgeCounts {
  sessions: number;
  batches: number;
  adminSignIns: number;
  auditEntries: number;
  agentRequests: number;
  policyVersions: number;
}

/**
 * Deletes what Perch no longer needs: finished sessions older than RETENTION_DAYS, audit
 * entries older than AUDIT_RETENTION_DAYS (schools often must keep those longer), admin sign-ins
 * that have lapsed, class batches left without sessions, agents' approval requests older than
 * RETENTION_DAYS (their arguments name learners; one still running is left to finish), and agent
 * policies superseded longer ago than AUDIT_RETENTION_DAYS (each change's audit entry keeps its diff
 * that long; the policy in force is never deleted).
 * Live sessions, learners and recent history are never touched. One transaction, so a crash
 * leaves either everything or nothing purged; one `retention.purge` fact records the counts
 * (only when something went, so an idle deployment's log is not an hourly list of zeros).
 */
export async function purgeExpiredData(services: Services): Promise<PurgeCounts> {
  const now = services.now();
  const { RETENTION_DAYS, AUDIT_RETENTION_DAYS } = services.config;
  const cutoff = now - RETENTION_DAYS * DAY_MS;
  const auditCutoff = now - AUDIT_RETENTION_DAYS * DAY_MS;
  return services.db.transaction().execute(async (trx) => {
    const sessions = await trx
      .deleteFrom('sessions')
      .where('state', 'in', [...FINAL_STATES])
      // A session that expired unredeemed may have no ended_at; its absolute end stands in.
      .where((eb) => eb(eb.fn.coalesce('ended_at', 'expires_at'), '<', cutoff))
      .executeTakeFirst();
    // Only batches older than the cutoff: a batch being filled right now is young and left alone.
    const batches = await trx
      .deleteFrom('batches')
      .where('created_at', '<', cutoff)
      .where((eb) =>
        eb.not(eb.exists(eb.selectFrom('sessions').select('sessions.id').whereRef('sessions.batch_id', '=', 'batches.id'))),
      )
      .executeTakeFirst();
    const adminSignIns = await trx.deleteFrom('admin_sessions').where('expires_at', '<=', now).executeTakeFirst();
    const auditEntries = await trx.deleteFrom('audit_log').where('at', '<', auditCutoff).executeTakeFirst();
    const agentRequests = await trx
      .deleteFrom('agent_requests')
      .where('created_at', '<', cutoff)
      .where('state', '!=', 'running')
      .executeTakeFirst();
    // A version is superseded when its successor was saved: that successor's time is when it left force.
    const policyVersions = await trx
      .deleteFrom('agent_policies')
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('agent_policies as newer')
            .select('newer.id')
            .whereRef('newer.id', '>', 'agent_policies.id')
            .where('newer.created_at', '<', auditCutoff),
        ),
      )
      .executeTakeFirst();
    const counts: PurgeCounts = {
      sessions: Number(sessions.numDeletedRows),
      batches: Number(batches.numDeletedRows),
      adminSignIns: Number(adminSignIns.numDeletedRows),
      auditEntries: Number(auditEntries.numDeletedRows),
      agentRequests: Number(agentRequests.numDeletedRows),
      policyVersions: Number(policyVersions.numDeletedRows),
    };
    if (Object.values(counts).some((n) => n > 0)) {
      await recordAudit(trx, now, null, {
        action: 'retention.purge',
        actorType: 'system',
        detail: { ...counts, retentionDays: RETENTION_DAYS, auditRetentionDays: AUDIT_RETENTION_DAYS },
      });
    }
    return counts;
  });
}

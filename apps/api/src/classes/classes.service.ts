import { SESSION_STATES, type ClassSummary, type MintedSession, type StartBulkOutput, type reprintClassInput } from '@perch/shared';
import type { z } from 'zod';
import { asActor } from '../audit/actor';
import { recordAudit } from '../audit/audit.service';
import { PerchError } from '../platform/errors';
import { iso } from '../platform/time';
import type { Services } from '../context';
import { inSessionTx } from '../sessions/lifecycle';
import { mintedSession, replaceCode } from '../sessions/mint';
import { classCardLife, type AdminContext } from '../sessions/sessions.service';
import { takeSessionStart } from '../sessions/throttle';

/** Class starts, newest first, with how many of their sessions are in each state. */
export async function listClasses(ctx: Pick<Services, 'db'>, limit: number): Promise<ClassSummary[]> {
  const batches = await ctx.db.selectFrom('batches').select(['id', 'label', 'created_at']).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  if (batches.length === 0) return [];
  const counted = await ctx.db
    .selectFrom('sessions')
    .select(['batch_id', 'state', (eb) => eb.fn.countAll<number>().as('n')])
    .where('batch_id', 'in', batches.map((b) => b.id))
    .groupBy(['batch_id', 'state'])
    .execute();
  return batches.map((b) => {
    const counts = Object.fromEntries(SESSION_STATES.map((s) => [s, 0])) as ClassSummary['counts'];
    for (const c of counted) if (c.batch_id === b.id) counts[c.state] = Number(c.n);
    return { batchId: b.id, label: b.label, createdAt: iso(b.created_at), total: Object.values(counts).reduce((a, n) => a + n, 0), counts };
  });
}

/**
 * "Reprint cards": every session of the class still waiting for its code gets a fresh one, and the
 * old cards stop working (codes are never stored, so they cannot be shown again). One transaction;
 * counts once against the class-start cap. Sessions sent straight to a tablet have no card and are
 * left alone.
 */
export async function reprintClass(ctx: AdminContext, input: z.output<typeof reprintClassInput>): Promise<StartBulkOutput> {
  const refund = await takeSessionStart(ctx, ctx.admin.id, 'class');
  return inSessionTx(ctx, async (tx) => {
    const batch = await tx.db.selectFrom('batches').select(['id', 'label']).where('id', '=', input.batchId).executeTakeFirst();
    if (!batch) throw new PerchError('NOT_FOUND', 'NOT_FOUND', 'That class was not found.');
    const codeLifeMs = await classCardLife(tx, input.cardLifeMin);
    const waiting = await tx.db
      .selectFrom('sessions')
      .selectAll()
      .where('batch_id', '=', batch.id)
      .where('state', '=', 'pending')
      .where('code_hash', 'is not', null)
      .where('code_expires_at', '>', tx.now)
      .orderBy('created_at')
      .orderBy('learner_name')
      .execute();
    if (waiting.length === 0) {
      throw new PerchError('CONFLICT', 'INVALID_TRANSITION', 'No session of this class is waiting for its card: there is nothing to reprint.');
    }
    const sessions: MintedSession[] = [];
    for (const current of waiting) {
      const replaced = await replaceCode(ctx, tx, current, codeLifeMs);
      // Redeemed a moment ago: it has its card's session, nothing to reprint.
      if (!replaced) continue;
      const { row, code } = replaced;
      await recordAudit(tx.db, tx.now, ctx.req, {
        ...asActor(ctx),
        action: 'session.reissue_code',
        sessionId: row.id,
        learnerId: row.learner_id,
        detail: { batchId: batch.id, reprint: true },
      });
      sessions.push(mintedSession(row, code, ctx.config));
    }
    return { batchId: batch.id, label: batch.label, sessions, skipped: [] };
  }).catch(refund);
}

import crypto from 'node:crypto';
import type { SendClassToTabletsOutput, SentToTablet, sendClassToTabletsInput, sendToTabletInput } from '@perch/shared';
import type { z } from 'zod';
import { asActor, kioskActor } from '../audit/actor';
import { recordAudit } from '../audit/audit.service';
import { PerchError } from '../platform/errors';
import { generateToken } from '../platform/secrets';
import type { Context } from '../context';
import { starter, startsHere } from '../kiosk/redeem';
import { inSessionTx, tryTransition, type SessionRow, type SessionTx } from '../sessions/lifecycle';
import { insertSentSession } from '../sessions/mint';
import { onExistingDetail, settleExisting, type OnExistingDetail } from '../sessions/existing';
import { learnersToStart, sessionBase, withoutSkipped, type AdminContext } from '../sessions/sessions.service';
import { takeSessionStart } from '../sessions/throttle';
import { publishTablet, type TabletRow } from './tablet-events';
import { isOnline, ON_TABLET_STATES } from './tablets.service';

/**
 * The enrolled, online tablets with nothing on them (no running session, none sent and waiting),
 * in enrollment order. Locks their rows first (a no-op UPDATE), so two sends at once to the same
 * tablet queue up and the second sees the first's session.
 */
async function freeTablets(tx: SessionTx, ids?: string[]): Promise<TabletRow[]> {
  let lock = tx.db.updateTable('tablets').set((eb) => ({ last_seen_at: eb.ref('last_seen_at') })).where('retired_at', 'is', null);
  if (ids) lock = lock.where('id', 'in', ids);
  await lock.execute();
  let query = tx.db.selectFrom('tablets').selectAll().where('retired_at', 'is', null).orderBy('number');
  if (ids) query = query.where('id', 'in', ids);
  const tablets = (await query.execute()).filter((t) => isOnline(t, tx.now));
  if (tablets.length === 0) return [];
  const busy = await tx.db
    .selectFrom('sessions')
    .select('tablet_id')
    .where('tablet_id', 'in', tablets.map((t) => t.id))
    .where((eb) =>
      eb.or([
        eb('state', 'in', [...ON_TABLET_STATES]),
        eb.and([eb('state', '=', 'pending'), eb('code_expires_at', '>', tx.now)]),
      ]),
    )
    .where('expires_at', '>', tx.now)
    .execute();
  const taken = new Set(busy.map((b) => b.tablet_id));
  return tablets.filter((t) => !taken.has(t.id));
}

/**
 * One sent session, audited with who sent it and where, and in a class how many were placed
 * (classSize), and what the admin chose for a session the learner already had (onExistingDetail).
 */
async function sendOne(
  ctx: AdminContext,
  tx: SessionTx,
  session: Parameters<typeof insertSentSession>[1],
  tablet: TabletRow,
  { classSize, ...onExisting }: { classSize?: number } & OnExistingDetail = {},
): Promise<SentToTablet> {
  const row = await insertSentSession(tx, session, tablet.id);
  await recordAudit(tx.db, tx.now, ctx.req, {
    ...asActor(ctx),
    action: 'session.send',
    sessionId: row.id,
    learnerId: row.learner_id,
    detail: {
      tabletId: tablet.id,
      tabletName: tablet.name,
      durationMin: row.duration_min,
      ...(row.batch_id ? { batchId: row.batch_id, classSize } : {}),
      ...onExisting,
    },
  });
  return { sessionId: row.id, learnerName: row.learner_name, tabletId: tablet.id, tabletName: tablet.name };
}

/**
 * Sends a learner's session straight to an online enrolled tablet: no code at all. The tablet hears
 * of it on its event stream and opens it (kiosk.claim) within a second. Counts as a session start.
 */
export async function sendToTablet(ctx: AdminContext, input: z.output<typeof sendToTabletInput>): Promise<SentToTablet> {
  const refund = await takeSessionStart(ctx, ctx.admin.id, 'single');
  const sent = await inSessionTx(ctx, async (tx) => {
    const [learner] = await learnersToStart(tx, [input.learnerId]);
    const settled = await settleExisting(ctx, tx, [learner!.id], input.onExisting);
    const [tablet] = await freeTablets(tx, [input.tabletId]);
    if (!tablet) throw await whyNotFree(tx, input.tabletId);
    const session = { ...sessionBase(ctx, input), learnerId: learner!.id, learnerName: learner!.name };
    return sendOne(ctx, tx, session, tablet, onExistingDetail(settled, learner!.id));
  }).catch(refund);
  await publishTablet(ctx, sent.tabletId, 'session', sent.sessionId);
  return sent;
}

async function whyNotFree(tx: SessionTx, tabletId: string): Promise<PerchError> {
  const tablet = await tx.db.selectFrom('tablets').selectAll().where('id', '=', tabletId).where('retired_at', 'is', null).executeTakeFirst();
  if (!tablet) return new PerchError('NOT_FOUND', 'NOT_FOUND', 'That tablet was not found. It may have been retired.');
  if (!isOnline(tablet, tx.now)) return new PerchError('CONFLICT', 'INVALID_TRANSITION', `${tablet.name} is offline. Turn it on and open the kiosk, or pick another tablet.`);
  return new PerchError('CONFLICT', 'INVALID_TRANSITION', `${tablet.name} is in use. End its session first, or pick another tablet.`);
}

/**
 * A class on the free tablets: learners in the order given, on free online tablets in enrollment
 * order, one batch, one transaction. Learners beyond the free tablets are returned as waiting;
 * learners who already have a session are left out and returned as skipped (see startBulk).
 * Counts once against the class-start cap.
 */
export async function sendClassToTablets(ctx: AdminContext, input: z.output<typeof sendClassToTabletsInput>): Promise<SendClassToTabletsOutput> {
  const refund = await takeSessionStart(ctx, ctx.admin.id, 'class');
  const result = await inSessionTx(ctx, async (tx) => {
    const chosen = await learnersToStart(tx, input.learnerIds);
    const settled = await settleExisting(ctx, tx, input.learnerIds, input.onExisting);
    const learners = withoutSkipped(chosen, settled.skipped);
    const tablets = await freeTablets(tx);
    if (tablets.length === 0) throw new PerchError('CONFLICT', 'INVALID_TRANSITION', 'No enrolled tablet is online and free right now.');
    const batch = { id: crypto.randomUUID(), label: input.label || null };
    await tx.db.insertInto('batches').values({ ...batch, created_by: ctx.admin.id, created_at: tx.now }).execute();
    const placed: SentToTablet[] = [];
    const seated = learners.slice(0, tablets.length);
    for (const [i, learner] of seated.entries()) {
      const session = { ...sessionBase(ctx, input), batchId: batch.id, learnerId: learner.id, learnerName: learner.name };
      placed.push(await sendOne(ctx, tx, session, tablets[i]!, { classSize: seated.length, ...onExistingDetail(settled, learner.id) }));
    }
    const waiting = learners.slice(tablets.length).map((l) => ({ learnerId: l.id, learnerName: l.name }));
    return { batchId: batch.id, placed, waiting, skipped: settled.skipped };
  }).catch(refund);
  for (const p of result.placed) await publishTablet(ctx, p.tabletId, 'session', p.sessionId);
  return result;
}

/**
 * The tablet opens a session sent to it: one conditional UPDATE (only this tablet, only while it
 * waits), which starts the session's clock and binds the new cookie's token, as a redemption does.
 */
export async function claimSentSession(ctx: Context, tablet: TabletRow, sessionId: string): Promise<{ row: SessionRow; token: string }> {
  const token = generateToken();
  const row = await inSessionTx(ctx, (tx) =>
    tryTransition(tx, {
      to: 'active',
      target: { id: sessionId },
      guard: (eb) => eb.and([eb('state', '=', 'pending'), eb('tablet_id', '=', tablet.id), eb('code_expires_at', '>', tx.now)]),
      set: startsHere(tx.now, starter(ctx, token, tablet)),
      audit: { ...kioskActor(ctx.req, tablet), action: 'session.redeem', detail: { device: tablet.name, sent: true } },
      req: ctx.req,
    }),
  );
  if (!row) throw new PerchError('CONFLICT', 'INVALID_TRANSITION', 'This session is no longer waiting for this tablet.');
  return { row, token };
}

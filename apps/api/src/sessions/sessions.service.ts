import crypto from 'node:crypto';
import {
  CODE_TTL_MS,
  MINUTE_MS,
  type ExistingSession,
  type MintedSession,
  type StartBulkOutput,
  type startBulkInput,
  type startGuestInput,
  type startSessionInput,
} from '@perch/shared';
import type { z } from 'zod';
import { asActor, type Acting } from '../audit/actor';
import { recordAudit } from '../audit/audit.service';
import { PerchError } from '../platform/errors';
import type { Context } from '../context';
import { inSessionTx, type SessionTx } from './lifecycle';
import { insertPendingSession, mintedSession, replaceCode, type NewSession } from './mint';
import { takeSessionStart } from './throttle';
import { lockLearners, onExistingDetail, settleExisting } from './existing';
import { getRedeemMode } from '../tablets/redeem-mode';

export type AdminContext = Context & Acting;

interface LearnerToStart {
  id: string;
  name: string;
}

/**
 * The learners to start, in the order given; refuses the lot if any is missing or archived. Locks
 * their rows for the rest of the transaction first (see existing.ts), so a start's check for their
 * sessions and its insert are one step for every other start.
 */
export async function learnersToStart(tx: SessionTx, learnerIds: string[]): Promise<LearnerToStart[]> {
  await lockLearners(tx, learnerIds);
  const rows = await tx.db
    .selectFrom('learners')
    .select(['id', 'name', 'archived_at'])
    .where('id', 'in', learnerIds)
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const missing = learnerIds.filter((id) => !byId.has(id));
  if (missing.length === 1 && learnerIds.length === 1) {
    throw new PerchError('NOT_FOUND', 'NOT_FOUND', 'That learner was not found.');
  }
  if (missing.length > 0) {
    throw new PerchError(
      'NOT_FOUND',
      'NOT_FOUND',
      `${missing.length} of the chosen learners ${missing.length === 1 ? 'was' : 'were'} not found, so no session was started. Refresh the list and try again.`,
    );
  }
  const archived = learnerIds.map((id) => byId.get(id)!).filter((l) => l.archived_at !== null);
  if (archived.length > 0) {
    const names = archived.map((l) => l.name).join(', ');
    throw new PerchError(
      'CONFLICT',
      'LEARNER_ARCHIVED',
      learnerIds.length === 1
        ? `${names} is archived, so no session can be started for them.`
        : `${names} ${archived.length === 1 ? 'is' : 'are'} archived, so no session was started. Leave them out and try again.`,
    );
  }
  return learnerIds.map((id) => ({ id, name: byId.get(id)!.name }));
}

/** What every session an admin starts has in common; callers add who it is for. */
export function sessionBase(ctx: AdminContext, input: { durationMin: number; idleLockMin: number }) {
  const { durationMin, idleLockMin } = input;
  return { durationMin, idleLockMin, createdBy: ctx.admin.id, guestAgeBand: null, batchId: null };
}

/** Inserts one pending session with its audit row (same transaction); returns what the admin is shown. */
async function mintAudited(
  ctx: AdminContext,
  tx: SessionTx,
  session: NewSession,
  action: 'session.start' | 'session.start_guest',
  detail: Record<string, unknown>,
): Promise<MintedSession> {
  const { row, code } = await insertPendingSession(ctx, tx, session);
  await recordAudit(tx.db, tx.now, ctx.req, {
    ...asActor(ctx),
    action,
    sessionId: row.id,
    learnerId: row.learner_id,
    detail,
  });
  return mintedSession(row, code, ctx.config);
}

export async function startSession(ctx: AdminContext, input: z.output<typeof startSessionInput>): Promise<MintedSession> {
  const refund = await takeSessionStart(ctx, ctx.admin.id, 'single');
  return inSessionTx(ctx, async (tx) => {
    const [learner] = await learnersToStart(tx, [input.learnerId]);
    const settled = await settleExisting(ctx, tx, [learner!.id], input.onExisting);
    const session = { ...sessionBase(ctx, input), learnerId: learner!.id, learnerName: learner!.name };
    return mintAudited(ctx, tx, session, 'session.start', {
      durationMin: input.durationMin,
      idleLockMin: input.idleLockMin,
      ...onExistingDetail(settled, learner!.id),
    });
  }).catch(refund);
}

/**
 * How long a class's cards live: CODE_TTL_MS, or what the admin picked when only enrolled tablets
 * may redeem (guessing then needs one of the school's tablets; see docs/SECURITY.md).
 */
export async function classCardLife(tx: SessionTx, cardLifeMin: number | undefined): Promise<number> {
  const life = cardLifeMin === undefined ? CODE_TTL_MS : cardLifeMin * MINUTE_MS;
  if (life > CODE_TTL_MS && (await getRedeemMode(tx)) !== 'enrolled') {
    throw new PerchError(
      'BAD_REQUEST',
      'VALIDATION',
      `Cards can live longer than ${CODE_TTL_MS / MINUTE_MS} minutes only while only enrolled tablets may redeem (Tablets page).`,
    );
  }
  return life;
}

/**
 * A class start: one batch, one session per learner, in one transaction (everyone or no one).
 * Learners who already have a session are left out and reported (`skipped`) unless onExisting says
 * to end or keep theirs.
 */
export async function startBulk(ctx: AdminContext, input: z.output<typeof startBulkInput>): Promise<StartBulkOutput> {
  const refund = await takeSessionStart(ctx, ctx.admin.id, 'class');
  return inSessionTx(ctx, async (tx) => {
    const codeLifeMs = await classCardLife(tx, input.cardLifeMin);
    const chosen = await learnersToStart(tx, input.learnerIds);
    const settled = await settleExisting(ctx, tx, input.learnerIds, input.onExisting);
    const learners = withoutSkipped(chosen, settled.skipped);
    const batch = { id: crypto.randomUUID(), label: input.label || null };
    await tx.db
      .insertInto('batches')
      .values({ ...batch, created_by: ctx.admin.id, created_at: tx.now })
      .execute();
    const sessions: MintedSession[] = [];
    for (const learner of learners) {
      const session = { ...sessionBase(ctx, input), codeLifeMs, batchId: batch.id, learnerId: learner.id, learnerName: learner.name };
      sessions.push(
        await mintAudited(ctx, tx, session, 'session.start', {
          durationMin: input.durationMin,
          idleLockMin: input.idleLockMin,
          batchId: batch.id,
          classSize: learners.length,
          ...(codeLifeMs !== CODE_TTL_MS ? { cardLifeMin: codeLifeMs / MINUTE_MS } : {}),
          ...onExistingDetail(settled, learner.id),
        }),
      );
    }
    return { batchId: batch.id, label: batch.label, sessions, skipped: settled.skipped };
  }).catch(refund);
}

/** The chosen learners minus those settleExisting left out, in the order chosen. */
export function withoutSkipped<L extends { id: string }>(learners: L[], skipped: ExistingSession[]): L[] {
  const out = new Set(skipped.map((s) => s.learnerId));
  return learners.filter((l) => !out.has(l.id));
}

/** A session for a visitor with no learner record; the sweeper deletes it once it is over. */
export async function startGuest(ctx: AdminContext, input: z.output<typeof startGuestInput>): Promise<MintedSession> {
  const refund = await takeSessionStart(ctx, ctx.admin.id, 'single');
  return inSessionTx(ctx, async (tx) => {
    const { ageBand } = input;
    const session = { ...sessionBase(ctx, input), guestAgeBand: ageBand, learnerId: null, learnerName: `Guest (${ageBand})` };
    return mintAudited(ctx, tx, session, 'session.start_guest', {
      ageBand,
      durationMin: input.durationMin,
      idleLockMin: input.idleLockMin,
    });
  }).catch(refund);
}

/** A new code for a session still waiting for one (a lost card); the old code stops working. */
export async function reissueCode(ctx: AdminContext, sessionId: string): Promise<MintedSession> {
  const refund = await takeSessionStart(ctx, ctx.admin.id, 'single');
  return inSessionTx(ctx, async (tx) => {
    const current = await tx.db.selectFrom('sessions').selectAll().where('id', '=', sessionId).executeTakeFirst();
    if (!current) throw new PerchError('NOT_FOUND', 'NOT_FOUND', 'That session was not found.');
    if (current.state === 'pending' && current.code_expires_at <= tx.now) {
      throw new PerchError(
        'CONFLICT',
        'INVALID_TRANSITION',
        'This code has lapsed, so its session has expired. Start a new session instead.',
      );
    }
    if (current.state !== 'pending') {
      throw new PerchError(
        'CONFLICT',
        'INVALID_TRANSITION',
        current.state === 'expired'
          ? 'This session has expired. Start a new session instead.'
          : 'Only a session whose code has not been redeemed yet can get a new code.',
      );
    }
    const replaced = await replaceCode(ctx, tx, current, CODE_TTL_MS);
    if (!replaced) {
      throw new PerchError('CONFLICT', 'INVALID_TRANSITION', 'This session changed in the meantime. Refresh and try again.');
    }
    const { row, code } = replaced;
    await recordAudit(tx.db, tx.now, ctx.req, {
      ...asActor(ctx),
      action: 'session.reissue_code',
      sessionId: row.id,
      learnerId: row.learner_id,
    });
    return mintedSession(row, code, ctx.config);
  }).catch(refund);
}

import crypto from 'node:crypto';
import { ENROLL_CODE_TTL_MS, formatCode, type Enrollment, type TabletIdentity } from '@perch/shared';
import { asActor, kioskActor, type Acting } from '../audit/actor';
import { recordAudit } from '../audit/audit.service';
import { PerchError } from '../platform/errors';
import { generateCode, generateToken, hashCode, hashToken } from '../platform/secrets';
import { iso } from '../platform/time';
import type { Context } from '../context';
import { codeGuessRules } from '../kiosk/redeem';
import { holdOrRefuse } from '../sessions/throttle';
import { currentTablet } from './device-auth';
import { publishTablet } from './tablet-events';

/** Used and lapsed enrollment codes are kept this long (to answer "already used"), then dropped. */
const SPENT_ENROLLMENTS_KEPT_MS = 24 * 60 * 60_000;

/**
 * "Add a tablet": a one-shot enrollment code (10 minutes) and the link that carries it in its
 * fragment, so it never reaches a server log. Only the code's keyed hash is stored.
 */
export async function createEnrollment(ctx: Context & Acting): Promise<Enrollment> {
  const code = generateCode();
  const now = ctx.now();
  const expiresAt = now + ENROLL_CODE_TTL_MS;
  await ctx.db.transaction().execute(async (db) => {
    await db.deleteFrom('tablet_enrollments').where('expires_at', '<', now - SPENT_ENROLLMENTS_KEPT_MS).execute();
    await db
      .insertInto('tablet_enrollments')
      .values({ code_hash: hashCode(code, ctx.secret), created_by: ctx.admin.id, created_at: now, expires_at: expiresAt, used_at: null, tablet_id: null })
      .execute();
    await recordAudit(db, now, ctx.req, { ...asActor(ctx), action: 'tablet.enrollment_create', detail: { expiresAt: iso(expiresAt) } });
  });
  return { code: formatCode(code), enrollUrl: `${ctx.config.publicUrl}/kiosk/#enroll=${formatCode(code)}`, expiresAt: iso(expiresAt) };
}

const FAILURES = {
  CODE_UNKNOWN: () => new PerchError('NOT_FOUND', 'CODE_UNKNOWN', 'That enrollment code was not recognised. Ask for a new one.'),
  CODE_USED: () => new PerchError('CONFLICT', 'CODE_USED', 'This enrollment code has already been used. Ask for a new one.'),
  CODE_EXPIRED: () => new PerchError('PRECONDITION_FAILED', 'CODE_EXPIRED', 'This enrollment code has expired. Ask for a new one.'),
};

/**
 * Enrolls this browser as a tablet: one conditional UPDATE consumes the code (of any number of
 * concurrent tries exactly one wins), and the tablet is created in the same transaction, named
 * "Tablet N" by enrollment order. Returns the tablet and its device token (only its hash is stored).
 * Held against the same guessing throttles as redemption codes.
 */
export async function enrollTablet(ctx: Context, code: string): Promise<{ tablet: TabletIdentity; token: string }> {
  const already = await currentTablet(ctx, { rotate: false });
  if (already) {
    throw new PerchError('CONFLICT', 'CODE_USED', `This tablet is already enrolled as ${already.name}. Retire it on the Tablets page first.`);
  }
  const settle = await holdOrRefuse(ctx, codeGuessRules(ctx));
  const codeHash = hashCode(code, ctx.secret);
  const token = generateToken();
  let tablet: TabletIdentity | null;
  try {
    tablet = await ctx.db.transaction().execute(async (db) => {
      const now = ctx.now();
      const used = await db
        .updateTable('tablet_enrollments')
        .set({ used_at: now })
        .where('code_hash', '=', codeHash)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .returning('created_by')
        .executeTakeFirst();
      if (!used) return null;
      const { last } = await db
        .selectFrom('tablets')
        .select((eb) => eb.fn.max('number').as('last'))
        .executeTakeFirstOrThrow();
      const number = Number(last ?? 0) + 1;
      const created = { id: crypto.randomUUID(), name: `Tablet ${number}` };
      await db
        .insertInto('tablets')
        .values({
          ...created,
          number,
          token_hash: hashToken(token),
          previous_token_hash: null,
          token_rotated_at: now,
          created_by: used.created_by,
          created_at: now,
          last_seen_at: now,
          stream_id: null,
          retired_at: null,
        })
        .execute();
      await db.updateTable('tablet_enrollments').set({ tablet_id: created.id }).where('code_hash', '=', codeHash).execute();
      await recordAudit(db, now, ctx.req, {
        action: 'tablet.enroll',
        actorType: 'kiosk',
        actorId: created.id,
        actorLabel: created.name,
        detail: { tabletId: created.id, name: created.name },
      });
      return created;
    });
  } catch (err) {
    await settle(false);
    throw err;
  }
  await settle(tablet === null);
  if (tablet) {
    await publishTablet(ctx, tablet.id, 'enrolled');
    return { tablet, token };
  }
  const row = await ctx.db.selectFrom('tablet_enrollments').select(['used_at']).where('code_hash', '=', codeHash).executeTakeFirst();
  const reason = !row ? 'CODE_UNKNOWN' : row.used_at !== null ? 'CODE_USED' : 'CODE_EXPIRED';
  await recordAudit(ctx.db, ctx.now(), ctx.req, { action: 'tablet.enroll_failed', ...kioskActor(ctx.req, null), detail: { reason } });
  throw FAILURES[reason]();
}

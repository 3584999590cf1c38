import { sql } from 'kysely';
import { MINUTE_MS, NOT_ENROLLED_MESSAGE, RATE_LIMITS, type ErrorReason } from '@perch/shared';
import { kioskActor } from '../audit/actor';
import { auditRow, recordAudit } from '../audit/audit.service';
import { PerchError } from '../platform/errors';
import { addressKey } from '../platform/address';
import { generateToken, hashCode, hashToken } from '../platform/secrets';
import type { Context, Services } from '../context';
import { preparedMove, type SessionRow } from '../sessions/lifecycle';
import { holdOrRefuse, type RefusingRule } from '../sessions/throttle';
import { describeDevice, deviceHash } from './device';
import { recoverLostRedeem } from './recover';
import type { TabletRow } from '../tablets/tablet-events';
import { redeemIsOpen, rememberedRedeemMode } from '../tablets/redeem-mode';

/** The limiter keys of the redemption throttles (also read and cleared by the admin: throttles/). */
export const REDEEM_THROTTLE_KEYS = {
  address: (counted: string) => `redeem:ip:${counted}`,
  tablet: (tabletId: string) => `redeem:tablet:${tabletId}`,
  global: 'redeem:global',
};

/**
 * The failure throttles a code (a session's or a tablet enrollment's) is held against: this
 * client's address (an IPv6 client's /64) and everyone's, one budget for both kinds of code. Only
 * wrong codes count; an attempt in flight holds a lease, never a failure.
 */
export function codeGuessRules(ctx: Context): RefusingRule[] {
  return [
    {
      key: REDEEM_THROTTLE_KEYS.address(addressKey(ctx.req.ip)),
      limit: { max: ctx.config.REDEEM_FAILURES_PER_IP, windowMs: RATE_LIMITS.redeemFailuresPerIp.windowMs },
      refusal: 'Too many wrong codes were tried from this tablet.',
    },
    {
      key: REDEEM_THROTTLE_KEYS.global,
      limit: { max: ctx.config.REDEEM_FAILURES_GLOBAL_PER_MIN, windowMs: RATE_LIMITS.redeemFailuresGlobal.windowMs, global: true },
      refusal: 'Too many wrong codes are being tried right now.',
    },
  ];
}

/**
 * The throttles for this redemption, by who may redeem. `enrolled`: only an enrolled tablet, held
 * against its own failures alone, so tablets sharing a school's address never lock each other out
 * and none is paused by the global ceiling; any other browser is refused before its code is looked
 * at. `open`: the address and global throttles. The mode is the one remembered (see
 * rememberedRedeemMode); a refusal is only ever made on a fresh read.
 */
async function redeemRules(ctx: Context, tablet: TabletRow | null): Promise<RefusingRule[]> {
  if (!tablet) {
    if ((await rememberedRedeemMode(ctx)) === 'enrolled' && (await rememberedRedeemMode(ctx, { fresh: true })) === 'enrolled') throw notEnrolled();
    return codeGuessRules(ctx);
  }
  if ((await rememberedRedeemMode(ctx)) === 'open') return codeGuessRules(ctx);
  return [
    {
      key: REDEEM_THROTTLE_KEYS.tablet(tablet.id),
      limit: RATE_LIMITS.redeemFailuresPerTablet,
      refusal: 'Too many wrong codes were tried on this tablet.',
    },
  ];
}

const notEnrolled = () => new PerchError('FORBIDDEN', 'NOT_ENROLLED', NOT_ENROLLED_MESSAGE);

const FAILURES: Record<'CODE_UNKNOWN' | 'CODE_USED' | 'CODE_EXPIRED', () => PerchError> = {
  CODE_UNKNOWN: () =>
    new PerchError('NOT_FOUND', 'CODE_UNKNOWN', 'That code was not recognised. Check it and try again.'),
  CODE_USED: () =>
    new PerchError('CONFLICT', 'CODE_USED', 'This code has already been used. Ask for a new code.'),
  CODE_EXPIRED: () =>
    new PerchError('PRECONDITION_FAILED', 'CODE_EXPIRED', 'This code has expired. Ask for a new code.'),
};

/** Why a code did not redeem, read after the fact; keyed hashes only, never the code. */
async function classifyFailure(ctx: Services, codeHash: string) {
  const live = await ctx.db
    .selectFrom('sessions')
    .select(['id', 'learner_id'])
    .where('code_hash', '=', codeHash)
    .executeTakeFirst();
  // Still holding the code but it did not redeem: the code lapsed (the sweeper has not caught up).
  if (live) return { reason: 'CODE_EXPIRED' as const, session: live };
  const spent = await ctx.db
    .selectFrom('sessions')
    .select(['id', 'learner_id', 'redeemed_at'])
    .where('spent_code_hash', '=', codeHash)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  if (!spent) return { reason: 'CODE_UNKNOWN' as const, session: null };
  // Spent without a redemption: it lapsed, was replaced, or its session was ended first.
  return { reason: spent.redeemed_at === null ? ('CODE_EXPIRED' as const) : ('CODE_USED' as const), session: spent };
}

/** Who starts a session, as its row records it: the token's hash, the device it is bound to, and which one it is. */
export interface Starter {
  tokenHash: string;
  deviceHash: string;
  device: string | null;
  tabletId: string | null;
}

/** This request as a session's starter, with the new token (only its hash is stored). */
export function starter(ctx: Context, token: string, tablet: TabletRow | null): Starter {
  return {
    tokenHash: hashToken(token),
    deviceHash: deviceHash(ctx.req),
    // An enrolled tablet is known by its name; any other browser by what it says it is.
    device: tablet?.name ?? describeDevice(ctx.req.userAgent),
    tabletId: tablet?.id ?? null,
  };
}

/**
 * What a session's start sets: its clock (from now, however long its code waited on its card), the
 * token's hash, the device it is bound to (kiosk/device.ts) and, on an enrolled tablet, the tablet.
 */
export function startsHere(now: number, by: Starter) {
  return {
    redeemed_at: now,
    // (Cast: PostgreSQL would otherwise read the parameter as the int4 of `duration_min`.)
    expires_at: sql<number>`cast(${now} as bigint) + duration_min * ${MINUTE_MS}`,
    token_hash: by.tokenHash,
    device_hash: by.deviceHash,
    last_activity_at: now,
    device: by.device,
    tablet_id: by.tabletId,
  };
}

/**
 * The redeem's move, prepared once (sessions/lifecycle.ts): the code's session, while it waits and
 * its code lives, starts here. A browser that is no enrolled tablet redeems only while the mode is
 * open, as the statement itself reads it (tablets/redeem-mode.ts).
 */
function redeemMove(onlyWhileOpen: boolean) {
  return preparedMove<Starter & { codeHash: string }>('active', (slot) => ({
    target: { codeHash: slot('codeHash') },
    guard: (eb) => eb.and([eb('state', '=', 'pending'), eb('code_expires_at', '>', slot('now')), ...(onlyWhileOpen ? [redeemIsOpen(eb)] : [])]),
    set: startsHere(slot('now'), { tokenHash: slot('tokenHash'), deviceHash: slot('deviceHash'), device: slot('device'), tabletId: slot('tabletId') }),
  }));
}

const REDEEM = { byTablet: redeemMove(false), byBrowser: redeemMove(true) };

/**
 * Consumes a code with one conditional UPDATE (of many concurrent tries, exactly one wins) and
 * opens the session. Returns the row and the new token for the cookie; only its hash is stored.
 * Held against the failure throttles from before the lookup until the UPDATE has answered, so a
 * burst of wrong codes gets at most the cap checked, while right ones never count.
 */
export async function redeemCode(ctx: Context, code: string, tablet: TabletRow | null): Promise<{ row: SessionRow; token: string }> {
  const settle = await holdOrRefuse(ctx, await redeemRules(ctx, tablet));
  const codeHash = hashCode(code, ctx.secret);
  const token = generateToken();
  let row: SessionRow | null;
  try {
    const by = starter(ctx, token, tablet);
    row = await (tablet ? REDEEM.byTablet : REDEEM.byBrowser)(ctx, (now) => ({
      values: { ...by, codeHash },
      audit: auditRow(now, ctx.req, { ...kioskActor(ctx.req, tablet), action: 'session.redeem', detail: { device: by.device } }),
    }));
    // Enrolled mode began since this instance last read it: refused as before the code is looked at.
    if (!row && !tablet && (await rememberedRedeemMode(ctx, { fresh: true })) === 'enrolled') throw notEnrolled();
    // A spent code may be its own tablet recovering an answer it never received (kiosk/recover.ts).
    row ??= await recoverLostRedeem(ctx, codeHash, token);
  } catch (err) {
    // Our own failure is no guess: nothing counts.
    await settle(false);
    throw err;
  }
  // Only a code that matched nothing counts, as one failure.
  await settle(row === null);
  if (row) return { row, token };

  const failure = await classifyFailure(ctx, codeHash);
  await recordAudit(ctx.db, ctx.now(), ctx.req, {
    action: 'session.redeem_failed',
    ...kioskActor(ctx.req, tablet),
    sessionId: failure.session?.id ?? null,
    learnerId: failure.session?.learner_id ?? null,
    detail: { reason: failure.reason satisfies ErrorReason },
  });
  throw FAILURES[failure.reason]();
}

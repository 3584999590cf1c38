import { RATE_LIMITS, type ErrorReason } from '@perch/shared';
import { recordAudit } from '../audit/audit.service';
import { PerchError } from '../platform/errors';
import type { Limit } from '../platform/rate-limiter';
import { generateToken, hashCode, hashToken } from '../platform/secrets';
import type { Context, Services } from '../context';
import { inSessionTx, tryTransition, type SessionRow } from '../sessions/lifecycle';
import { tooManyRequests } from '../sessions/throttle';
import { describeDevice, deviceHash } from './device';

const GLOBAL_KEY = 'redeem:global';
const ipKey = (ip: string) => `redeem:ip:${ip}`;

function redeemLimits(ctx: Services): { perIp: Limit; global: Limit } {
  return {
    perIp: { max: ctx.config.REDEEM_FAILURES_PER_IP, windowMs: RATE_LIMITS.redeemFailuresPerIp.windowMs },
    global: { max: ctx.config.REDEEM_FAILURES_GLOBAL_PER_MIN, windowMs: RATE_LIMITS.redeemFailuresGlobal.windowMs },
  };
}

/**
 * Reserves one attempt against this IP's and everyone's failure budget before the code is even
 * looked at; a right code gives its unit back (`releaseRedeemAttempt`), a wrong one keeps it. Reserving
 * first (rather than check-then-record) holds the cap under a burst of simultaneous guesses, and only
 * failures stay counted, so a class redeeming its right codes never trips it.
 */
export async function reserveRedeemAttempt(ctx: Context): Promise<void> {
  const limits = redeemLimits(ctx);
  const byIp = await ctx.limiter.consume(ipKey(ctx.req.ip), limits.perIp);
  if (!byIp.allowed) throw tooManyRequests(ctx, 'Too many wrong codes were tried from this tablet.', byIp.retryAfterMs);
  const global = await ctx.limiter.consume(GLOBAL_KEY, limits.global);
  if (!global.allowed) {
    await ctx.limiter.release(ipKey(ctx.req.ip));
    throw tooManyRequests(ctx, 'Too many wrong codes are being tried right now.', global.retryAfterMs);
  }
}

async function releaseRedeemAttempt(ctx: Context): Promise<void> {
  await Promise.all([ctx.limiter.release(ipKey(ctx.req.ip)), ctx.limiter.release(GLOBAL_KEY)]);
}

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
  // Still holding the code but it did not redeem: the code lapsed or the session's end passed.
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

/**
 * Consumes a code with one conditional UPDATE (of many concurrent tries, exactly one wins) and
 * opens the session. Returns the row and the new token for the cookie; only its hash is stored.
 */
export async function redeemCode(ctx: Context, code: string): Promise<{ row: SessionRow; token: string }> {
  await reserveRedeemAttempt(ctx);
  const codeHash = hashCode(code, ctx.secret);
  const token = generateToken();
  const device = describeDevice(ctx.req.userAgent);
  let row: SessionRow | null;
  try {
    row = await inSessionTx(ctx, (tx) =>
      tryTransition(tx, {
        to: 'active',
        target: { codeHash },
        guard: (eb) =>
          eb.and([eb('state', '=', 'pending'), eb('code_expires_at', '>', tx.now), eb('expires_at', '>', tx.now)]),
        set: {
          redeemed_at: tx.now,
          token_hash: hashToken(token),
          device_hash: deviceHash(ctx.req),
          last_activity_at: tx.now,
          device,
        },
        audit: { actorType: 'kiosk', action: 'session.redeem', detail: { device } },
        req: ctx.req,
      }),
    );
  } catch (err) {
    // Our own failure is no guess: give the attempt back.
    await releaseRedeemAttempt(ctx);
    throw err;
  }
  if (row) {
    await releaseRedeemAttempt(ctx);
    return { row, token };
  }

  const failure = await classifyFailure(ctx, codeHash);
  await recordAudit(ctx.db, ctx.now(), ctx.req, {
    action: 'session.redeem_failed',
    actorType: 'anonymous',
    sessionId: failure.session?.id ?? null,
    learnerId: failure.session?.learner_id ?? null,
    detail: { reason: failure.reason satisfies ErrorReason },
  });
  throw FAILURES[failure.reason]();
}

import { RATE_LIMITS, type ErrorReason } from '@perch/shared';
import { recordAudit } from '../audit/audit.service';
import { PerchError } from '../platform/errors';
import type { Limit } from '../platform/rate-limiter';
import { generateToken, hashCode, hashToken } from '../platform/secrets';
import type { Context, Services } from '../trpc';
import { inSessionTx, tryTransition, type SessionRow } from '../sessions/lifecycle';
import { tooManyRequests } from '../sessions/throttle';
import { describeDevice } from './device';

const GLOBAL_KEY = 'redeem:global';
const ipKey = (ip: string) => `redeem:ip:${ip}`;

function redeemLimits(ctx: Services): { perIp: Limit; global: Limit } {
  return {
    perIp: { max: ctx.config.REDEEM_FAILURES_PER_IP, windowMs: RATE_LIMITS.redeemFailuresPerIp.windowMs },
    global: { max: ctx.config.REDEEM_FAILURES_GLOBAL_PER_MIN, windowMs: RATE_LIMITS.redeemFailuresGlobal.windowMs },
  };
}

/**
 * Refuses a redemption before the code is even looked at when this IP, or everyone together, has
 * failed too often lately: guessing stays slow however the guesser spreads out. Only failures
 * count, so a class redeeming its right codes never trips it.
 */
export async function assertRedeemAllowed(ctx: Context): Promise<void> {
  const limits = redeemLimits(ctx);
  const [byIp, global] = await Promise.all([
    ctx.limiter.check(ipKey(ctx.req.ip), limits.perIp),
    ctx.limiter.check(GLOBAL_KEY, limits.global),
  ]);
  if (!byIp.allowed) throw tooManyRequests(ctx, 'Too many wrong codes were tried from this tablet.', byIp.retryAfterMs);
  if (!global.allowed) {
    throw tooManyRequests(ctx, 'Too many wrong codes are being tried right now.', global.retryAfterMs);
  }
}

async function recordRedeemFailure(ctx: Context): Promise<void> {
  const limits = redeemLimits(ctx);
  await Promise.all([
    ctx.limiter.record(ipKey(ctx.req.ip), limits.perIp),
    ctx.limiter.record(GLOBAL_KEY, limits.global),
  ]);
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
  await assertRedeemAllowed(ctx);
  const codeHash = hashCode(code, ctx.secret);
  const token = generateToken();
  const device = describeDevice(ctx.req.userAgent);
  const row = await inSessionTx(ctx, (tx) =>
    tryTransition(tx, {
      to: 'active',
      target: { codeHash },
      guard: (eb) =>
        eb.and([eb('state', '=', 'pending'), eb('code_expires_at', '>', tx.now), eb('expires_at', '>', tx.now)]),
      set: { redeemed_at: tx.now, token_hash: hashToken(token), last_activity_at: tx.now, device },
      audit: { actorType: 'kiosk', action: 'session.redeem', detail: { device } },
      req: ctx.req,
    }),
  );
  if (row) return { row, token };

  const failure = await classifyFailure(ctx, codeHash);
  await recordRedeemFailure(ctx);
  await recordAudit(ctx.db, ctx.now(), ctx.req, {
    action: 'session.redeem_failed',
    actorType: 'anonymous',
    sessionId: failure.session?.id ?? null,
    learnerId: failure.session?.learner_id ?? null,
    detail: { reason: failure.reason satisfies ErrorReason },
  });
  throw FAILURES[failure.reason]();
}

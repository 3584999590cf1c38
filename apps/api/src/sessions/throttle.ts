import { RATE_LIMITS, THROTTLE } from '@perch/shared';
import { holdAttempt, type Limit, type ThrottleRule } from '../platform/rate-limiter';
import { PerchError } from '../platform/errors';
import type { Context, Services } from '../context';

/** "42 seconds", "3 minutes": how long to wait, in the unit a person would use. */
export function describeWait(seconds: number): string {
  if (seconds < 90) return `${seconds} ${seconds === 1 ? 'second' : 'seconds'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minutes`;
}

/**
 * A 429 that says how long to wait, in words, in `data.retryAfterSec` and in a Retry-After
 * header, so a person, a script and a browser all know when to come back.
 */
export function tooManyRequests(ctx: Pick<Context, 'res'>, what: string, retryAfterMs: number): PerchError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  ctx.res.setHeader('Retry-After', String(seconds));
  return new PerchError('TOO_MANY_REQUESTS', 'RATE_LIMITED', `${what} Try again in ${describeWait(seconds)}.`, seconds);
}

/**
 * The caps on minting, per admin, configurable. `single`: one new code each (`sessions.start`,
 * `startGuest`, `reissueCode`), the reference policy for `maker_start_session`. `class`: a class
 * start counts once whatever its size (its size is capped by BULK_MAX_LEARNERS).
 */
export type StartKind = 'single' | 'class';

function sessionStartLimit(ctx: Services, kind: StartKind): Limit {
  return kind === 'single'
    ? { max: ctx.config.RATE_LIMIT_SESSION_START_PER_MIN, windowMs: RATE_LIMITS.sessionStart.windowMs }
    : { max: ctx.config.RATE_LIMIT_CLASS_START_PER_MIN, windowMs: RATE_LIMITS.classStart.windowMs };
}

/**
 * Takes one start from this admin's cap of its kind before anything is minted, so simultaneous
 * calls (batched in one request or not) cannot pass the cap together; refuses with a 429 when the
 * cap is full. Returns the refund for a start that then fails (`.catch(refund)`): a start that
 * minted nothing should not use up the minute.
 */
export async function takeSessionStart(ctx: Context, adminId: string, kind: StartKind): Promise<(err: unknown) => Promise<never>> {
  const limit = sessionStartLimit(ctx, kind);
  const key = `sessions.${kind}-start:${adminId}`;
  const decision = await ctx.limiter.consume(key, limit);
  if (!decision.allowed) {
    const what =
      kind === 'single'
        ? `You can start at most ${limit.max} sessions or new codes a minute.`
        : `You can start at most ${limit.max} classes a minute.`;
    throw tooManyRequests(ctx, what, decision.retryAfterMs);
  }
  return async (err) => {
    await ctx.limiter.release(key);
    throw err;
  };
}

/** A failure-throttle rule with the sentence a person reads when it refuses. */
export interface RefusingRule extends ThrottleRule {
  refusal: string;
}

/**
 * Holds one attempt (a sign-in, a redemption) against its failure throttles, or refuses it with a
 * 429: the refusing rule's sentence and the time left in its window, or, when attempts in flight
 * kept it waiting too long, a short busy answer. Call `settle(failed)` once the outcome is known.
 */
export async function holdOrRefuse(ctx: Context, rules: RefusingRule[]): Promise<(failed: boolean) => Promise<void>> {
  const hold = await holdAttempt(ctx.limiter, rules, THROTTLE);
  if (hold.granted) return hold.settle;
  const refusal = hold.rule?.refusal ?? 'Many attempts are being checked right now.';
  throw tooManyRequests(ctx, refusal, hold.retryAfterMs);
}

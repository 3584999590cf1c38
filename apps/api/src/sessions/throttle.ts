import { THROTTLE } from '@perch/shared';
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

/** The cap on minting: the reference policy for `maker_start_session`, per admin, configurable. */
export function sessionStartLimit(ctx: Services): Limit {
  return { max: ctx.config.RATE_LIMIT_SESSION_START_PER_MIN, windowMs: 60_000 };
}

/**
 * Counts `count` new sessions against this admin's cap, or refuses them all: a class start that
 * would pass the cap starts nobody rather than half the class.
 */
export async function consumeSessionStarts(ctx: Context, adminId: string, count: number): Promise<void> {
  const limit = sessionStartLimit(ctx);
  const decision = await ctx.limiter.consume(`sessions.start:${adminId}`, limit, count);
  if (decision.allowed) return;
  const what =
    count > limit.max
      ? `You can start at most ${limit.max} sessions a minute, so start this class in groups of ${limit.max} or fewer.`
      : `You can start at most ${limit.max} sessions a minute.`;
  throw tooManyRequests(ctx, what, decision.retryAfterMs);
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

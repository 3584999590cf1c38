import { TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server';
import type { ErrorReason, ExistingSession } from '@perch/shared';

/**
 * A TRPCError that also carries a machine-readable reason (sent as `data.reason`) and, for
 * throttles, how long to wait (sent as `data.retryAfterSec` and a Retry-After header).
 */
export class PerchError extends TRPCError {
  readonly reason: ErrorReason;
  readonly retryAfterSec: number | undefined;
  /** `cause`: an Error with zod-like `issues`, which become `data.fieldErrors` (see trpc.ts). */
  constructor(code: TRPC_ERROR_CODE_KEY, reason: ErrorReason, message: string, retryAfterSec?: number, cause?: Error) {
    super({ code, message, cause });
    this.reason = reason;
    this.retryAfterSec = retryAfterSec;
  }
}

/**
 * Sentences about parts of an input, as a PerchError's `cause`: tRPC's error formatter reads their
 * `issues` as it reads a validation error's, into `data.fieldErrors` keyed by path (see trpc.ts).
 */
export class FieldIssues extends Error {
  constructor(readonly issues: { path: PropertyKey[]; message: string }[]) {
    super(issues.map((issue) => issue.message).join(' '));
  }
}

export const notFound = (what: string) => new PerchError('NOT_FOUND', 'NOT_FOUND', `${what} was not found.`);

/**
 * A start refused because the learner already has a session waiting or running: CONFLICT,
 * LEARNER_HAS_SESSION, and `data.existingSessions` naming it, so a screen can offer the choices.
 */
export class LearnerHasSessionError extends PerchError {
  constructor(
    readonly existingSessions: ExistingSession[],
    message: string,
  ) {
    super('CONFLICT', 'LEARNER_HAS_SESSION', message);
  }
}

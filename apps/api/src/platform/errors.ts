import { TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server';
import type { ErrorReason } from '@perch/shared';

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

export const notFound = (what: string) => new PerchError('NOT_FOUND', 'NOT_FOUND', `${what} was not found.`);

import { TRPCClientError } from '@trpc/client';
import type { ExistingSession } from '@perch/shared';
import { t } from '../i18n';
import { existingSessionMsg } from '../sessions/existing-session-words';
import 'messages:error';
import 'messages:existing';

/** What a screen needs to explain a failure: one sentence, and per-field sentences for forms. */
export interface UserError {
  message: string;
  /** Keyed by input path (`name`, `age`, `learnerIds`); `_` holds errors about the whole input. */
  fieldErrors: Record<string, string>;
  /** tRPC code (`BAD_REQUEST`, `UNAUTHORIZED`…), or null when the server was not reached. */
  code: string | null;
  /** Perch's machine-readable reason (`data.reason`), when the server gave one. */
  reason: string | null;
}

interface PerchErrorData {
  code?: string;
  httpStatus?: number;
  reason?: string | null;
  retryAfterSec?: number | null;
  fieldErrors?: Record<string, string> | null;
  existingSessions?: ExistingSession[] | null;
}

function errorData(err: unknown): PerchErrorData | null {
  if (!(err instanceof TRPCClientError)) return null;
  const data = (err as TRPCClientError<never>).data as PerchErrorData | undefined | null;
  return data && typeof data === 'object' ? data : null;
}

/** The sessions a start was refused for (LEARNER_HAS_SESSION: the learner already has one), or null. */
export function existingSessionsOf(err: unknown): ExistingSession[] | null {
  const data = errorData(err);
  return data?.reason === 'LEARNER_HAS_SESSION' && Array.isArray(data.existingSessions) && data.existingSessions.length > 0
    ? data.existingSessions
    : null;
}

/** True when the admin's sign-in is gone (expired, signed out elsewhere), not a wrong password. */
export function isSignedOutError(err: unknown): boolean {
  const data = errorData(err);
  return data?.code === 'UNAUTHORIZED' && data.reason !== 'INVALID_CREDENTIALS';
}

/** For useReopeningStream: every failed event stream is worth reopening but one refused for a lapsed sign-in. */
export const reopenUnlessSignedOut = (err: unknown) => !isSignedOutError(err);

/**
 * Turns whatever a tRPC call threw into words for a person, in the language shown: the app's own
 * words where it knows the failure (unreachable, signed out, a broken answer), otherwise the
 * server's own sentence as it sent it (the API speaks English).
 */
export function toUserError(err: unknown): UserError {
  const data = errorData(err);
  if (!data?.code) {
    // No tRPC error body: the request never reached Perch, or a proxy answered instead.
    const message = err instanceof TRPCClientError && /JSON|Unexpected token/i.test(err.message)
      ? t('error.serverFailed')
      : t('error.unreachable');
    return { message, fieldErrors: {}, code: null, reason: null };
  }
  const base = { fieldErrors: data.fieldErrors ?? {}, code: data.code, reason: data.reason ?? null };
  if (isSignedOutError(err)) return { ...base, message: t('error.signedOut') };
  // The server's sentence there tells API callers which argument to send; a person reads who and where.
  const existing = existingSessionsOf(err);
  if (existing) return { ...base, message: [...existing.map((s) => t(existingSessionMsg(s))), t('existing.nothingStarted')].join(' ') };
  const message = err instanceof Error && err.message.trim() ? err.message : t('error.serverFailed');
  return { ...base, message };
}

/**
 * The failure a screen should show, or null. A lapsed sign-in is left to the sign-in overlay
 * (which says so once, and goes away when the admin is back), so no stale copy lingers in forms.
 */
export function visibleError(err: unknown): UserError | null {
  return err == null || isSignedOutError(err) ? null : toUserError(err);
}

/** The one-line message for a failure, or null when there is none to show. */
export function errorMessage(err: unknown): string | null {
  return visibleError(err)?.message ?? null;
}

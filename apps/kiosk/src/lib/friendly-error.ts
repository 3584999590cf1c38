import type { KioskErrorData } from '../kiosk-api';
import { NOT_ENROLLED_MESSAGE } from '@perch/shared';

export type ProblemKind =
  | 'wrong-code'
  | 'code-used'
  | 'code-expired'
  | 'too-many-tries'
  | 'session-ended'
  | 'not-enrolled'
  | 'offline'
  | 'unreachable'
  | 'server';

/** What a learner or staff member reads when something goes wrong, and what they can do about it. */
export interface Problem {
  kind: ProblemKind;
  title: string;
  message: string;
  /** A Retry button helps: the same action may work later (network, server hiccup). */
  canRetry: boolean;
  /** For too many tries: the server's wait, in seconds. */
  retryAfterSec?: number;
}

/** The `data` of a kiosk call's error or of the event stream's tRPC client error: the same formatter fills both. */
function errorData(err: unknown): KioskErrorData | null {
  if (typeof err !== 'object' || err === null || !('data' in err)) return null;
  const data = (err as { data: unknown }).data;
  return typeof data === 'object' && data !== null ? (data as KioskErrorData) : null;
}

/** True when the server said this tablet holds no live session (ended, expired, revoked, or no cookie). */
export function isSessionGone(err: unknown): boolean {
  return errorData(err)?.code === 'UNAUTHORIZED';
}

/** "45 seconds", "1 minute", "3 minutes": rounded up so a child never retries too early. */
export function formatWait(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 60) return `${s} second${s === 1 ? '' : 's'}`;
  const m = Math.ceil(s / 60);
  return `${m} minute${m === 1 ? '' : 's'}`;
}

export const OFFLINE_PROBLEM: Problem = {
  kind: 'offline',
  title: 'This tablet is offline',
  message: 'Check the Wi-Fi. Perch will carry on as soon as the tablet is back online.',
  canRetry: true,
};

export const UNREACHABLE_PROBLEM: Problem = {
  kind: 'unreachable',
  title: 'We can’t reach Perch right now',
  message: 'The tablet is online, but the Perch server is not answering. Try again in a moment, or ask a staff member.',
  canRetry: true,
};

/**
 * Maps any failure (a tRPC error with `data.reason`, a network failure, a proxy's error page) to
 * friendly words. `online` is `navigator.onLine` at the time, passed in so this stays testable.
 */
export function describeError(err: unknown, online: boolean): Problem {
  if (!online) return OFFLINE_PROBLEM;
  const data = errorData(err);
  // No tRPC error data: the request never got an answer from Perch (network, proxy, server down).
  if (!data || !data.code) return UNREACHABLE_PROBLEM;
  switch (data.reason) {
    case 'CODE_MALFORMED':
    case 'VALIDATION':
      return {
        kind: 'wrong-code',
        title: 'That code doesn’t look right',
        message: 'A code has 8 letters and numbers, like ABCD-2345. Check your card and try again.',
        canRetry: false,
      };
    case 'CODE_UNKNOWN':
      return {
        kind: 'wrong-code',
        title: 'We couldn’t find that code',
        message: 'Check each letter and number on your card and try again.',
        canRetry: false,
      };
    case 'CODE_USED':
      return {
        kind: 'code-used',
        title: 'That code has already been used',
        message: 'Each code works once. Ask a staff member for a new one.',
        canRetry: false,
      };
    case 'CODE_EXPIRED':
      return {
        kind: 'code-expired',
        title: 'That code has expired',
        message: 'Codes only work for a few minutes. Ask a staff member for a new one.',
        canRetry: false,
      };
    case 'RATE_LIMITED': {
      const wait = data.retryAfterSec ?? 60;
      return {
        kind: 'too-many-tries',
        title: 'Too many tries',
        message: `Let’s take a short break. You can try again in ${formatWait(wait)}.`,
        canRetry: false,
        retryAfterSec: wait,
      };
    }
    case 'UNAVAILABLE':
      // Perch answered, but its database is away or this server is restarting: seconds, usually.
      return {
        kind: 'unreachable',
        title: 'Perch needs a moment',
        message: 'The Perch server is busy or restarting. Try again in a few seconds.',
        canRetry: true,
      };
    case 'NOT_ENROLLED':
      return { kind: 'not-enrolled', title: 'This tablet is not enrolled', message: NOT_ENROLLED_MESSAGE, canRetry: false };
    case 'SESSION_ENDED':
      return {
        kind: 'session-ended',
        title: 'This session has ended',
        message: 'Scan your code to start a new one.',
        canRetry: false,
      };
  }
  if (data.code === 'UNAUTHORIZED') {
    return { kind: 'session-ended', title: 'This session has ended', message: 'Scan your code to start a new one.', canRetry: false };
  }
  if (data.code === 'TOO_MANY_REQUESTS') return describeError({ data: { ...data, reason: 'RATE_LIMITED' } }, online);
  if ((data.httpStatus ?? 0) >= 502) return UNREACHABLE_PROBLEM;
  return {
    kind: 'server',
    title: 'Something went wrong',
    message: 'It wasn’t you. Please try again, or ask a staff member if it keeps happening.',
    canRetry: true,
  };
}

import type { KioskMsg } from '../i18n';
import { errorData } from './error-data';
import 'messages:notEnrolled';
import 'messages:problem';

export { isForceEnded, isSessionGone } from './error-data';

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

/**
 * What a learner or staff member reads when something goes wrong, and what they can do about it.
 * The words are messages, worded in the kiosk's language when shown (the server's reasons map to them).
 */
export interface Problem {
  kind: ProblemKind;
  title: KioskMsg;
  message: KioskMsg;
  /** A Retry button helps: the same action may work later (network, server hiccup). */
  canRetry: boolean;
  /** For too many tries: the server's wait, in seconds. */
  retryAfterSec?: number;
}

/**
 * A wait as a child reads it, not as a clock ("8:46" looks like a time of day): the minutes for
 * "in about 9 minutes", 1 for "in about a minute" (a minute to a minute and a half), 0 for "in less
 * than a minute".
 */
export function waitMinutes(ms: number): number {
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 60) return 0;
  return Math.max(1, Math.round(seconds / 60));
}

/** "Let’s take a short break. You can try again in about 9 minutes." */
export const waitMessage = (ms: number): KioskMsg => ({ id: 'problem.tooManyTries.wait', values: { minutes: waitMinutes(ms) } });

/** The catalog's `problem.<words>.title` and `.message`. */
type ProblemWords = 'offline' | 'unreachable' | 'malformed' | 'unknown' | 'used' | 'expired' | 'unavailable' | 'ended' | 'server';

const problem = (kind: ProblemKind, words: ProblemWords, canRetry: boolean): Problem => ({
  kind,
  title: { id: `problem.${words}.title` },
  message: { id: `problem.${words}.message` },
  canRetry,
});

export const OFFLINE_PROBLEM = problem('offline', 'offline', true);
export const UNREACHABLE_PROBLEM = problem('unreachable', 'unreachable', true);
const SESSION_ENDED_PROBLEM = problem('session-ended', 'ended', false);

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
      return problem('wrong-code', 'malformed', false);
    case 'CODE_UNKNOWN':
      return problem('wrong-code', 'unknown', false);
    case 'CODE_USED':
      return problem('code-used', 'used', false);
    case 'CODE_EXPIRED':
      return problem('code-expired', 'expired', false);
    case 'RATE_LIMITED': {
      const wait = data.retryAfterSec ?? 60;
      return {
        kind: 'too-many-tries',
        title: { id: 'problem.tooManyTries.title' },
        message: waitMessage(wait * 1000),
        canRetry: false,
        retryAfterSec: wait,
      };
    }
    case 'UNAVAILABLE':
      // Perch answered, but its database is away or this server is restarting: seconds, usually.
      return problem('unreachable', 'unavailable', true);
    case 'NOT_ENROLLED':
      return { kind: 'not-enrolled', title: { id: 'notEnrolled.title' }, message: { id: 'notEnrolled.message' }, canRetry: false };
    case 'SESSION_ENDED':
    case 'SESSION_FORCE_ENDED':
      return SESSION_ENDED_PROBLEM;
  }
  if (data.code === 'UNAUTHORIZED') return SESSION_ENDED_PROBLEM;
  if (data.code === 'TOO_MANY_REQUESTS') return describeError({ data: { ...data, reason: 'RATE_LIMITED' } }, online);
  if ((data.httpStatus ?? 0) >= 502) return UNREACHABLE_PROBLEM;
  return problem('server', 'server', true);
}

import { toUserError } from '../lib/errors';

/**
 * Whether a failed `sessions.reissueCode` means the session itself is gone (expired, revoked,
 * already redeemed, unknown), so a fresh session is the way to get a working code. Sign-in
 * problems, throttling and network failures are not: those are shown as they are.
 */
export function needsFreshSession(err: unknown): boolean {
  const { code, reason } = toUserError(err);
  if (reason === 'INVALID_TRANSITION' || reason === 'SESSION_ENDED' || reason === 'NOT_FOUND') return true;
  return code === 'PRECONDITION_FAILED' || code === 'CONFLICT' || code === 'NOT_FOUND';
}

import type { KioskErrorData } from '../kiosk-api';

// Apart from friendly-error.ts (the words for each failure, loaded only when one happens): the
// launch's check reads "no session here" from every tablet without one, before the scan screen.

/** The `data` of a kiosk call's error or of the event stream's tRPC client error: the same formatter fills both. */
export function errorData(err: unknown): KioskErrorData | null {
  if (typeof err !== 'object' || err === null || !('data' in err)) return null;
  const data = (err as { data: unknown }).data;
  return typeof data === 'object' && data !== null ? (data as KioskErrorData) : null;
}

/** True when the server said this tablet holds no live session (ended, expired, revoked, or no cookie). */
export function isSessionGone(err: unknown): boolean {
  return errorData(err)?.code === 'UNAUTHORIZED';
}

/** True when that is because an admin force-ended it: the tablet skips the goodbye, as the stream's endKind says. */
export function isForceEnded(err: unknown): boolean {
  return errorData(err)?.reason === 'SESSION_FORCE_ENDED';
}

import type { KioskMsg } from '../i18n';
import 'messages:timeLeft';

/**
 * Time left in a session, measured on the server's clock: a tablet's own clock may be minutes off,
 * so the kiosk keeps the difference it saw when the server last answered and corrects by it.
 */

/** How far the server's clock is ahead of this tablet's (negative when behind). */
export function clockOffsetMs(serverTimeIso: string, receivedAtMs: number): number {
  const server = Date.parse(serverTimeIso);
  return Number.isNaN(server) ? 0 : server - receivedAtMs;
}

/** Milliseconds until `expiresAtIso` on the server's clock, never below zero. */
export function remainingMs(expiresAtIso: string, offsetMs: number, localNowMs: number): number {
  return Math.max(0, Date.parse(expiresAtIso) - (localNowMs + offsetMs));
}

/** Words for screen readers and for glancing: "About 12 minutes left", "Less than a minute left". */
export function describeRemaining(ms: number): KioskMsg {
  if (ms <= 0) return { id: 'timeLeft.none' };
  const minutes = Math.ceil(ms / 60_000);
  if (minutes <= 1) return { id: 'timeLeft.underMinute' };
  if (minutes < 60) return { id: 'timeLeft.minutes', values: { minutes } };
  return { id: 'timeLeft.hours', values: { hours: Math.floor(minutes / 60), minutes: minutes % 60 } };
}

/** The last few minutes get a gentle warning colour and message. */
export const WARN_BELOW_MS = 5 * 60_000;

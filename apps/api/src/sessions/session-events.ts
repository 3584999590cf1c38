import type { SessionSummary } from '@perch/shared';
import type { SessionEvent } from '../platform/events';
import { listenTo } from '../platform/listen';
import type { Services } from '../context';
import { findSessionSummary } from './sessions.queries';

/**
 * Listens to session events from this moment on, of every session or of the one given (see
 * listenTo: nothing is missed between this call and the first read, and a shutting-down instance
 * ends the stream with a retryable 503).
 */
export function listenToSessions(ctx: Pick<Services, 'events' | 'shutdown'>, signal: AbortSignal | undefined, sessionId?: string) {
  return listenTo<SessionEvent>(ctx.events, ctx, signal, sessionId);
}

/** The admin's live feed: each changed session as the live table shows it. */
export async function* adminSessionEvents(
  ctx: Pick<Services, 'events' | 'db' | 'shutdown'>,
  signal: AbortSignal | undefined,
): AsyncGenerator<SessionSummary> {
  const listener = listenToSessions(ctx, signal);
  try {
    for (let event = await listener.next(); event; event = await listener.next()) {
      const summary = await findSessionSummary(ctx.db, event.sessionId);
      // Gone means a finished guest session was deleted; the admin already saw it end.
      if (summary) yield summary;
    }
  } finally {
    listener.stop();
  }
}

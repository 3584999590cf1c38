import type { SessionSummary } from '@perch/shared';
import type { SessionEvent } from '../platform/events';
import type { Services } from '../context';
import { unavailable } from '../platform/unavailable';
import { findSessionSummary } from './sessions.queries';

/**
 * Listens to session events from this moment on. Unlike iterating `events.stream` lazily, the
 * listener is attached before this returns, so a caller can read the current state next and miss
 * nothing in between. `stop()` detaches it even while a read is waiting.
 *
 * When this instance begins to shut down, `next()` throws a 503: tRPC sends it as the stream's
 * last message, and the client's httpSubscriptionLink treats that code as retryable and
 * reconnects (through the load balancer, to an instance that is staying up), showing no error.
 */
export function listenToSessions(ctx: Pick<Services, 'events' | 'shutdown'>, signal: AbortSignal | undefined) {
  const stopper = new AbortController();
  let stopped = false;
  // A listener rather than AbortSignal.any: the shutdown signal lives as long as the process and
  // would otherwise collect a dependent signal for every stream ever opened.
  const onShutdown = () => stopper.abort();
  ctx.shutdown.signal.addEventListener('abort', onShutdown, { once: true });
  if (ctx.shutdown.draining) stopper.abort();
  const iterator = ctx.events.stream(signal ? AbortSignal.any([signal, stopper.signal]) : stopper.signal)[Symbol.asyncIterator]();
  // Calling next() runs the stream up to its first wait, which is where it subscribes.
  let upcoming = iterator.next();
  return {
    /** The next event, or null once the listener has stopped. */
    async next(): Promise<SessionEvent | null> {
      const result = await upcoming;
      if (result.done) {
        if (ctx.shutdown.draining && !stopped && !signal?.aborted) throw unavailable('shutting-down');
        return null;
      }
      upcoming = iterator.next();
      return result.value;
    },
    stop() {
      stopped = true;
      ctx.shutdown.signal.removeEventListener('abort', onShutdown);
      stopper.abort();
    },
  };
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

import type { Services } from '../context';
import type { EventBus } from './events';
import { unavailable } from './unavailable';

/**
 * Listens to a bus from this moment on. Unlike iterating `bus.stream` lazily, the listener is
 * attached before this returns, so a caller can read the current state next and miss nothing in
 * between. `stop()` detaches it even while a read is waiting.
 *
 * When this instance begins to shut down, reading throws a 503: tRPC sends it as the stream's
 * last message, and the client's httpSubscriptionLink treats that code as retryable and
 * reconnects (through the load balancer, to an instance that is staying up), showing no error.
 */
export function listenTo<T>(bus: EventBus<T>, ctx: Pick<Services, 'shutdown'>, signal: AbortSignal | undefined) {
  const stopper = new AbortController();
  let stopped = false;
  // A listener rather than AbortSignal.any: the shutdown signal lives as long as the process and
  // would otherwise collect a dependent signal for every stream ever opened.
  const onShutdown = () => stopper.abort();
  ctx.shutdown.signal.addEventListener('abort', onShutdown, { once: true });
  if (ctx.shutdown.draining) stopper.abort();
  const iterator = bus.stream(signal ? AbortSignal.any([signal, stopper.signal]) : stopper.signal)[Symbol.asyncIterator]();
  // Calling next() runs the stream up to its first wait, which is where it subscribes.
  let upcoming = iterator.next();
  const take = (result: IteratorResult<T>): T | null => {
    if (result.done) {
      if (ctx.shutdown.draining && !stopped && !signal?.aborted) throw unavailable('shutting-down');
      return null;
    }
    upcoming = iterator.next();
    return result.value;
  };
  return {
    /** The next event, or null once the listener has stopped. */
    async next(): Promise<T | null> {
      return take(await upcoming);
    },
    /**
     * The next event if one comes within `ms`, else 'idle' (nothing is lost: the event still
     * waits for the next call); null once the listener has stopped.
     */
    async nextWithin(ms: number): Promise<T | null | 'idle'> {
      let timer: NodeJS.Timeout | undefined;
      const idle = new Promise<'idle'>((resolve) => {
        timer = setTimeout(() => resolve('idle'), ms);
      });
      try {
        const first = await Promise.race([upcoming, idle]);
        return first === 'idle' ? 'idle' : take(first);
      } finally {
        clearTimeout(timer);
      }
    },
    stop() {
      stopped = true;
      ctx.shutdown.signal.removeEventListener('abort', onShutdown);
      stopper.abort();
    },
  };
}

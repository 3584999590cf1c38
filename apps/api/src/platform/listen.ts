import type { Services } from '../context';
import { Inbox, type EventBus } from './events';
import type { Drainable, Shutdown } from './shutdown';
import { unavailable } from './unavailable';

/**
 * Listens to a bus from this moment on, to everything or (with `key`) to one session's or
 * tablet's events. The listener is in the bus's table before this returns, so a caller can read
 * the current state next and miss nothing in between. `stop()` takes it out even while a read is
 * waiting, as does the stream's `signal` aborting.
 *
 * When this instance begins to shut down, reading throws a 503 (once what had arrived is read):
 * tRPC sends it as the stream's last message, and the client's httpSubscriptionLink treats that
 * code as retryable and reconnects (through the load balancer, to an instance that is staying
 * up), showing no error.
 */
export function listenTo<T>(bus: EventBus<T>, ctx: Pick<Services, 'shutdown'>, signal: AbortSignal | undefined, key?: string) {
  return new Listener(bus, ctx.shutdown, signal, key);
}

/**
 * One open stream's place in a bus's listener table: a queue and a waiting read, nothing per
 * stream in the bus or the shutdown beyond a set entry. Also the stream signal's abort listener
 * (`handleEvent`), so it needs no closures of its own.
 */
export class Listener<T> extends Inbox<T> implements Drainable {
  private ended: 'stopped' | 'aborted' | 'draining' | null = null;
  private readonly unsubscribe: () => void;

  constructor(
    bus: EventBus<T>,
    private readonly shutdown: Shutdown,
    private readonly signal: AbortSignal | undefined,
    key: string | undefined,
  ) {
    super();
    this.unsubscribe = bus.subscribe(this, key);
    signal?.addEventListener('abort', this);
    shutdown.register(this);
    if (signal?.aborted) this.end('aborted');
  }

  /** The next event, or null once the listener has stopped; a 503 once shutdown has begun. */
  override async next(): Promise<T | null> {
    const event = await super.next();
    if (event === null && this.ended === 'draining') throw unavailable('shutting-down');
    return event;
  }

  stop(): void {
    this.end('stopped');
  }

  /** Shutdown has begun (see Shutdown.register). */
  drain(): void {
    this.end('draining');
  }

  /** The stream's signal aborted: its client has gone. */
  handleEvent(): void {
    this.end('aborted');
  }

  private end(why: 'stopped' | 'aborted' | 'draining') {
    if (this.ended) return;
    this.ended = why;
    this.unsubscribe();
    this.shutdown.unregister(this);
    this.signal?.removeEventListener('abort', this);
    this.close();
  }
}

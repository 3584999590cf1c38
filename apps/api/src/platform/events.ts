import type { SessionEndKind, SessionState } from '@perch/shared';

/** A session changed state. Carries ids only: subscribers read what they may see from the database. */
export interface SessionEvent {
  sessionId: string;
  state: SessionState;
  batchId: string | null;
  at: number;
  /** Set once the session is ending or over: whether the tablet says goodbye (`graceful`) or not (`forced`). */
  endKind?: SessionEndKind;
}

/** The session an event is about: a kiosk's stream hears only its own session's events. */
export const sessionEventKey = (event: SessionEvent) => event.sessionId;

/** Where a bus hands an event: one small object per open stream (see platform/listen.ts). */
export interface EventSink<T> {
  deliver(event: T): void;
}

/**
 * Live events (session changes by default; agent approval requests and tablets on buses of their
 * own). In memory for one instance; the Redis bus fans out to every instance so an admin on one
 * instance sees a kiosk redeemed on another.
 */
export interface EventBus<T = SessionEvent> {
  publish(event: T): Promise<void>;
  /**
   * Hands `sink` every event from now on, or, with `key`, only the events about that key (a
   * session's, a tablet's; see the bus's `keyOf`), until the returned function is called.
   */
  subscribe(sink: EventSink<T>, key?: string): () => void;
  /** Yields every event until `signal` aborts. */
  stream(signal: AbortSignal | undefined): AsyncIterable<T>;
  /** The size of the listener table: a closed stream leaves nothing behind in it. */
  listenerStats(): ListenerStats;
  /** Whether events reach the other instances right now (for /readyz). */
  health(): Promise<EventBusHealth>;
  close(): Promise<void>;
}

/** Sinks that hear every event, keys with sinks of their own, and those keyed sinks. */
export interface ListenerStats {
  unkeyed: number;
  keys: number;
  keyed: number;
}

/** `local`: one instance, no Redis. `shared`: through Redis. `degraded`: Redis is away, events stay local. */
export type EventBusHealth = 'local' | 'shared' | 'degraded';

/**
 * One table of listeners for a whole bus: the sinks that hear everything (admin pages) and, by
 * key, those that hear one session or tablet (kiosks). Delivering an event touches only the sinks
 * it concerns, and a stream costs one entry, not a queue and listeners of its own.
 */
export class MemoryEventBus<T = SessionEvent> implements EventBus<T> {
  private readonly everyone = new Set<EventSink<T>>();
  private readonly byKey = new KeyedSinks<T>();

  /** `keyOf` says what an event is about; without it the bus takes no keyed subscriptions. */
  constructor(private readonly keyOf?: (event: T) => string) {}

  async publish(event: T): Promise<void> {
    this.deliver(event);
  }

  subscribe(sink: EventSink<T>, key?: string): () => void {
    if (key === undefined) {
      this.everyone.add(sink);
      return () => this.everyone.delete(sink);
    }
    if (!this.keyOf) throw new Error('This event bus was made without keys; subscribe without one.');
    return this.byKey.add(key, sink);
  }

  async *stream(signal: AbortSignal | undefined): AsyncIterable<T> {
    const inbox = new Inbox<T>();
    const unsubscribe = this.subscribe(inbox);
    const onAbort = () => inbox.close();
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) inbox.close();
    try {
      for (let event = await inbox.next(); event !== null; event = await inbox.next()) yield event;
    } finally {
      unsubscribe();
      signal?.removeEventListener('abort', onAbort);
    }
  }

  listenerStats(): ListenerStats {
    return { unkeyed: this.everyone.size, keys: this.byKey.keys, keyed: this.byKey.count() };
  }

  async health(): Promise<EventBusHealth> {
    return 'local';
  }

  async close(): Promise<void> {
    this.everyone.clear();
    this.byKey.clear();
  }

  /** Hands an event (published here, or arrived from another instance) to the sinks it concerns. */
  protected deliver(event: T) {
    for (const sink of this.everyone) sink.deliver(event);
    if (this.keyOf) this.byKey.deliver(this.keyOf(event), event);
  }
}

/**
 * Sinks by the key they listen for (a session, a tablet, a setting): adding one returns its
 * removal, and a key whose last sink leaves is forgotten, so thousands of streams come and go and
 * leave nothing behind.
 */
export class KeyedSinks<T> {
  private readonly byKey = new Map<string, Set<EventSink<T>>>();

  add(key: string, sink: EventSink<T>): () => void {
    let sinks = this.byKey.get(key);
    if (!sinks) this.byKey.set(key, (sinks = new Set()));
    sinks.add(sink);
    return () => {
      sinks.delete(sink);
      if (sinks.size === 0 && this.byKey.get(key) === sinks) this.byKey.delete(key);
    };
  }

  /** Hands `event` to the sinks listening for `key`. */
  deliver(key: string, event: T): void {
    const sinks = this.byKey.get(key);
    if (sinks) for (const sink of sinks) sink.deliver(event);
  }

  /** How many keys have a sink. */
  get keys(): number {
    return this.byKey.size;
  }

  /** How many sinks listen, all keys together. */
  count(): number {
    let count = 0;
    for (const sinks of this.byKey.values()) count += sinks.size;
    return count;
  }

  clear(): void {
    this.byKey.clear();
  }
}

/**
 * A sink that queues what it is handed until it is read: `next()` resolves with the next event,
 * or null once closed and read empty. Events queued before the close are still read.
 */
export class Inbox<T> implements EventSink<T> {
  private readonly queue: T[] = [];
  private closed = false;
  private waiting: { promise: Promise<T | null>; resolve: (event: T | null) => void } | null = null;

  deliver(event: T): void {
    if (this.closed) return;
    if (this.waiting) {
      this.waiting.resolve(event);
      this.waiting = null;
    } else this.queue.push(event);
  }

  /** The next event, or null once closed. Calling it again before it settles gives the same promise. */
  next(): Promise<T | null> {
    if (this.queue.length > 0) return Promise.resolve(this.queue.shift()!);
    if (this.closed) return Promise.resolve(null);
    if (!this.waiting) {
      let resolve!: (event: T | null) => void;
      const promise = new Promise<T | null>((r) => (resolve = r));
      this.waiting = { promise, resolve };
    }
    return this.waiting.promise;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.waiting?.resolve(null);
    this.waiting = null;
  }
}

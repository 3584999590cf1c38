import { EventEmitter, on } from 'node:events';
import type { SessionState } from '@perch/shared';

/** A session changed state. Carries ids only: subscribers read what they may see from the database. */
export interface SessionEvent {
  sessionId: string;
  state: SessionState;
  batchId: string | null;
  at: number;
}

/**
 * Live events (session changes by default; agent approval requests on a second bus). In memory for
 * one instance; the Redis bus fans out to every instance so an admin on one instance sees a kiosk
 * redeemed on another.
 */
export interface EventBus<T = SessionEvent> {
  publish(event: T): Promise<void>;
  /** Yields events until `signal` aborts. */
  stream(signal: AbortSignal | undefined): AsyncIterable<T>;
  /** Whether events reach the other instances right now (for /readyz). */
  health(): Promise<EventBusHealth>;
  close(): Promise<void>;
}

/** `local`: one instance, no Redis. `shared`: through Redis. `degraded`: Redis is away, events stay local. */
export type EventBusHealth = 'local' | 'shared' | 'degraded';

const CHANNEL = 'session';

export class MemoryEventBus<T = SessionEvent> implements EventBus<T> {
  protected readonly emitter = new EventEmitter();
  constructor() {
    // Every admin tab and kiosk holds one listener; the default cap of 10 is a leak warning, not a limit.
    this.emitter.setMaxListeners(0);
  }

  async publish(event: T): Promise<void> {
    this.emitter.emit(CHANNEL, event);
  }

  async *stream(signal: AbortSignal | undefined): AsyncIterable<T> {
    try {
      for await (const [event] of on(this.emitter, CHANNEL, signal ? { signal } : {})) yield event as T;
    } catch (err) {
      if ((err as Error).name !== 'AbortError') throw err;
    }
  }

  async health(): Promise<EventBusHealth> {
    return 'local';
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }

  /** For the Redis bus: deliver an event that arrived from another instance. */
  protected deliver(event: T) {
    this.emitter.emit(CHANNEL, event);
  }
}

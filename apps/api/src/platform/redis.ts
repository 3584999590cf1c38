import { Redis, type RedisOptions } from 'ioredis';
import { RESILIENCE } from '@perch/shared';
import { MemoryEventBus, sessionEventKey, type EventBus, type EventBusHealth, type SessionEvent } from './events';
import { within } from './time';

/** Reconnect for ever, backing off to a short ceiling: Perch should notice Redis is back within seconds. */
const reconnect: RedisOptions = {
  retryStrategy: (attempt: number) => Math.min(attempt * 100, RESILIENCE.redisReconnectMaxDelayMs),
  connectTimeout: RESILIENCE.readinessTimeoutMs,
};

/** How long a publish that timed out may still arrive through Redis (and be recognised as a repeat). */
const LATE_PUBLISH_MEMORY_MS = 30_000;

/**
 * Live events fanned out to every instance through Redis pub/sub, with a degraded mode for when
 * Redis is away. Publishing never waits more than EVENT_PUBLISH_TIMEOUT_MS: an event Redis did not
 * take by then goes to this instance's listeners only, and is logged as lost for the others
 * (their kiosks and admin pages poll, so they catch up within seconds). Both connections
 * reconnect by themselves, and the subscriber resubscribes, when Redis returns.
 */
class RedisEventBus<T> extends MemoryEventBus<T> {
  /** False from a connection error until both connections are back: publishing then skips Redis at once. */
  private reachable = true;
  /** Settle once the publisher is connected and Redis has confirmed our subscription; renewed when a connection drops. */
  private publisher = deferred();
  private subscription = deferred();
  /** Events delivered here without Redis, by message, so a publish that got through late is not heard twice. */
  private readonly deliveredLocally = new Map<string, number>();

  constructor(
    private readonly pub: Redis,
    private readonly sub: Redis,
    private readonly channel: string,
    keyOf: ((event: T) => string) | undefined,
  ) {
    super(keyOf);
    sub.on('message', (ch: string, message: string) => {
      if (ch !== channel || this.deliveredLocally.delete(message)) return;
      this.deliver(JSON.parse(message) as T);
    });
    // Subscribes on every (re)connect, and knows when Redis has confirmed it.
    sub.on('ready', () => {
      sub.subscribe(channel).then(
        () => this.subscription.resolve(),
        (err: unknown) => console.error('[perch] could not subscribe to live events in Redis:', err),
      );
    });
    sub.on('close', () => {
      if (this.subscription.settled) this.subscription = deferred();
    });
    pub.on('ready', () => this.publisher.resolve());
    pub.on('close', () => {
      if (this.publisher.settled) this.publisher = deferred();
    });
    for (const connection of [pub, sub]) {
      connection.on('error', (err: Error) => this.down(err.message));
      connection.on('reconnecting', () => this.down('connection lost'));
      connection.on('ready', () => this.up());
    }
  }

  /**
   * Goes out through Redis and comes back to this instance's listeners like everyone else's. Waits
   * (within the publish budget) for the connections and our own subscription first, so that right
   * after start-up an event is neither refused nor missed by our own listeners.
   */
  override async publish(event: T): Promise<void> {
    const message = JSON.stringify(event);
    const connected = Promise.all([this.publisher.promise, this.subscription.promise]);
    const shared =
      this.reachable &&
      (await within(
        connected.then(() => this.pub.publish(this.channel, message)),
        RESILIENCE.eventPublishTimeoutMs,
      ));
    if (shared) return;
    // Events carry ids and states only, never a secret.
    console.warn(
      `[perch] live event not shared with other instances (Redis unavailable) on ${this.channel}: ${message}. ` +
        'Their screens catch up by polling.',
    );
    this.rememberLocal(message);
    this.deliver(event);
  }

  private rememberLocal(message: string) {
    const now = Date.now();
    for (const [m, at] of this.deliveredLocally) if (now - at > LATE_PUBLISH_MEMORY_MS) this.deliveredLocally.delete(m);
    this.deliveredLocally.set(message, now);
  }

  override async health(): Promise<EventBusHealth> {
    if (!this.publisher.settled || !this.subscription.settled) return 'degraded';
    return (await within(this.pub.ping(), RESILIENCE.readinessTimeoutMs)) ? 'shared' : 'degraded';
  }

  override async close(): Promise<void> {
    await super.close();
    this.sub.disconnect();
    this.pub.disconnect();
  }

  private down(why: string) {
    if (!this.reachable) return;
    this.reachable = false;
    console.warn(`[perch] Redis unreachable (${why}): live events stay on this instance until it is back.`);
  }

  private up() {
    if (this.reachable || this.pub.status !== 'ready' || this.sub.status !== 'ready') return;
    this.reachable = true;
    console.log('[perch] Redis is back: live events are shared between instances again.');
  }
}

function deferred() {
  let resolve!: () => void;
  const d = {
    settled: false,
    promise: new Promise<void>((r) => (resolve = r)),
    resolve: () => {
      d.settled = true;
      resolve();
    },
  };
  return d;
}

/**
 * Live events fanned out to every instance through Redis pub/sub; `prefix` keeps deployments
 * apart and `topic` names the channel (session changes by default, agent approval requests,
 * tablets); `keyOf` says what an event is about, for keyed listeners (see MemoryEventBus).
 */
export function createRedisEventBus(url: string, prefix: string): EventBus<SessionEvent>;
export function createRedisEventBus<T>(url: string, prefix: string, topic: string, keyOf?: (event: T) => string): EventBus<T>;
export function createRedisEventBus<T>(url: string, prefix: string, topic = 'session', keyOf?: (event: T) => string): EventBus<T> {
  // Publishing fails at once while disconnected instead of queueing behind the reconnect.
  const pub = new Redis(url, { ...reconnect, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  const sub = new Redis(url, { ...reconnect, maxRetriesPerRequest: null, autoResubscribe: false });
  // Without a topic (the first signature) this is the session bus, keyed by session.
  const key = keyOf ?? (topic === 'session' ? (sessionEventKey as unknown as (event: T) => string) : undefined);
  return new RedisEventBus<T>(pub, sub, `${prefix}:events:${topic}`, key);
}

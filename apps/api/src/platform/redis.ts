import { Redis } from 'ioredis';
import { MemoryEventBus, type EventBus, type SessionEvent } from './events';

class RedisEventBus<T> extends MemoryEventBus<T> {
  private readonly ready: Promise<unknown>;
  constructor(
    private readonly pub: Redis,
    private readonly sub: Redis,
    private readonly channel: string,
  ) {
    super();
    this.ready = sub.subscribe(channel);
    sub.on('message', (ch: string, message: string) => {
      if (ch === channel) this.deliver(JSON.parse(message) as T);
    });
  }

  /** Goes out through Redis and comes back to this instance's listeners like everyone else's. */
  override async publish(event: T): Promise<void> {
    await this.ready;
    await this.pub.publish(this.channel, JSON.stringify(event));
  }

  override async close(): Promise<void> {
    await super.close();
    this.sub.disconnect();
    this.pub.disconnect();
  }
}

/** Live events fanned out to every instance through Redis pub/sub; `topic` names the channel. */
export function createRedisEventBus<T = SessionEvent>(url: string, prefix: string, topic = 'session'): EventBus<T> {
  return new RedisEventBus<T>(new Redis(url), new Redis(url), `${prefix}:events:${topic}`);
}

import { Redis } from 'ioredis';
import { MemoryEventBus, type EventBus, type SessionEvent } from './events';
import type { Limit, LimitDecision, RateLimiter } from './rate-limiter';

// One round trip, atomic across instances: count unless over the cap (or `force`), start the
// window at the first unit, and report what is left and when the window resets.
const CONSUME = `
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local cost, max, window, force = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4] == '1'
if (not force) and current + cost > max then
  return {0, current, redis.call('PTTL', KEYS[1])}
end
local n = redis.call('INCRBY', KEYS[1], cost)
if n == cost then redis.call('PEXPIRE', KEYS[1], window) end
return {1, n, redis.call('PTTL', KEYS[1])}
`;

// Decrements an existing counter, never below zero; DECRBY keeps the key's expiry.
const RELEASE = `
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if current <= 0 then return 0 end
return redis.call('DECRBY', KEYS[1], math.min(current, tonumber(ARGV[1])))
`;

class RedisRateLimiter implements RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async consume(key: string, limit: Limit, cost = 1): Promise<LimitDecision> {
    const [ok, count, ttl] = await this.run(key, limit, cost, false);
    return ok
      ? { allowed: true, remaining: Math.max(0, limit.max - count), retryAfterMs: 0 }
      : { allowed: false, remaining: 0, retryAfterMs: Math.max(0, ttl) };
  }

  async record(key: string, limit: Limit, cost = 1): Promise<void> {
    await this.run(key, limit, cost, true);
  }

  async check(key: string, limit: Limit): Promise<LimitDecision> {
    const [count, ttl] = await this.redis.multi().get(this.k(key)).pttl(this.k(key)).exec().then((r) => [
      Number(r?.[0]?.[1] ?? 0),
      Number(r?.[1]?.[1] ?? 0),
    ]);
    return (count ?? 0) >= limit.max
      ? { allowed: false, remaining: 0, retryAfterMs: Math.max(0, ttl ?? 0) }
      : { allowed: true, remaining: limit.max - (count ?? 0), retryAfterMs: 0 };
  }

  async release(key: string, cost = 1): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.k(key), cost);
  }

  async reset(key: string): Promise<void> {
    await this.redis.del(this.k(key));
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }

  private k(key: string) {
    return `${this.prefix}:rl:${key}`;
  }

  private async run(key: string, limit: Limit, cost: number, force: boolean): Promise<[boolean, number, number]> {
    const [ok, count, ttl] = (await this.redis.eval(CONSUME, 1, this.k(key), cost, limit.max, limit.windowMs, force ? '1' : '0')) as [
      number,
      number,
      number,
    ];
    return [ok === 1, count, ttl];
  }
}

/** Counters shared by every instance through Redis. `prefix` keeps deployments (and tests) apart. */
export function createRedisRateLimiter(url: string, prefix: string): RateLimiter {
  return new RedisRateLimiter(new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2 }), prefix);
}

class RedisEventBus extends MemoryEventBus {
  private readonly ready: Promise<unknown>;
  constructor(
    private readonly pub: Redis,
    private readonly sub: Redis,
    private readonly channel: string,
  ) {
    super();
    this.ready = sub.subscribe(channel);
    sub.on('message', (ch: string, message: string) => {
      if (ch === channel) this.deliver(JSON.parse(message) as SessionEvent);
    });
  }

  /** Goes out through Redis and comes back to this instance's listeners like everyone else's. */
  override async publish(event: SessionEvent): Promise<void> {
    await this.ready;
    await this.pub.publish(this.channel, JSON.stringify(event));
  }

  override async close(): Promise<void> {
    await super.close();
    this.sub.disconnect();
    this.pub.disconnect();
  }
}

/** Live events fanned out to every instance through Redis pub/sub. */
export function createRedisEventBus(url: string, prefix: string): EventBus {
  return new RedisEventBus(new Redis(url), new Redis(url), `${prefix}:events:session`);
}

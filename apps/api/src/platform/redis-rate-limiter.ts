import crypto from 'node:crypto';
import { Redis } from 'ioredis';
import { REDIS_COMMAND_TIMEOUT_MS, REDIS_FIRST_CONNECT_WAIT_MS, REDIS_PROBE_INTERVAL_MS } from '@perch/shared';
import {
  MemoryRateLimiter,
  type AcquireStep,
  type FailureCount,
  type Lease,
  type Limit,
  type LimitDecision,
  type RateLimiter,
  type ThrottleRule,
} from './rate-limiter';

// One round trip, atomic across instances: count unless over the cap, start the window at the
// first unit, and report what is left and when the window resets.
const CONSUME = `
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local cost, max, window = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
if current + cost > max then
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

// KEYS: per rule, its failure counter then its lease set (scored by when each lease lapses).
// ARGV: lease id, lease ms, then each rule's max. Refused if failures alone fill a rule; busy if
// failures plus live leases do; otherwise one lease on every rule. The server's clock times the
// leases, so instances with skewed clocks agree.
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local id, leaseMs = ARGV[1], tonumber(ARGV[2])
local busy = false
for i = 1, #KEYS / 2 do
  local failures = tonumber(redis.call('GET', KEYS[2 * i - 1]) or '0')
  local max = tonumber(ARGV[2 + i])
  if failures >= max then
    return {-1, i, redis.call('PTTL', KEYS[2 * i - 1])}
  end
  redis.call('ZREMRANGEBYSCORE', KEYS[2 * i], '-inf', now)
  if failures + redis.call('ZCARD', KEYS[2 * i]) >= max then busy = true end
end
if busy then return {0} end
for i = 1, #KEYS / 2 do
  redis.call('ZADD', KEYS[2 * i], now + leaseMs, id)
  redis.call('PEXPIRE', KEYS[2 * i], leaseMs)
end
return {1}
`;

// KEYS as ACQUIRE's; ARGV: lease id, '1' when the attempt failed, then each rule's window.
const SETTLE = `
for i = 1, #KEYS / 2 do
  redis.call('ZREM', KEYS[2 * i], ARGV[1])
  if ARGV[2] == '1' then
    local n = redis.call('INCR', KEYS[2 * i - 1])
    if n == 1 then redis.call('PEXPIRE', KEYS[2 * i - 1], tonumber(ARGV[2 + i])) end
  end
end
return 1
`;

const COMMAND_BACKSTOP_MS = 10 * REDIS_COMMAND_TIMEOUT_MS;

/**
 * Redis's answer, or a rejection once `ms` have passed with no answer. Not ioredis's own
 * commandTimeout: a timer fires before the event loop reads its sockets, so after a busy stretch
 * (a burst of requests) an answer that came back in time may be sitting unread. The check waits
 * for one more read of the sockets (setImmediate runs after it) before calling Redis late.
 */
function withinBudget<T>(command: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => setImmediate(() => reject(new Error(`no answer within ${ms} ms`))), ms);
    command.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}

export interface RedisRateLimiterOptions {
  /** Namespaces every key, so deployments (and test suites) can share one Redis. */
  prefix: string;
  /** Instances sharing the global ceilings while Redis is unreachable (`PERCH_INSTANCES`). */
  instances: number;
  /** The clock of the memory fallback (tests move it). */
  now?: () => number;
  /** Where entering and leaving the degraded mode is said. */
  log?: Pick<Console, 'warn' | 'log'>;
}

/**
 * Counters shared by every instance through Redis. Redis being down is a degraded mode, not an
 * outage: each command gets `REDIS_COMMAND_TIMEOUT_MS` (no offline queue, no retries), and when it
 * fails the limiter counts in this instance's memory instead, with global ceilings divided by the
 * number of instances and per-key caps as they are. It says so once on the way in and once on the
 * way out, and ioredis reconnects by itself; from then on counters are shared again.
 */
export class RedisRateLimiter implements RateLimiter {
  private readonly redis: Redis;
  private readonly local: MemoryRateLimiter;
  /** Leases the memory fallback granted: they are dropped there, wherever their failure goes. */
  private readonly localLeases = new WeakSet<Lease>();
  private readonly prefix: string;
  private readonly instances: number;
  private readonly log: Pick<Console, 'warn' | 'log'>;
  private degraded = false;
  private probeAt = 0;
  /** The first connection attempt, until it ends. */
  private opening: Promise<void> | null;

  constructor(url: string, options: RedisRateLimiterOptions) {
    this.prefix = options.prefix;
    this.instances = options.instances;
    this.log = options.log ?? console;
    this.local = new MemoryRateLimiter({ now: options.now, instances: options.instances });
    this.redis = new Redis(url, {
      // Fail at once while disconnected rather than queue; no retries of a command.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      // Only a backstop that clears commands a hung server never answers; `withinBudget` decides.
      commandTimeout: COMMAND_BACKSTOP_MS,
    });
    this.opening = new Promise((resolve) => {
      const ended = () => {
        this.opening = null;
        resolve();
      };
      this.redis.once('ready', ended);
      this.redis.once('close', ended);
    });
    this.redis.on('ready', () => {
      this.probeAt = 0; // try it on the next call rather than at the next probe
    });
    // Connection errors are expected while Redis is away; the degraded-mode lines say what matters.
    this.redis.on('error', () => {});
  }

  async consume(key: string, limit: Limit, cost = 1): Promise<LimitDecision> {
    return this.attempt(
      async () => {
        const [ok, count, ttl] = (await this.redis.eval(CONSUME, 1, this.k(key), cost, limit.max, limit.windowMs)) as number[];
        return ok === 1
          ? { allowed: true, remaining: Math.max(0, limit.max - count!), retryAfterMs: 0 }
          : { allowed: false, remaining: 0, retryAfterMs: Math.max(0, ttl!) };
      },
      () => this.local.consume(key, limit, cost),
    );
  }

  async release(key: string, cost = 1): Promise<void> {
    await this.attempt(
      async () => void (await this.redis.eval(RELEASE, 1, this.k(key), cost)),
      () => this.local.release(key, cost),
    );
  }

  async acquire(rules: readonly ThrottleRule[], leaseMs: number): Promise<AcquireStep> {
    return this.attempt(
      async () => {
        const id = crypto.randomUUID();
        const reply = (await this.redis.eval(ACQUIRE, rules.length * 2, ...this.keys(rules), id, leaseMs, ...rules.map((r) => r.limit.max))) as number[];
        if (reply[0] === 1) return { kind: 'granted', lease: { id, rules, leaseMs } };
        if (reply[0] === 0) return { kind: 'busy' };
        return { kind: 'refused', rule: rules[reply[1]! - 1]!, retryAfterMs: Math.max(0, reply[2]!) };
      },
      async () => {
        const step = await this.local.acquire(rules, leaseMs);
        if (step.kind === 'granted') this.localLeases.add(step.lease);
        return step;
      },
    );
  }

  async settle(lease: Lease, failed: boolean): Promise<void> {
    const local = this.localLeases.delete(lease);
    if (local) await this.local.settle(lease, false);
    // A failure counts wherever counting works now: in Redis once it is back, else in memory.
    if (!local || failed) {
      await this.attempt(
        async () => void (await this.redis.eval(SETTLE, lease.rules.length * 2, ...this.keys(lease.rules), lease.id, failed ? '1' : '0', ...lease.rules.map((r) => r.limit.windowMs))),
        () => this.local.settle(lease, failed),
      );
    }
  }

  async failures(key: string): Promise<FailureCount> {
    return this.attempt(
      async () => {
        const failureKey = `${this.prefix}:th:${key}:f`;
        const [count, ttl] = await Promise.all([this.redis.get(failureKey), this.redis.pttl(failureKey)]);
        const failures = Number(count ?? 0);
        return failures > 0 && ttl > 0 ? { failures, retryAfterMs: ttl } : { failures: 0, retryAfterMs: 0 };
      },
      () => this.local.failures(key),
    );
  }

  async forgive(key: string): Promise<void> {
    // Both: failures counted in memory while Redis was away are forgiven too.
    await this.local.forgive(key);
    await this.attempt(
      async () => void (await this.redis.del(`${this.prefix}:th:${key}:f`)),
      () => this.local.forgive(key),
    );
  }

  async close(): Promise<void> {
    this.redis.disconnect();
    await this.local.close();
  }

  /** Whether counters are in this instance's memory because Redis did not answer. */
  get isDegraded(): boolean {
    return this.degraded;
  }

  private k(key: string) {
    return `${this.prefix}:rl:${key}`;
  }

  private keys(rules: readonly ThrottleRule[]): string[] {
    return rules.flatMap((r) => [`${this.prefix}:th:${r.key}:f`, `${this.prefix}:th:${r.key}:l`]);
  }

  /** Runs `remote` against Redis, or `local` when Redis does not answer in time (or is known away). */
  private async attempt<T>(remote: () => Promise<T>, local: () => Promise<T>): Promise<T> {
    if (this.degraded && Date.now() < this.probeAt) return local();
    try {
      await this.firstConnection();
      const result = await withinBudget(remote(), REDIS_COMMAND_TIMEOUT_MS);
      if (this.degraded) {
        this.degraded = false;
        this.log.log('[perch] Redis answers again: rate limits are shared between instances again.');
      }
      return result;
    } catch (err) {
      this.probeAt = Date.now() + REDIS_PROBE_INTERVAL_MS;
      if (!this.degraded) {
        this.degraded = true;
        this.log.warn(
          `[perch] Redis did not answer (${err instanceof Error ? err.message : String(err)}): rate limits now count in ` +
            `this instance's memory, global ceilings divided by PERCH_INSTANCES=${this.instances}, until Redis is back.`,
        );
      }
      return local();
    }
  }

  /**
   * Right after start-up the connection is still opening: wait for that first attempt to end
   * (ready, or refused) rather than count the first calls in memory, but never longer than
   * REDIS_FIRST_CONNECT_WAIT_MS.
   */
  private async firstConnection(): Promise<void> {
    if (!this.opening) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.opening, new Promise<void>((resolve) => (timer = setTimeout(resolve, REDIS_FIRST_CONNECT_WAIT_MS)))]);
    clearTimeout(timer);
  }
}

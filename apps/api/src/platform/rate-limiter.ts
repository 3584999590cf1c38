import crypto from 'node:crypto';

/** A cap: at most `max` units in `windowMs`, the window starting at the first unit counted. */
export interface Limit {
  max: number;
  windowMs: number;
  /**
   * A ceiling over every client (the global redemption ceiling, one account's sign-ins from
   * anywhere) rather than one client's own cap. While Redis is unreachable each instance enforces
   * `max / PERCH_INSTANCES` of it, so the instances together never pass `max`.
   */
  global?: boolean;
}

export interface LimitDecision {
  allowed: boolean;
  /** Units left in the current window after this call. */
  remaining: number;
  /** When refused: how long until the window resets. */
  retryAfterMs: number;
}

/** One counter a failure throttle keeps: failures of `key` are capped by `limit`. */
export interface ThrottleRule {
  key: string;
  limit: Limit;
}

/** An attempt in flight, holding one lease on each of its rules until it is settled. */
export interface Lease {
  readonly id: string;
  readonly rules: readonly ThrottleRule[];
  readonly leaseMs: number;
}

export type AcquireStep =
  | { kind: 'granted'; lease: Lease }
  /** Failures plus attempts in flight fill a rule: wait, as those attempts may yet succeed. */
  | { kind: 'busy' }
  /** Failures alone fill `rule` (the first such rule); no rule was leased. */
  | { kind: 'refused'; rule: ThrottleRule; retryAfterMs: number };

/**
 * Every cap and throttle in Perch. Two uses:
 *
 * - **Caps** (`consume`/`release`): at most `max` units a window (session starts, agent policy
 *   counters). A unit is taken before the action and may be given back if the action fails.
 * - **Failure throttles** (`acquire`/`settle`, through `holdAttempt`): at most `max` *failures* a
 *   window (wrong codes, wrong passwords). Each key counts its failures and its attempts in
 *   flight, as leases. An attempt is refused when failures alone fill a rule, waits while failures
 *   plus leases do, and otherwise takes a lease on every rule at once. Settling drops the lease and,
 *   for a failure only, counts one. So a success never uses the budget however many run at once,
 *   and a burst of N simultaneous failures still gets at most `max` of them checked.
 *
 * The in-memory store serves one instance; the Redis store shares counters between instances and
 * falls back to memory while Redis is unreachable.
 */
export interface RateLimiter {
  /** Counts `cost` units unless that would pass the cap; a refused call counts nothing. */
  consume(key: string, limit: Limit, cost?: number): Promise<LimitDecision>;
  /** Gives back `cost` units a `consume` took (never below zero; the window keeps its end). */
  release(key: string, cost?: number): Promise<void>;
  /** One try at leasing every rule at once (atomic: all or none). */
  acquire(rules: readonly ThrottleRule[], leaseMs: number): Promise<AcquireStep>;
  /** Drops the lease and, when the attempt failed, counts a failure on each of its rules. */
  settle(lease: Lease, failed: boolean): Promise<void>;
  /** The failures a throttle key holds now, and how long until its window resets (for the admin's view). */
  failures(key: string): Promise<FailureCount>;
  /** Forgets a throttle key's failures (an admin's "Unblock"); attempts in flight keep their leases. */
  forgive(key: string): Promise<void>;
  close(): Promise<void>;
}

export interface FailureCount {
  failures: number;
  retryAfterMs: number;
}

interface Window {
  count: number;
  resetAt: number;
}

interface FailureCounter {
  failures: number;
  resetAt: number;
  /** Lease id → when it lapses. */
  leases: Map<string, number>;
}

export interface MemoryRateLimiterOptions {
  now?: () => number;
  /** Instances sharing the global ceilings: each enforces `max / instances` of a global limit. */
  instances?: number;
}

export class MemoryRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, Window>();
  private readonly counters = new Map<string, FailureCounter>();
  private readonly now: () => number;
  private readonly instances: number;
  private sweeps = 0;

  constructor(options: MemoryRateLimiterOptions = {}) {
    this.now = options.now ?? Date.now;
    this.instances = options.instances ?? 1;
  }

  async consume(key: string, limit: Limit, cost = 1): Promise<LimitDecision> {
    const max = this.share(limit);
    const w = this.current(key, limit);
    if (w.count + cost > max) return { allowed: false, remaining: 0, retryAfterMs: Math.max(0, w.resetAt - this.now()) };
    w.count += cost;
    return { allowed: true, remaining: max - w.count, retryAfterMs: 0 };
  }

  async release(key: string, cost = 1): Promise<void> {
    const w = this.windows.get(key);
    if (w && w.resetAt > this.now()) w.count = Math.max(0, w.count - cost);
  }

  async acquire(rules: readonly ThrottleRule[], leaseMs: number): Promise<AcquireStep> {
    const now = this.now();
    this.sweep(now);
    let busy = false;
    for (const rule of rules) {
      const c = this.counter(rule.key, now);
      const max = this.share(rule.limit);
      if (c.failures >= max) return { kind: 'refused', rule, retryAfterMs: Math.max(0, c.resetAt - now) };
      for (const [id, lapses] of c.leases) if (lapses <= now) c.leases.delete(id);
      if (c.failures + c.leases.size >= max) busy = true;
    }
    if (busy) return { kind: 'busy' };
    const lease: Lease = { id: crypto.randomUUID(), rules, leaseMs };
    for (const rule of rules) this.counter(rule.key, now).leases.set(lease.id, now + leaseMs);
    return { kind: 'granted', lease };
  }

  async settle(lease: Lease, failed: boolean): Promise<void> {
    const now = this.now();
    for (const rule of lease.rules) {
      const c = this.counter(rule.key, now);
      c.leases.delete(lease.id);
      if (!failed) continue;
      // The window starts at the first failure, as a cap's starts at its first unit.
      if (c.failures === 0) c.resetAt = now + rule.limit.windowMs;
      c.failures += 1;
    }
  }

  async failures(key: string): Promise<FailureCount> {
    const now = this.now();
    const c = this.counters.get(key);
    if (!c || c.failures === 0 || c.resetAt <= now) return { failures: 0, retryAfterMs: 0 };
    return { failures: c.failures, retryAfterMs: c.resetAt - now };
  }

  async forgive(key: string): Promise<void> {
    const c = this.counters.get(key);
    if (c) c.failures = 0;
  }

  async close(): Promise<void> {
    this.windows.clear();
    this.counters.clear();
  }

  /** This instance's share of a limit: all of it, or for a global one its part of the ceiling. */
  private share(limit: Limit): number {
    return limit.global ? Math.max(1, Math.floor(limit.max / this.instances)) : limit.max;
  }

  private current(key: string, limit: Limit): Window {
    const now = this.now();
    this.sweep(now);
    let w = this.windows.get(key);
    if (!w || w.resetAt <= now) {
      w = { count: 0, resetAt: now + limit.windowMs };
      this.windows.set(key, w);
    }
    return w;
  }

  /** The failure counter of `key`, its failures forgotten once their window has passed. */
  private counter(key: string, now: number): FailureCounter {
    let c = this.counters.get(key);
    if (!c) {
      c = { failures: 0, resetAt: now, leases: new Map() };
      this.counters.set(key, c);
    } else if (c.failures > 0 && c.resetAt <= now) {
      c.failures = 0;
    }
    return c;
  }

  /** Keeps memory bounded when many distinct addresses pass by. */
  private sweep(now: number) {
    if (++this.sweeps % 1000 !== 0) return;
    for (const [key, w] of this.windows) if (w.resetAt <= now) this.windows.delete(key);
    for (const [key, c] of this.counters) {
      const lastLease = Math.max(0, ...c.leases.values());
      if (c.resetAt <= now && lastLease <= now) this.counters.delete(key);
    }
  }
}

/** What `holdAttempt` gives: a held attempt to settle, or why none was granted. */
export type Hold<R extends ThrottleRule = ThrottleRule> =
  | { granted: true; settle(failed: boolean): Promise<void> }
  /** `rule` is null when attempts in flight kept every slot busy for the whole wait. */
  | { granted: false; rule: R | null; retryAfterMs: number };

export interface HoldOptions {
  leaseMs: number;
  waitMaxMs: number;
  pollMinMs: number;
  pollMaxMs: number;
  busyRetryAfterMs: number;
}

interface Waiter {
  keys: Set<string>;
  wake: () => void;
}

/** Attempts waiting on each limiter in this process, woken as leases on their keys settle. */
const waiting = new WeakMap<RateLimiter, Waiter[]>();

/**
 * Takes a lease on every rule for one attempt, waiting (up to `waitMaxMs`) while attempts in flight
 * fill a rule, since they may succeed and free it. The caller runs the attempt and then calls
 * `settle(failed)` exactly once. Waiters poll with backoff (other instances settle too) and a
 * settle in this process wakes the longest-waiting attempt on the same keys at once.
 */
export async function holdAttempt<R extends ThrottleRule>(
  limiter: RateLimiter,
  rules: readonly R[],
  options: HoldOptions,
): Promise<Hold<R>> {
  const deadline = Date.now() + options.waitMaxMs;
  let pause = options.pollMinMs;
  for (;;) {
    const step = await limiter.acquire(rules, options.leaseMs);
    if (step.kind === 'granted') {
      let settled = false;
      return {
        granted: true,
        settle: async (failed) => {
          if (settled) return;
          settled = true;
          try {
            await limiter.settle(step.lease, failed);
          } finally {
            wakeOne(limiter, rules);
          }
        },
      };
    }
    if (step.kind === 'refused') return { granted: false, rule: step.rule as R, retryAfterMs: step.retryAfterMs };
    const left = deadline - Date.now();
    if (left <= 0) return { granted: false, rule: null, retryAfterMs: options.busyRetryAfterMs };
    // Jitter keeps a crowd of waiters from polling in step.
    await waitForSettle(limiter, rules, Math.min(left, pause * (0.5 + Math.random())));
    pause = Math.min(pause * 2, options.pollMaxMs);
  }
}

function waitForSettle(limiter: RateLimiter, rules: readonly ThrottleRule[], ms: number): Promise<void> {
  return new Promise((resolve) => {
    const list = waiting.get(limiter) ?? [];
    waiting.set(limiter, list);
    const waiter: Waiter = {
      keys: new Set(rules.map((r) => r.key)),
      wake: () => {
        clearTimeout(timer);
        const i = list.indexOf(waiter);
        if (i >= 0) list.splice(i, 1);
        resolve();
      },
    };
    const timer = setTimeout(waiter.wake, ms);
    list.push(waiter);
  });
}

/** One lease settled frees one slot: wake the longest-waiting attempt that shares a key. */
function wakeOne(limiter: RateLimiter, rules: readonly ThrottleRule[]) {
  const next = waiting.get(limiter)?.find((w) => rules.some((r) => w.keys.has(r.key)));
  next?.wake();
}

/** A cap: at most `max` units in `windowMs`, the window starting at the first unit counted. */
export interface Limit {
  max: number;
  windowMs: number;
}

export interface LimitDecision {
  allowed: boolean;
  /** Units left in the current window after this call. */
  remaining: number;
  /** When refused: how long until the window resets. */
  retryAfterMs: number;
}

/**
 * Counters for rate limits and throttles. The in-memory store serves one instance (the embedded
 * default); the Redis store shares counters between instances behind a load balancer.
 */
export interface RateLimiter {
  /** Counts `cost` units unless that would pass the cap; a refused call counts nothing. */
  consume(key: string, limit: Limit, cost?: number): Promise<LimitDecision>;
  /** Counts `cost` units even past the cap (for failures, which must always be remembered). */
  record(key: string, limit: Limit, cost?: number): Promise<void>;
  /** Whether the key is at or over its cap, without counting. */
  check(key: string, limit: Limit): Promise<LimitDecision>;
  /**
   * Gives back `cost` units a `consume` took (never below zero; the window keeps its end). With
   * `consume` this makes a reservation: take a unit before an attempt, so concurrent attempts
   * cannot all slip past the cap, and give it back when the attempt turns out not to count.
   */
  release(key: string, cost?: number): Promise<void>;
  reset(key: string): Promise<void>;
  close(): Promise<void>;
}

interface Window {
  count: number;
  resetAt: number;
}

export class MemoryRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, Window>();
  private sweeps = 0;

  constructor(private readonly now: () => number = Date.now) {}

  async consume(key: string, limit: Limit, cost = 1): Promise<LimitDecision> {
    const w = this.current(key, limit);
    if (w.count + cost > limit.max) return refused(w, this.now());
    w.count += cost;
    return { allowed: true, remaining: limit.max - w.count, retryAfterMs: 0 };
  }

  async record(key: string, limit: Limit, cost = 1): Promise<void> {
    this.current(key, limit).count += cost;
  }

  async check(key: string, limit: Limit): Promise<LimitDecision> {
    const w = this.windows.get(key);
    const now = this.now();
    if (!w || w.resetAt <= now) return { allowed: true, remaining: limit.max, retryAfterMs: 0 };
    return w.count >= limit.max ? refused(w, now) : { allowed: true, remaining: limit.max - w.count, retryAfterMs: 0 };
  }

  async release(key: string, cost = 1): Promise<void> {
    const w = this.windows.get(key);
    if (w && w.resetAt > this.now()) w.count = Math.max(0, w.count - cost);
  }

  async reset(key: string): Promise<void> {
    this.windows.delete(key);
  }

  async close(): Promise<void> {
    this.windows.clear();
  }

  private current(key: string, limit: Limit): Window {
    const now = this.now();
    if (++this.sweeps % 1000 === 0) this.dropExpired(now);
    let w = this.windows.get(key);
    if (!w || w.resetAt <= now) {
      w = { count: 0, resetAt: now + limit.windowMs };
      this.windows.set(key, w);
    }
    return w;
  }

  /** Keeps memory bounded when many distinct IPs pass by. */
  private dropExpired(now: number) {
    for (const [key, w] of this.windows) if (w.resetAt <= now) this.windows.delete(key);
  }
}

function refused(w: Window, now: number): LimitDecision {
  return { allowed: false, remaining: 0, retryAfterMs: Math.max(0, w.resetAt - now) };
}

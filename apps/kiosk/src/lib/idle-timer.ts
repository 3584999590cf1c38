export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Calls `onIdle` once after `timeoutMs` without `activity()`. Activity only records a time, so it
 * is cheap to call on every tap and key press; one timer re-arms itself for whatever is left.
 */
export class IdleTimer {
  private lastActivity = 0;
  private handle: unknown = null;
  private fired = false;

  constructor(
    private readonly timeoutMs: number,
    private readonly onIdle: () => void,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Starts counting; `quietSince` (default now) is when the last activity was, if it was earlier. */
  start(quietSince: number = this.clock.now()): void {
    this.lastActivity = quietSince;
    this.fired = false;
    this.arm(Math.max(0, this.timeoutMs - (this.clock.now() - quietSince)));
  }

  activity(): void {
    this.lastActivity = this.clock.now();
    if (this.fired) return; // locked: only an explicit restart (after "Tap to continue") counts
    if (this.handle === null) this.arm(this.timeoutMs);
  }

  stop(): void {
    if (this.handle !== null) this.clock.clearTimeout(this.handle);
    this.handle = null;
  }

  private arm(ms: number): void {
    this.stop();
    this.handle = this.clock.setTimeout(() => this.check(), ms);
  }

  private check(): void {
    this.handle = null;
    const idleFor = this.clock.now() - this.lastActivity;
    if (idleFor >= this.timeoutMs) {
      this.fired = true;
      this.onIdle();
    } else {
      this.arm(this.timeoutMs - idleFor);
    }
  }
}

/** Returns a function that runs `fn` at most once per `intervalMs` (the first call runs at once). */
export function throttle(fn: () => void, intervalMs: number, now: () => number = Date.now): () => void {
  let last = -Infinity;
  return () => {
    const t = now();
    if (t - last < intervalMs) return;
    last = t;
    fn();
  };
}

/** An open stream that ends (retryably) when shutdown begins. */
export interface Drainable {
  drain(): void;
}

/**
 * This instance's way out. Set once on SIGTERM/SIGINT: `/readyz` then answers 503 so a load
 * balancer stops sending new work, and the live event streams end with a retryable error so
 * kiosks and admin pages reconnect (to another instance) instead of being cut off.
 */
export class Shutdown {
  private readonly controller = new AbortController();
  /** The open streams: a set rather than listeners on `signal`, so one of thousands leaves in O(1). */
  private readonly streams = new Set<Drainable>();

  /** Aborts when shutdown begins. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get draining(): boolean {
    return this.controller.signal.aborted;
  }

  /** Drains `stream` when shutdown begins, or at once if it has. */
  register(stream: Drainable): void {
    if (this.draining) stream.drain();
    else this.streams.add(stream);
  }

  unregister(stream: Drainable): void {
    this.streams.delete(stream);
  }

  /** How many streams are registered (for tests: a closed stream leaves none behind). */
  get streamCount(): number {
    return this.streams.size;
  }

  begin(): void {
    if (this.draining) return;
    this.controller.abort();
    for (const stream of this.streams) stream.drain();
    this.streams.clear();
  }
}

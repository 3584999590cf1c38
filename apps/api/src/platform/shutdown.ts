import { setMaxListeners } from 'node:events';

/**
 * This instance's way out. Set once on SIGTERM/SIGINT: `/readyz` then answers 503 so a load
 * balancer stops sending new work, and the live event streams end with a retryable error so
 * kiosks and admin pages reconnect (to another instance) instead of being cut off.
 */
export class Shutdown {
  private readonly controller = new AbortController();

  constructor() {
    // Every open event stream listens for it; the default cap of 10 is a leak warning, not a limit.
    setMaxListeners(0, this.controller.signal);
  }

  /** Aborts when shutdown begins. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get draining(): boolean {
    return this.controller.signal.aborted;
  }

  begin(): void {
    this.controller.abort();
  }
}

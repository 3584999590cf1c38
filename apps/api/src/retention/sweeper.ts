import { RETENTION_SWEEP_INTERVAL_MS } from '@perch/shared';
import type { Services } from '../context';
import { purgeExpiredData } from './retention.service';

/**
 * Runs the retention purge now and then every RETENTION_SWEEP_INTERVAL_MS; returns a stop function.
 * Every instance may run it: the deletes are idempotent, so two instances sweeping at once only
 * split the counts. A failed sweep is logged and retried at the next tick, never fatal.
 */
export function startRetentionSweeper(services: Services, intervalMs = RETENTION_SWEEP_INTERVAL_MS): () => void {
  let running: Promise<unknown> | null = null;
  const sweep = () => {
    if (running) return; // a slow sweep is not stacked on by the next tick
    running = purgeExpiredData(services)
      .then((counts) => {
        const total = Object.values(counts).reduce((a, b) => a + b, 0);
        if (total > 0) console.log(`[perch] retention: purged ${JSON.stringify(counts)}`);
      })
      .catch((err: unknown) => console.error('[perch] retention sweep failed:', err))
      .finally(() => {
        running = null;
      });
  };
  sweep();
  const timer = setInterval(sweep, intervalMs);
  // The sweep alone must not keep the process alive.
  timer.unref();
  return () => clearInterval(timer);
}

import type { Config } from './config';
import { migrateToLatest, openDatabase, type ConnectOptions } from './db/connect';
import { MemoryEventBus, type EventBus } from './platform/events';
import { MemoryRateLimiter, type RateLimiter } from './platform/rate-limiter';
import { createRedisEventBus, createRedisRateLimiter } from './platform/redis';
import { resolveSecret } from './platform/secrets';
import type { Services } from './context';

export interface ServicesHandle extends Services {
  close: () => Promise<void>;
}

/**
 * Opens the database (migrating it), and picks in-memory or Redis counters and events.
 * Used by the server, the CLI, tests and benchmarks alike.
 */
export interface ServiceOptions extends ConnectOptions {
  /** Clock override (tests move time forward). */
  now?: () => number;
  /** Namespaces Redis keys and channels; tests use one per suite. */
  keyPrefix?: string;
}

export async function createServices(config: Config, connect: ServiceOptions = {}): Promise<ServicesHandle> {
  // Settings first: a misconfigured start must fail before it touches the database.
  const secret = resolveSecret(config.PERCH_SECRET, config.DATABASE_URL);
  const handle = openDatabase(config.DATABASE_URL, connect);
  await migrateToLatest(handle, connect);
  const now = connect.now ?? Date.now;
  let limiter: RateLimiter;
  let events: EventBus;
  if (config.REDIS_URL) {
    limiter = createRedisRateLimiter(config.REDIS_URL, connect.keyPrefix ?? 'perch');
    events = createRedisEventBus(config.REDIS_URL, connect.keyPrefix ?? 'perch');
  } else {
    limiter = new MemoryRateLimiter(now);
    events = new MemoryEventBus();
  }
  return {
    db: handle.db,
    dialect: handle.dialect,
    config,
    secret,
    limiter,
    events,
    now,
    close: async () => {
      await Promise.all([limiter.close(), events.close()]);
      await handle.destroy();
    },
  };
}

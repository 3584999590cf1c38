import type { Config } from './config';
import type { ConnectOptions } from './db/connect';
import { openDatabaseForStartup } from './db/startup';
import { MemoryEventBus, sessionEventKey, type EventBus } from './platform/events';
import { MemoryRateLimiter, type RateLimiter } from './platform/rate-limiter';
import { RedisRateLimiter } from './platform/redis-rate-limiter';
import { createRedisEventBus } from './platform/redis';
import { primeDummyPasswordHash } from './auth/password';
import { resolveSecret } from './platform/secrets';
import type { Services } from './context';
import type { AgentRequestEvent } from './agents/requests.service';
import { tabletEventKey, type TabletEvent } from './tablets/tablet-events';
import { loadPinnedPolicy } from './agents/policy.store';
import { Shutdown } from './platform/shutdown';
import { SettingsCache, type SettingEvent } from './platform/settings-cache';
import { DeviceHeartbeats } from './tablets/heartbeats';

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
  /** Namespaces Redis keys and channels (default `REDIS_PREFIX`); tests use one per suite. */
  keyPrefix?: string;
}

export async function createServices(config: Config, connect: ServiceOptions = {}): Promise<ServicesHandle> {
  // Settings first: a misconfigured start must fail before it touches the database.
  const secret = resolveSecret(config);
  loadPinnedPolicy(config);
  const handle = await openDatabaseForStartup(config.DATABASE_URL, {
    connectTimeoutMs: config.DATABASE_CONNECT_TIMEOUT_MS,
    statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
    ...connect,
  });
  const now = connect.now ?? Date.now;
  let limiter: RateLimiter;
  let events: EventBus;
  let agentEvents: EventBus<AgentRequestEvent>;
  let tabletEvents: EventBus<TabletEvent>;
  let settingEvents: EventBus<SettingEvent>;
  // Before the first request, so an unknown email costs the same argon2 time from the very first.
  await primeDummyPasswordHash();
  if (config.REDIS_URL) {
    const prefix = connect.keyPrefix ?? config.REDIS_PREFIX;
    limiter = new RedisRateLimiter(config.REDIS_URL, { prefix, instances: config.PERCH_INSTANCES, now });
    events = createRedisEventBus(config.REDIS_URL, prefix);
    agentEvents = createRedisEventBus<AgentRequestEvent>(config.REDIS_URL, prefix, 'agent-request');
    tabletEvents = createRedisEventBus(config.REDIS_URL, prefix, 'tablet', tabletEventKey);
    settingEvents = createRedisEventBus<SettingEvent>(config.REDIS_URL, prefix, 'setting');
  } else {
    limiter = new MemoryRateLimiter({ now });
    events = new MemoryEventBus(sessionEventKey);
    agentEvents = new MemoryEventBus<AgentRequestEvent>();
    tabletEvents = new MemoryEventBus(tabletEventKey);
    settingEvents = new MemoryEventBus<SettingEvent>();
  }
  const settings = new SettingsCache(settingEvents, now);
  const heartbeats = new DeviceHeartbeats(handle.db, now);
  return {
    db: handle.db,
    dialect: handle.dialect,
    config,
    secret,
    limiter,
    events,
    agentEvents,
    tabletEvents,
    settingEvents,
    settings,
    heartbeats,
    now,
    shutdown: new Shutdown(),
    close: async () => {
      settings.close();
      heartbeats.close();
      await Promise.all([limiter.close(), events.close(), agentEvents.close(), tabletEvents.close(), settingEvents.close()]);
      await handle.destroy();
    },
  };
}

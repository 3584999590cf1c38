import type { Kysely } from 'kysely';
import type { Config } from './config';
import type { Database } from './db/schema';
import type { DialectName } from './db/dialect';
import type { RateLimiter } from './platform/rate-limiter';
import type { EventBus } from './platform/events';
import type { Shutdown } from './platform/shutdown';
import type { AgentRequestEvent } from './agents/requests.service';
import type { TabletEvent } from './tablets/tablet-events';
import type { SettingEvent, SettingsCache } from './platform/settings-cache';
import type { DeviceHeartbeats } from './tablets/heartbeats';

/*
 * The types every service shares, at the bottom of the house: services import these and never the
 * tRPC layer (trpc.ts), which sits on top and calls into them.
 */

/** Long-lived parts every request shares: built once at start-up (or per test). */
export interface Services {
  db: Kysely<Database>;
  dialect: DialectName;
  config: Config;
  /** Keys the hash of redemption codes (see platform/secrets.ts). */
  secret: string;
  limiter: RateLimiter;
  events: EventBus;
  /** Approval requests made by AI agents, for the Agents page's live list. */
  agentEvents: EventBus<AgentRequestEvent>;
  /** Enrolled tablets coming and going, renamed, retired (the Tablets page and each tablet's stream). */
  tabletEvents: EventBus<TabletEvent>;
  /** A setting changed (its key), so every instance's SettingsCache forgets its copy. */
  settingEvents: EventBus<SettingEvent>;
  /** Settings read on hot paths (the kiosk's names), held in memory until a change is heard. */
  settings: SettingsCache;
  /** Renews every open enrolled-tablet stream's `last_seen_at` in one write per beat. */
  heartbeats: DeviceHeartbeats;
  /** The clock, injectable so tests can move time instead of sleeping. */
  now: () => number;
  /** Set when this instance begins to shut down (see platform/shutdown.ts). */
  shutdown: Shutdown;
}

/** What a procedure may know of the request, independent of Express so callers can fake it. */
export interface RequestInfo {
  ip: string;
  userAgent: string | null;
  acceptLanguage: string | null;
  cookies: Record<string, string | undefined>;
}

export interface CookieOptions {
  maxAgeMs: number;
}

/** What a procedure may do to the response. */
export interface ResponseControl {
  setCookie(name: string, value: string, options: CookieOptions): void;
  clearCookie(name: string): void;
  setHeader(name: string, value: string): void;
}

export interface Context extends Services {
  req: RequestInfo;
  res: ResponseControl;
}

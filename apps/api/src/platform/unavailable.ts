import { RESILIENCE } from '@perch/shared';
import { PerchError } from './errors';

/**
 * Why Perch cannot answer right now, told apart from a bug: a database connection that died (a
 * restart, a failover, `pg_terminate_backend`) or could not be opened, a statement or connection
 * that timed out, a database too busy to take the request, Redis out of reach, or this instance
 * shutting down. Each is worth a 503 with Retry-After: the same request may work in a few seconds.
 */
export type Unavailability = 'connection' | 'timeout' | 'busy' | 'redis' | 'shutting-down';

// SQLSTATE classes and codes (https://www.postgresql.org/docs/current/errcodes-appendix.html).
const PG_CONNECTION_CODES = new Set(['57P01', '57P02', '57P03']); // admin/crash shutdown, cannot connect now
const PG_CONNECTION_CLASS = '08'; // connection exception
const PG_RESOURCES_CLASS = '53'; // insufficient resources: too many connections, disk full, out of memory
const PG_QUERY_CANCELED = '57014'; // statement_timeout

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

// node-postgres, pg-pool and Kysely raise these without a code.
const CONNECTION_MESSAGES = [
  'Connection terminated',
  'not queryable',
  'Postgres connection has been discarded',
  'Cannot use a pool after calling end',
];
const TIMEOUT_MESSAGES = ['timeout exceeded when trying to connect', 'Query read timeout', 'due to connection timeout'];
// ioredis, when a command cannot reach Redis.
const REDIS_MESSAGES = ['Connection is closed', "Stream isn't writeable", 'Reached the max retries per request limit'];

/** What kind of unavailability `err` (or anything in its `cause` chain) is, or null for a real failure. */
export function classifyUnavailable(err: unknown): Unavailability | null {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const kind = classifyOne(e as { code?: unknown; message?: unknown; name?: unknown });
    if (kind) return kind;
  }
  return null;
}

function classifyOne(e: { code?: unknown; message?: unknown; name?: unknown }): Unavailability | null {
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : '';
  const sqlState = code.length === 5 ? code : '';
  if (PG_CONNECTION_CODES.has(sqlState) || sqlState.startsWith(PG_CONNECTION_CLASS)) return 'connection';
  if (code === PG_QUERY_CANCELED) return 'timeout';
  if (sqlState.startsWith(PG_RESOURCES_CLASS)) return 'busy';
  // better-sqlite3: another writer held the lock for longer than busy_timeout.
  if (code.startsWith('SQLITE_BUSY')) return 'busy';
  if (e.name === 'MaxRetriesPerRequestError' || REDIS_MESSAGES.some((m) => message.includes(m))) return 'redis';
  if (NETWORK_CODES.has(code)) return 'connection';
  if (TIMEOUT_MESSAGES.some((m) => message.includes(m))) return 'timeout';
  if (CONNECTION_MESSAGES.some((m) => message.includes(m))) return 'connection';
  return null;
}

const SENTENCES: Record<Unavailability, string> = {
  connection: 'Perch cannot reach its database right now. Please try again in a few seconds.',
  timeout: 'Perch’s database is taking too long to answer right now. Please try again in a few seconds.',
  busy: 'Perch is busy right now. Please try again in a few seconds.',
  redis: 'Perch cannot reach its shared cache right now. Please try again in a few seconds.',
  'shutting-down': 'This Perch server is restarting. Please try again in a few seconds.',
};

/** The 503 a person reads and a client can act on (`data.reason` UNAVAILABLE, `retryAfterSec`). */
export function unavailable(kind: Unavailability): PerchError {
  return new PerchError('SERVICE_UNAVAILABLE', 'UNAVAILABLE', SENTENCES[kind], RESILIENCE.unavailableRetryAfterSec);
}

const LOG_EVERY_MS = 5_000;
let lastLogAt = 0;
let unlogged = 0;

/**
 * One line per few seconds while the database is away, with how many failures it stands for:
 * hundreds of requests a second would otherwise bury everything else in the log.
 */
export function logUnavailable(path: string, err: unknown, now = Date.now()): void {
  if (now - lastLogAt < LOG_EVERY_MS) {
    unlogged++;
    return;
  }
  const more = unlogged ? ` (and ${unlogged} more since the last report)` : '';
  console.warn(`[perch] ${path} answered 503: ${err instanceof Error ? err.message : String(err)}${more}`);
  lastLogAt = now;
  unlogged = 0;
}

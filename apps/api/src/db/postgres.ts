import type { PostgresPool, PostgresPoolClient } from 'kysely';
import pg from 'pg';
import { RESILIENCE } from '@perch/shared';
import { classifyUnavailable } from '../platform/unavailable';

export interface PostgresPoolOptions {
  url: string;
  poolSize: number;
  /** Run in this schema (tests use one per run). */
  schema?: string;
  connectTimeoutMs: number;
  statementTimeoutMs: number;
}

const INT8_OID = 20;

/**
 * A pg pool that survives its database going away. Without an `error` listener, a connection the
 * server closes (a restart, a failover, `pg_terminate_backend`) crashes the whole process, idle
 * in the pool or checked out between two queries alike. Timeouts bound every wait: opening a
 * connection (or waiting for a free one), a statement on the server, and a silent server.
 */
export function createPostgresPool(options: PostgresPoolOptions): PostgresPool {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    connectionTimeoutMillis: options.connectTimeoutMs,
    statement_timeout: options.statementTimeoutMs,
    query_timeout: options.statementTimeoutMs + RESILIENCE.databaseQueryTimeoutMarginMs,
    // Finds its connections in pg_stat_activity; an application_name in DATABASE_URL wins.
    fallback_application_name: 'perch',
    // Notices a peer that vanished without closing the connection (a failover, a dead network).
    keepAlive: true,
    // Timestamps are BIGINT epoch milliseconds; they fit a JS number exactly.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  pool.on('error', (err) => logLostConnection(err));
  pool.on('connect', (client) => client.on('error', (err) => logLostConnection(err)));
  return new RetryingPool(pool);
}

let lastLostLogAt = 0;
function logLostConnection(err: Error) {
  // Every pooled connection reports the same outage; one line a second says it.
  const now = Date.now();
  if (now - lastLostLogAt < 1_000) return;
  lastLostLogAt = now;
  console.warn(`[perch] a PostgreSQL connection was lost (${err.message}); new ones are opened as needed.`);
}

/** The pool as Kysely sees it: each checked-out connection wrapped in a RetryingClient. */
class RetryingPool implements PostgresPool {
  constructor(private readonly pool: pg.Pool) {}

  async connect(): Promise<PostgresPoolClient> {
    return new RetryingClient(this.pool, await this.pool.connect()) as unknown as PostgresPoolClient;
  }

  end(): Promise<void> {
    return this.pool.end();
  }
}

// Kysely's transaction statements, exactly as it sends them.
const BEGINS = /^(begin|start transaction)\b/i;
const ENDS = /^(commit|rollback)$/i;

/**
 * One checked-out connection. A read outside a transaction that fails because its connection
 * died is run once more on a fresh connection: it changed nothing, so running it again is safe,
 * and the request that sent it never notices the restart. Writes and anything inside a
 * transaction are never retried; they fail with a 503 (see trpc.ts). A connection that failed
 * this way is dropped from the pool rather than handed to the next request.
 */
class RetryingClient {
  private inTransaction = false;
  private broken = false;

  constructor(
    private readonly pool: pg.Pool,
    private client: pg.PoolClient,
  ) {}

  async query(sql: string, parameters: readonly unknown[]) {
    try {
      return await this.run(sql, parameters);
    } catch (err) {
      if (this.inTransaction || classifyUnavailable(err) !== 'connection' || !/^select\b/i.test(sql)) throw err;
      this.client.release(true);
      this.client = await this.pool.connect();
      this.broken = false;
      return await this.run(sql, parameters);
    } finally {
      if (ENDS.test(sql)) this.inTransaction = false;
    }
  }

  private async run(sql: string, parameters: readonly unknown[]) {
    try {
      const result = await this.client.query(sql, parameters as unknown[]);
      if (BEGINS.test(sql)) this.inTransaction = true;
      return result;
    } catch (err) {
      const kind = classifyUnavailable(err);
      if (kind === 'connection' || kind === 'timeout') this.broken = true;
      throw err;
    }
  }

  release(destroy?: boolean): void {
    this.client.release(destroy || this.broken);
  }
}

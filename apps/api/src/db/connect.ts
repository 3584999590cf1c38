import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type SqliteDatabase } from 'kysely';
import { RESILIENCE } from '@perch/shared';
import type { Database } from './schema';
import { migrations } from './migrations';
import { createPostgresPool } from './postgres';
import type { DialectName } from './dialect';
import { ensurePrivateDir, makePrivate } from '../platform/private-files';
import { checkpointInBackground } from './checkpointer';

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: DialectName;
  destroy: () => Promise<void>;
}

export interface ConnectOptions {
  /** PostgreSQL only: run in this schema (created if missing). Tests use one schema per run. */
  schema?: string;
  /** PostgreSQL pool size per instance. */
  poolSize?: number;
  /** PostgreSQL: DATABASE_CONNECT_TIMEOUT_MS and DATABASE_STATEMENT_TIMEOUT_MS. */
  connectTimeoutMs?: number;
  statementTimeoutMs?: number;
}

/** Opens the database named by a `sqlite:` path or `postgres://` URL. */
export function openDatabase(url: string, options: ConnectOptions = {}): DatabaseHandle {
  if (/^postgres(ql)?:\/\//.test(url)) {
    const pool = createPostgresPool({
      url,
      poolSize: options.poolSize ?? 10,
      schema: options.schema,
      connectTimeoutMs: options.connectTimeoutMs ?? RESILIENCE.databaseConnectTimeoutMsDefault,
      statementTimeoutMs: options.statementTimeoutMs ?? RESILIENCE.databaseStatementTimeoutMsDefault,
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: 'postgres', destroy: () => db.destroy() };
  }
  const file = url.replace(/^sqlite:(\/\/)?/, '');
  const onDisk = file !== ':memory:';
  if (onDisk) {
    // Owner only, whatever the umask: SQLite gives the -wal and -shm files the database file's mode.
    ensurePrivateDir(path.dirname(path.resolve(file)));
    makePrivate(file, { create: true });
  }
  const sqlite = new SQLite(file);
  // WAL lets readers proceed while a write commits; foreign keys are off by default in SQLite.
  sqlite.pragma('journal_mode = WAL');
  if (onDisk) for (const companion of [`${file}-wal`, `${file}-shm`]) makePrivate(companion);
  // In WAL mode NORMAL cannot corrupt the database; it skips an fsync per commit (a power cut may
  // lose the last commits, never consistency), which is most of a redeem's cost.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const checkpoints = onDisk ? checkpointInBackground(sqlite, file) : null;
  const statements = withStatementCache(sqlite);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: statements }) });
  sqliteStatements.set(db, statements);
  return {
    db,
    dialect: 'sqlite',
    destroy: async () => {
      await checkpoints?.stop();
      await db.destroy();
    },
  };
}

const STATEMENT_CACHE_SIZE = 500;

/** SQLite's one connection, as Kysely's driver uses it: cached statements (see db/sqlite-sync.ts). */
export interface SqliteStatements extends SqliteDatabase {
  prepare(sql: string): SQLite.Statement;
  readonly inTransaction: boolean;
}

const sqliteStatements = new WeakMap<Kysely<Database>, SqliteStatements>();

/** The statements of a SQLite database opened here; null on PostgreSQL. */
export function sqliteStatementsOf(db: Kysely<Database>): SqliteStatements | null {
  return sqliteStatements.get(db) ?? null;
}

/**
 * Kysely prepares every query afresh, and better-sqlite3 compiles SQL on each prepare() (the largest
 * single cost in a profile of kiosk.me). Perch's queries are a small, fixed set of parameterised
 * strings, so compiled statements are kept, least recently used dropped first. Reuse is safe:
 * better-sqlite3 runs each statement to completion synchronously, and SQLite re-prepares one by
 * itself if the schema changes under it.
 */
function withStatementCache(sqlite: SQLite.Database): SqliteStatements {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    get inTransaction() {
      return sqlite.inTransaction;
    },
    prepare(query: string) {
      let statement = cache.get(query);
      if (statement) {
        cache.delete(query);
      } else {
        statement = sqlite.prepare(query);
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      }
      cache.set(query, statement);
      return statement;
    },
  };
}

/** Brings the schema up to date; runs at every start-up on either database. */
export async function migrateToLatest(handle: DatabaseHandle, options: ConnectOptions = {}): Promise<void> {
  if (handle.dialect === 'postgres' && options.schema) {
    await handle.db.schema.createSchema(options.schema).ifNotExists().execute();
  }
  const migrator = new Migrator({
    db: handle.db,
    provider: { getMigrations: async () => migrations },
    // Kysely looks for its bookkeeping tables in every schema unless told which: with two
    // schemas in one database (parallel test runs) it would find the other's and skip creating its own.
    ...(handle.dialect === 'postgres' && options.schema ? { migrationTableSchema: options.schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  // No failed migration means Kysely failed before running one (connecting, locking): not a migration's fault.
  if (failed) throw new MigrationError(failed.migrationName, error);
  if (error) throw error;
}

/** A numbered migration failed; its name says where to look. */
export class MigrationError extends Error {
  constructor(
    readonly migrationName: string,
    cause: unknown,
  ) {
    super(`Database migration ${migrationName} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

import path from 'node:path';
import { sql } from 'kysely';
import { classifyUnavailable } from '../platform/unavailable';
import { migrateToLatest, MigrationError, openDatabase, type ConnectOptions, type DatabaseHandle } from './connect';

/** A start-up failure already worded for the person starting Perch: what broke, where, what to do. */
export class StartupError extends Error {
  override name = 'StartupError';
}

/**
 * Opens the database, checks that it is sound, and migrates it. Whatever goes wrong comes out as
 * a StartupError naming the file or setting and the fix, never raw driver text; a database that
 * cannot be used stops Perch here instead of letting it start "healthy" and fail every request.
 */
export async function openDatabaseForStartup(url: string, options: ConnectOptions = {}): Promise<DatabaseHandle> {
  let handle: DatabaseHandle | undefined;
  try {
    handle = openDatabase(url, options);
    await checkDatabase(handle, url);
    await migrateToLatest(handle, options);
    return handle;
  } catch (err) {
    await handle?.destroy().catch(() => {});
    throw err instanceof StartupError ? err : new StartupError(explainDatabaseFailure(err, url, options));
  }
}

/**
 * SQLite: `PRAGMA quick_check` reads every page, so a damaged file is found now rather than by
 * the first request that touches the bad page. PostgreSQL: one round trip, bounded by the connect
 * timeout, so an unreachable or silent server is reported instead of hanging start-up.
 */
async function checkDatabase(handle: DatabaseHandle, url: string): Promise<void> {
  if (handle.dialect === 'postgres') {
    await sql`select 1`.execute(handle.db);
    return;
  }
  const { rows } = await sql<{ quick_check: string }>`pragma quick_check`.execute(handle.db);
  const findings = rows.map((r) => Object.values(r)[0]).filter((v) => v !== 'ok');
  if (findings.length > 0) throw new StartupError(damaged(sqliteFile(url), findings.slice(0, 3).join('; ')));
}

const sqliteFile = (url: string) => path.resolve(url.replace(/^sqlite:(\/\/)?/, ''));

const damaged = (file: string, detail: string) =>
  `The database file ${file} (DATABASE_URL) is damaged (${detail}). Stop Perch, restore the file from a ` +
  'backup (or move it and its -wal and -shm files away to start with an empty database), then start Perch again.';

/** The sentence for a database that could not be opened, checked or migrated. */
export function explainDatabaseFailure(err: unknown, url: string, options: ConnectOptions = {}): string {
  if (err instanceof MigrationError) {
    return (
      `Database migration ${err.migrationName} failed: ${messageOf(err.cause)}. Nothing of it was applied; ` +
      'fix the cause (or restore a backup) and start Perch again: migrations run at every start.'
    );
  }
  return /^postgres(ql)?:\/\//.test(url) ? explainPostgres(err, url, options) : explainSqlite(err, url);
}

function explainSqlite(err: unknown, url: string): string {
  const file = sqliteFile(url);
  const dir = path.dirname(file);
  const code = codeOf(err);
  const who = typeof process.getuid === 'function' ? ` (uid ${process.getuid()})` : '';
  if (code === 'SQLITE_NOTADB') {
    return (
      `${file} (DATABASE_URL) is not an SQLite database. Point DATABASE_URL at Perch's database file, or move ` +
      'this file away to start with an empty database.'
    );
  }
  if (code.startsWith('SQLITE_CORRUPT')) return damaged(file, messageOf(err));
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || ['EACCES', 'EROFS', 'EPERM'].includes(code)) {
    return (
      `Perch cannot write its database ${file} (DATABASE_URL): ${messageOf(err)}. Perch needs to write the file ` +
      `and the -wal and -shm files beside it, so make ${dir} writable by the user running Perch${who}, or set ` +
      'DATABASE_URL to a file in a writable directory.'
    );
  }
  return `Perch cannot open its database ${file} (DATABASE_URL): ${messageOf(err)}.`;
}

function explainPostgres(err: unknown, url: string, options: ConnectOptions): string {
  const { where, database, user } = describePostgresUrl(url);
  const code = codeOf(err);
  if (code === '3D000') {
    return (
      `The database "${database}" does not exist on PostgreSQL at ${where} (DATABASE_URL). Create it ` +
      `(for example: createdb -h ${where.split(':')[0]} -U ${user} ${database}) or point DATABASE_URL at an existing one.`
    );
  }
  if (code === '28P01' || code === '28000') {
    return `PostgreSQL at ${where} refused user "${user}": ${messageOf(err)}. Check the user and password in DATABASE_URL and the server's pg_hba.conf.`;
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return `The PostgreSQL host in DATABASE_URL (${where}) was not found. Check the host name.`;
  }
  if (code === 'ECONNREFUSED') {
    return `PostgreSQL at ${where} refused the connection (DATABASE_URL). Is it running, and are the host and port right?`;
  }
  if (classifyUnavailable(err) === 'timeout') {
    const ms = options.connectTimeoutMs;
    return (
      `PostgreSQL at ${where} (DATABASE_URL) did not answer${ms ? ` within ${ms} ms (DATABASE_CONNECT_TIMEOUT_MS)` : ''}. ` +
      'Check that it is running and reachable from here (firewall, host, port), or raise DATABASE_CONNECT_TIMEOUT_MS.'
    );
  }
  if (code === '57P03') return `PostgreSQL at ${where} is still starting up or shutting down. Start Perch again in a moment.`;
  return `Perch cannot use PostgreSQL at ${where} (DATABASE_URL): ${messageOf(err)}.`;
}

/** Host, port and database of a postgres:// URL, never its password. */
function describePostgresUrl(url: string) {
  try {
    const u = new URL(url);
    return {
      where: `${u.hostname || 'localhost'}:${u.port || '5432'}`,
      database: decodeURIComponent(u.pathname.replace(/^\//, '')) || decodeURIComponent(u.username) || 'postgres',
      user: decodeURIComponent(u.username) || 'postgres',
    };
  } catch {
    return { where: 'the address in DATABASE_URL', database: '?', user: '?' };
  }
}

const codeOf = (err: unknown): string => {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
};
const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err)).replace(/\.$/, '');

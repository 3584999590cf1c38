import SQLite from 'better-sqlite3';
import pg from 'pg';
import { TEST_PG_URL, type TestServices } from './harness';

/**
 * Holds the database's write lock from outside Perch, as a stuck migration, a backup or another
 * process might: SQLite's writer lock (Perch waits busy_timeout, then SQLITE_BUSY), or an exclusive
 * lock on one PostgreSQL table, `table` (Perch waits DATABASE_STATEMENT_TIMEOUT_MS, then 57014).
 * Returns what lets it go.
 */
export async function holdWriteLock(services: TestServices, table = 'learners'): Promise<() => Promise<void>> {
  if (services.dialect === 'sqlite') {
    const other = new SQLite(services.config.DATABASE_URL.replace(/^sqlite:/, ''));
    other.exec('BEGIN IMMEDIATE');
    return async () => {
      other.exec('ROLLBACK');
      other.close();
    };
  }
  const other = new pg.Client({ connectionString: TEST_PG_URL, options: `-c search_path=${services.testId}` });
  await other.connect();
  await other.query('begin');
  await other.query(`lock table ${table} in access exclusive mode`);
  return async () => {
    await other.query('rollback');
    await other.end();
  };
}

import type { Kysely } from 'kysely';
import type { Database } from './schema';
import { sqliteStatementsOf, type SqliteStatements } from './connect';
import type { PreparedStatement } from './prepared';

/** Runs one prepared statement inside inSqliteTransaction, at once; a reader's rows, or none. */
export type RunStatement = <V extends Record<string, unknown>, R>(statement: PreparedStatement<V, R>, values: V) => R[];

/**
 * A short transaction of prepared statements on SQLite, run synchronously from BEGIN to COMMIT.
 * better-sqlite3 is synchronous anyway; through Kysely each statement of a transaction is a chain
 * of promises of its own (connection, executor, driver), which on a redeem (BEGIN, UPDATE, INSERT,
 * COMMIT) cost more than the statements. The connection is taken from Kysely first, so no other
 * query, nor another transaction, can run in between. `work` must not await: it runs to the end
 * in one go, and an exception rolls everything back. Null when `db` is not a SQLite database
 * opened by openDatabase: the caller takes its general path.
 */
export function inSqliteTransaction<T>(db: Kysely<Database>, work: (run: RunStatement) => T): Promise<T> | null {
  const sqlite = sqliteStatementsOf(db);
  if (!sqlite) return null;
  return db.connection().execute(async () => transactionNow(db, sqlite, work));
}

function transactionNow<T>(db: Kysely<Database>, sqlite: SqliteStatements, work: (run: RunStatement) => T): T {
  const run: RunStatement = (statement, values) => {
    const { sql, parameters } = statement.compile(db, values);
    const prepared = sqlite.prepare(sql);
    if (prepared.reader) return prepared.all(parameters) as never;
    prepared.run(parameters);
    return [];
  };
  sqlite.prepare('begin').run();
  try {
    const result = work(run);
    sqlite.prepare('commit').run();
    return result;
  } catch (err) {
    // A failed COMMIT may already have ended the transaction (SQLite rolls back on some errors).
    if (sqlite.inTransaction) sqlite.prepare('rollback').run();
    throw err;
  }
}

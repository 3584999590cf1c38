import type { Kysely } from 'kysely';
import type { Database } from './schema';
import { sqliteStatementsOf, type SqliteStatements } from './connect';
import type { PreparedStatement } from './prepared';

/** Runs one prepared statement inside inSqliteTransaction, at once; a reader's rows, or none. */
export type RunStatement = <V extends Record<string, unknown>, R>(statement: PreparedStatement<V, R>, values: V) => R[];

interface Waiting {
  work: (run: RunStatement) => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Works waiting for their commit, per database: the ones asked for since the last one began. */
const forming = new WeakMap<Kysely<Database>, Waiting[]>();

/**
 * A short transaction of prepared statements on SQLite (a session's move: its UPDATE and its audit
 * row), run synchronously: better-sqlite3 is synchronous anyway, and through Kysely each statement
 * of a transaction was a chain of promises of its own. `work` must not await; an exception undoes
 * all it wrote. Null when `db` is not a SQLite database opened by openDatabase: the caller takes
 * its general path.
 *
 * Group commit: every work asked for in one turn of the event loop (a busy instance reads many
 * requests per turn) runs in one transaction, each inside a savepoint of its own, so one that
 * throws undoes only its own writes, and they all commit together. A commit writes every page it
 * dirtied to the log, one write per page, and the pages a redeem dirties (the audit log's last
 * page and its indexes, the session index's newest end) are mostly the next redeem's too. Each
 * promise settles once the commit has: a failed commit fails every work in it (none was kept).
 * The connection is taken from Kysely first, so no other query or transaction runs in between.
 */
export function inSqliteTransaction<T>(db: Kysely<Database>, work: (run: RunStatement) => T): Promise<T> | null {
  const sqlite = sqliteStatementsOf(db);
  if (!sqlite) return null;
  return new Promise<T>((resolve, reject) => {
    let group = forming.get(db);
    if (!group) {
      const started: Waiting[] = [];
      forming.set(db, (group = started));
      // After this turn's I/O callbacks, so every request read in it can join.
      setImmediate(() => {
        forming.delete(db);
        void commitTogether(db, sqlite, started);
      });
    }
    group.push({ work, resolve: resolve as (value: unknown) => void, reject });
  });
}

async function commitTogether(db: Kysely<Database>, sqlite: SqliteStatements, group: Waiting[]): Promise<void> {
  let outcomes: Outcome[];
  try {
    outcomes = await db.connection().execute(async () => runTogether(db, sqlite, group));
  } catch (err) {
    for (const waiting of group) waiting.reject(err);
    return;
  }
  outcomes.forEach((outcome, i) => (outcome.ok ? group[i]!.resolve(outcome.value) : group[i]!.reject(outcome.error)));
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

function runTogether(db: Kysely<Database>, sqlite: SqliteStatements, group: Waiting[]): Outcome[] {
  const run: RunStatement = (statement, values) => {
    const { sql, parameters } = statement.compile(db, values);
    const prepared = sqlite.prepare(sql);
    if (prepared.reader) return prepared.all(parameters) as never;
    prepared.run(parameters);
    return [];
  };
  const alone = group.length === 1;
  sqlite.prepare('begin').run();
  try {
    const outcomes = group.map(({ work }): Outcome => {
      if (!alone) sqlite.prepare('savepoint move').run();
      try {
        const value = work(run);
        if (!alone) sqlite.prepare('release move').run();
        return { ok: true, value };
      } catch (error) {
        if (alone) throw error;
        sqlite.prepare('rollback to move').run();
        sqlite.prepare('release move').run();
        return { ok: false, error };
      }
    });
    sqlite.prepare('commit').run();
    return outcomes;
  } catch (err) {
    // A failed COMMIT may already have ended the transaction (SQLite rolls back on some errors).
    if (sqlite.inTransaction) sqlite.prepare('rollback').run();
    throw err;
  }
}

import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import type { Database } from './schema';

const SLOT = Symbol('prepared statement slot');

/** Where a value goes in a prepared statement, by name. */
interface Slot {
  readonly [SLOT]: string;
}

const isSlot = (value: unknown): value is Slot => typeof value === 'object' && value !== null && SLOT in value;

/**
 * A statement Kysely builds and compiles once per database handle, then runs with new values.
 * Kysely otherwise builds the operation tree and compiles it to SQL anew on every call, which a
 * profile of the hottest requests shows (kiosk.me reads its session on every poll). `build` puts
 * `slot(name)` where a value changes between calls; everything else it writes is fixed. A value
 * must never change the statement's shape (a list's length, a condition there or not): each shape
 * is a prepared statement of its own.
 */
export function prepared<V extends Record<string, unknown>, R>(
  build: (db: Kysely<Database>, slot: <K extends keyof V & string>(name: K) => V[K]) => Compilable<R>,
): PreparedStatement<V, R> {
  // Per handle (its transactions share its adapter): the SQL differs between dialects.
  const compiled = new WeakMap<object, { query: CompiledQuery<R>; fill: (values: V) => unknown[] }>();
  const slot = (name: string) => ({ [SLOT]: name }) as never;
  const compile = (db: Kysely<Database>, values: V): CompiledQuery<R> => {
    const key = db.getExecutor().adapter;
    let statement = compiled.get(key);
    if (!statement) {
      const query = build(db, slot).compile();
      const parameters = query.parameters;
      statement = { query, fill: (v) => parameters.map((p) => (isSlot(p) ? v[p[SLOT]] : p)) };
      compiled.set(key, statement);
    }
    return { ...statement.query, parameters: statement.fill(values) };
  };
  const run = async (db: Kysely<Database>, values: V) => (await db.executeQuery<R>(compile(db, values))).rows;
  return Object.assign(run, { compile });
}

/** Runs the statement on `db` with these values; `compile` gives its SQL and parameters instead. */
export interface PreparedStatement<V, R> {
  (db: Kysely<Database>, values: V): Promise<R[]>;
  compile(db: Kysely<Database>, values: V): CompiledQuery<R>;
}

import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema';

/**
 * Rows an action must write that can commit with the action's own transaction instead of in one of
 * their own: an agent's tool call counts against its grant and leaves an `agent.call` audit entry
 * (agents/call.ts), and when the service it runs commits one transaction they ride in it — one
 * commit per call instead of three, and the record commits exactly when the change it describes does.
 *
 * The first transaction run through `transactionWith` takes it. `taken` stays true only once that
 * transaction has committed; otherwise (no transaction, or it rolled back) the action writes the
 * rows itself.
 */
export interface Alongside {
  write(db: Transaction<Database>, now: number): Promise<void>;
  taken: boolean;
}

/** `ctx.db.transaction()`, also writing `ctx.alongside` (once per action, last) before it commits. */
export async function transactionWith<T>(
  ctx: { db: Kysely<Database>; alongside?: Alongside | undefined },
  now: number,
  work: (db: Transaction<Database>) => Promise<T>,
): Promise<T> {
  const alongside = ctx.alongside && !ctx.alongside.taken ? ctx.alongside : undefined;
  if (!alongside) return ctx.db.transaction().execute(work);
  alongside.taken = true;
  try {
    return await ctx.db.transaction().execute(async (db) => {
      const result = await work(db);
      await alongside.write(db, now);
      return result;
    });
  } catch (err) {
    alongside.taken = false;
    throw err;
  }
}

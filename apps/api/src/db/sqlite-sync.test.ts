import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServices, type TestServices } from '../test/harness';
import { addLearner } from '../sessions/test-fixtures';
import { prepared } from './prepared';
import { inSqliteTransaction } from './sqlite-sync';

const rename = prepared<{ id: string; name: string }, { id: string; name: string }>((db, slot) =>
  db.updateTable('learners').set({ name: slot('name') }).where('id', '=', slot('id')).returning(['id', 'name']),
);
const nameOf = async (services: TestServices, id: string) =>
  (await services.db.selectFrom('learners').select('name').where('id', '=', id).executeTakeFirstOrThrow()).name;

describe('synchronous SQLite transactions (db/sqlite-sync.ts)', () => {
  let services: TestServices;
  beforeAll(async () => {
    services = await createTestServices('sqlite');
  });
  afterAll(() => services?.close());

  it('run prepared statements and commit them, returning what the work returns', async () => {
    const { id } = await addLearner(services, { name: 'Ada' });
    const result = await inSqliteTransaction(services.db, (run) => run(rename, { id, name: 'Ada L.' }));
    expect(result).toEqual([{ id, name: 'Ada L.' }]);
    expect(await nameOf(services, id)).toBe('Ada L.');
  });

  it('roll back every statement when the work throws part-way', async () => {
    const { id } = await addLearner(services, { name: 'Bo' });
    const failing = inSqliteTransaction(services.db, (run) => {
      run(rename, { id, name: 'Bo changed' });
      throw new Error('second step failed');
    });
    await expect(failing).rejects.toThrow('second step failed');
    expect(await nameOf(services, id)).toBe('Bo');
  });

  it('wait for a Kysely transaction holding the connection, so neither sees the other half-done', async () => {
    const { id } = await addLearner(services, { name: 'Cy' });
    const order: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const other = services.db.transaction().execute(async (tx) => {
      await tx.updateTable('learners').set({ name: 'Cy (other)' }).where('id', '=', id).execute();
      order.push('other wrote');
      await held;
      order.push('other commits');
    });
    await new Promise((r) => setTimeout(r, 20));
    const ours = inSqliteTransaction(services.db, (run) => {
      order.push('ours runs');
      return run(rename, { id, name: 'Cy (ours)' });
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(order).toEqual(['other wrote']);
    release();
    await other;
    await ours;
    expect(order).toEqual(['other wrote', 'other commits', 'ours runs']);
    expect(await nameOf(services, id)).toBe('Cy (ours)');
  });

  it('is not offered on PostgreSQL: the caller takes its general path', async () => {
    const pg = await createTestServices('postgres');
    try {
      expect(inSqliteTransaction(pg.db, () => 1)).toBeNull();
    } finally {
      await pg.close();
    }
  });
});

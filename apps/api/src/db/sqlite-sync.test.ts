import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestServices, type TestServices } from '../test/harness';
import { addLearner } from '../sessions/test-fixtures';
import { prepared } from './prepared';
import { inSqliteTransaction } from './sqlite-sync';
import { sqliteStatementsOf } from './connect';

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

  describe('group commit', () => {
    it('moves asked for together commit together; one that throws undoes only its own writes', async () => {
      const learners = await Promise.all(Array.from({ length: 20 }, (_, i) => addLearner(services, { name: `L${i}` })));
      const statements = sqliteStatementsOf(services.db)!;
      const prepare = vi.spyOn(statements, 'prepare');
      try {
        const moves = learners.map(({ id }, i) =>
          inSqliteTransaction(services.db, (run) => {
            const [row] = run(rename, { id, name: `L${i} renamed` });
            if (i === 7) throw new Error('move 7 failed after writing');
            return row;
          })!,
        );
        const settled = await Promise.allSettled(moves);
        expect(settled.filter((s) => s.status === 'rejected')).toHaveLength(1);
        expect((settled[7] as PromiseRejectedResult).reason).toEqual(new Error('move 7 failed after writing'));
        const commits = prepare.mock.calls.filter(([sql]) => sql === 'commit');
        expect(commits).toHaveLength(1);
      } finally {
        prepare.mockRestore();
      }
      const names = await Promise.all(learners.map(({ id }) => nameOf(services, id)));
      expect(names).toEqual(learners.map((_, i) => (i === 7 ? 'L7' : `L${i} renamed`)));
    });

    it('of two moves of the same row in one commit, the second sees the first (exactly one wins)', async () => {
      const { id } = await addLearner(services, { name: 'Dee' });
      const claim = prepared<{ id: string; from: string; to: string }, { id: string }>((db, slot) =>
        db.updateTable('learners').set({ name: slot('to') }).where('id', '=', slot('id')).where('name', '=', slot('from')).returning('id'),
      );
      const [first, second] = await Promise.all([
        inSqliteTransaction(services.db, (run) => run(claim, { id, from: 'Dee', to: 'Dee (first)' })),
        inSqliteTransaction(services.db, (run) => run(claim, { id, from: 'Dee', to: 'Dee (second)' })),
      ]);
      expect([first, second]).toEqual([[{ id }], []]);
      expect(await nameOf(services, id)).toBe('Dee (first)');
    });
  });
});

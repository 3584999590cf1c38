import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit } from '../audit/audit.service';
import { DIALECTS, createTestServices, type TestServices } from '../test/harness';
import { transactionWith, type Alongside } from './alongside';
import type { Database } from './schema';

/** An audit row standing for any write: `what` tells the rows apart. */
const note = (db: Kysely<Database>, now: number, what: string) =>
  recordAudit(db, now, null, { action: 'agent.call', actorType: 'agent', actorId: 'alongside-test', detail: { what } });

for (const dialect of DIALECTS) {
  describe(`writes alongside an action's transaction (${dialect})`, () => {
    let s: TestServices;
    beforeAll(async () => {
      s = await createTestServices(dialect);
    });
    afterAll(() => s.close());

    const written = async () =>
      (await s.db.selectFrom('audit_log').select('detail').where('actor_id', '=', 'alongside-test').orderBy('id').execute()).map(
        (r) => (JSON.parse(r.detail) as { what: string }).what,
      );
    const alongside = (what: string): Alongside => ({ taken: false, write: (db, now) => note(db, now, what) });

    it('commit with the first transaction, after its own writes, and only once', async () => {
      const a = alongside('record 1');
      const ctx = { db: s.db, alongside: a };
      expect(await transactionWith(ctx, s.now(), async (db) => (await note(db, s.now(), 'work 1'), 'result'))).toBe('result');
      expect(a.taken).toBe(true);
      await transactionWith(ctx, s.now(), (db) => note(db, s.now(), 'work 2'));
      expect(await written()).toEqual(['work 1', 'record 1', 'work 2']);
    });

    it('roll back with a transaction that fails, and stay with the action for its next one', async () => {
      const a = alongside('record 2');
      const ctx = { db: s.db, alongside: a };
      const failing = transactionWith(ctx, s.now(), async (db) => {
        await note(db, s.now(), 'lost work');
        throw new Error('refused');
      });
      await expect(failing).rejects.toThrow('refused');
      expect(a.taken).toBe(false);

      // The record itself failing undoes the work it rode with.
      const broken: Alongside = { taken: false, write: async () => Promise.reject(new Error('record failed')) };
      await expect(transactionWith({ db: s.db, alongside: broken }, s.now(), (db) => note(db, s.now(), 'undone work'))).rejects.toThrow('record failed');
      expect(broken.taken).toBe(false);

      await transactionWith(ctx, s.now(), (db) => note(db, s.now(), 'work 3'));
      expect(a.taken).toBe(true);
      expect((await written()).slice(-2)).toEqual(['work 3', 'record 2']);
      expect(await written()).not.toContain('lost work');
      expect(await written()).not.toContain('undone work');
    });
  });
}

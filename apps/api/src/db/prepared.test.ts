import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, createTestServices, type TestServices } from '../test/harness';
import { addLearner } from '../sessions/test-fixtures';
import { prepared } from './prepared';

for (const dialect of DIALECTS) {
  describe(`prepared statements (${dialect})`, () => {
    let services: TestServices;
    beforeAll(async () => {
      services = await createTestServices(dialect);
    });
    afterAll(() => services?.close());

    it('are built once per database handle and run with each call’s values, fixed ones kept', async () => {
      const ada = await addLearner(services, { name: 'Ada' });
      const bo = await addLearner(services, { name: 'Bo' });
      let builds = 0;
      const byName = prepared<{ name: string }, { id: string; name: string }>((db, slot) => {
        builds++;
        return db.selectFrom('learners').select(['id', 'name']).where('name', '=', slot('name')).where('archived_at', 'is', null).where('name', '!=', 'Nobody');
      });
      await expect(byName(services.db, { name: 'Ada' })).resolves.toEqual([ada]);
      await expect(byName(services.db, { name: 'Bo' })).resolves.toEqual([bo]);
      await expect(byName(services.db, { name: 'Nobody' })).resolves.toEqual([]);
      // In a transaction of the same handle too.
      await services.db.transaction().execute(async (tx) => expect(byName(tx, { name: 'Bo' })).resolves.toEqual([bo]));
      expect(builds).toBe(1);
    });
  });
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRow } from '../audit/audit.service';
import { countingDatabase } from '../test/counting-db';
import { DIALECTS, createTestServices, signedInAdmin, type TestServices } from '../test/harness';
import { recordGrantCall } from './grants.service';

for (const dialect of DIALECTS) {
  describe(`an agent call's record: one more use on the grant and its audit row (${dialect})`, () => {
    let services: TestServices;
    let grantId: string;
    beforeAll(async () => {
      services = await createTestServices(dialect);
      const admin = await signedInAdmin(services);
      grantId = (await admin.caller.agents.grants.create({ label: 'record' })).grant.id;
    });
    afterAll(() => services?.close());

    const usesOf = async () =>
      (await services.db.selectFrom('agent_grants').select(['call_count', 'last_used_at']).where('id', '=', grantId).executeTakeFirstOrThrow());
    const rowsOf = (tool: string) =>
      services.db.selectFrom('audit_log').select(['action', 'actor_id', 'detail']).where('detail', 'like', `%"${tool}"%`).execute();

    it('both written, in the caller’s transaction (both undone with it)', async () => {
      const before = (await usesOf()).call_count;
      const row = (tool: string) => auditRow(5_000, { ip: '192.0.2.7', userAgent: 'agent' }, { action: 'agent.call', actorType: 'agent', actorId: grantId, detail: { tool } });
      await services.db.transaction().execute((tx) => recordGrantCall(tx, dialect, grantId, 5_000, row('kept')));
      await expect(
        services.db.transaction().execute(async (tx) => {
          await recordGrantCall(tx, dialect, grantId, 6_000, row('undone'));
          throw new Error('the call failed after');
        }),
      ).rejects.toThrow('the call failed after');
      expect(await usesOf()).toEqual({ call_count: before + 1, last_used_at: 5_000 });
      expect(await rowsOf('kept')).toEqual([{ action: 'agent.call', actor_id: grantId, detail: JSON.stringify({ tool: 'kept' }) }]);
      expect(await rowsOf('undone')).toEqual([]);
    });

    if (dialect === 'postgres') {
      it('is one statement on PostgreSQL (one round trip per agent call)', async () => {
        const counted = countingDatabase(services.testId);
        try {
          const row = auditRow(7_000, null, { action: 'agent.call', actorType: 'agent', actorId: grantId, detail: { tool: 'one-trip' } });
          await recordGrantCall(counted.db, dialect, grantId, 7_000, row);
          expect(counted.sent).toHaveLength(1);
          expect(counted.sent[0]).toMatch(/^with "counted" as \(update "agent_grants"/);
          expect(await usesOf()).toMatchObject({ last_used_at: 7_000 });
          expect(await rowsOf('one-trip')).toHaveLength(1);
        } finally {
          await counted.db.destroy();
        }
      });
    }
  });
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CODE_TTL_MS } from '@perch/shared';
import { DIALECTS, createTestServices, fakeClient, signedInAdmin, type TestServices } from '../test/harness';
import { addLearner } from '../sessions/test-fixtures';

type Admin = Awaited<ReturnType<typeof signedInAdmin>>;

for (const dialect of DIALECTS) {
  describe(`classes (${dialect})`, () => {
    let services: TestServices;
    let admin: Admin;
    let ipCounter = 0;
    const redeem = (code: string) => fakeClient(services, { ip: `198.51.100.${++ipCounter}` }).caller.kiosk.redeem({ code });
    const reasonOf = (p: Promise<unknown>) => p.then(() => 'redeemed', (e: { reason?: string }) => e.reason);
    beforeAll(async () => {
      services = await createTestServices(dialect, { RATE_LIMIT_CLASS_START_PER_MIN: '1000' });
      admin = await signedInAdmin(services);
    });
    afterAll(() => services.close());

    it('lists classes newest first with their sessions counted by state', async () => {
      await expect(fakeClient(services).caller.classes.list()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
      const learners = await Promise.all([1, 2, 3].map(() => addLearner(services)));
      const older = await admin.caller.sessions.startBulk({ learnerIds: [learners[0]!.id], label: 'Monday' });
      services.advance(1_000);
      // The first learner is in both classes: Tuesday's start keeps Monday's session (the point is the counts).
      const newer = await admin.caller.sessions.startBulk({ learnerIds: learners.map((l) => l.id), label: 'Tuesday', onExisting: 'keep' });
      await redeem(newer.sessions[0]!.redemptionCode);
      await admin.caller.sessions.end({ sessionId: newer.sessions[1]!.sessionId });
      const [first, second] = await admin.caller.classes.list();
      expect(first).toMatchObject({ batchId: newer.batchId, label: 'Tuesday', total: 3, counts: { pending: 1, active: 1, revoked: 1, ended: 0 } });
      expect(second).toMatchObject({ batchId: older.batchId, label: 'Monday', total: 1, counts: { pending: 1 } });
    });

    it('reprints the cards of sessions still waiting: fresh codes work, the old cards do not', async () => {
      const learners = await Promise.all([1, 2, 3].map(() => addLearner(services)));
      const started = await admin.caller.sessions.startBulk({ learnerIds: learners.map((l) => l.id), label: 'Robotics' });
      const [redeemed, ...waiting] = started.sessions;
      await redeem(redeemed!.redemptionCode);
      services.advance(60_000);
      const reprinted = await admin.caller.classes.reprint({ batchId: started.batchId });
      expect(reprinted.label).toBe('Robotics');
      expect(reprinted.sessions.map((s) => s.sessionId).sort()).toEqual(waiting.map((s) => s.sessionId).sort());
      for (const s of reprinted.sessions) expect(Date.parse(s.codeExpiresAt) - services.now()).toBeGreaterThan(CODE_TTL_MS - 2_000);
      for (const old of waiting) expect(await reasonOf(redeem(old.redemptionCode))).toBe('CODE_EXPIRED');
      for (const fresh of reprinted.sessions) expect(await reasonOf(redeem(fresh.redemptionCode))).toBe('redeemed');
      await expect(admin.caller.classes.reprint({ batchId: started.batchId })).rejects.toMatchObject({
        code: 'CONFLICT',
        message: 'No session of this class is waiting for its card: there is nothing to reprint.',
      });
      await expect(admin.caller.classes.reprint({ batchId: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      const audits = await services.db.selectFrom('audit_log').select('detail').where('action', '=', 'session.reissue_code').execute();
      expect(audits.filter((a) => JSON.parse(a.detail).reprint === true)).toHaveLength(2);
    });
  });
}

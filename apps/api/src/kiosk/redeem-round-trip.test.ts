import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KIOSK_COOKIE, NOT_ENROLLED_MESSAGE } from '@perch/shared';
import { DIALECTS, createTestServices, fakeClient, signedInAdmin, type TestServices } from '../test/harness';
import { countingDatabase } from '../test/counting-db';
import { addLearner } from '../sessions/test-fixtures';

describe('a redeem on PostgreSQL is one round trip', () => {
  let services: TestServices;
  let admin: Awaited<ReturnType<typeof signedInAdmin>>;
  let counted: ReturnType<typeof countingDatabase>;
  beforeAll(async () => {
    services = await createTestServices('postgres', { RATE_LIMIT_SESSION_START_PER_MIN: '1000' });
    admin = await signedInAdmin(services);
    counted = countingDatabase(services.testId);
  });
  afterAll(async () => {
    await counted?.db.destroy();
    await services?.close();
  });

  it('sends one statement: the UPDATE with its audit INSERT; the redeem mode is remembered', async () => {
    const redeem = async () => {
      const minted = await admin.caller.sessions.start({ learnerId: (await addLearner(services)).id });
      const kiosk = fakeClient({ ...services, db: counted.db });
      counted.sent.length = 0;
      await expect(kiosk.caller.kiosk.redeem({ code: minted.redemptionCode })).resolves.toMatchObject({ learnerName: expect.any(String) });
      expect(kiosk.cookies[KIOSK_COOKIE]).toBeTruthy();
      return { sessionId: minted.sessionId, sent: [...counted.sent] };
    };
    // The first redeem on an instance reads the settings it needs (the redeem mode, the names on
    // tablets); the next ones find them in this instance's memory.
    const first = (await redeem()).sent;
    expect(first.filter((statement) => !/^select .* from "settings" where/.test(statement))).toHaveLength(1);
    const { sessionId, sent } = await redeem();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatch(/^with "moved" as \(update "sessions"/);
    // What the one statement did: the session runs, and its audit row is there.
    const row = await services.db.selectFrom('sessions').select(['state', 'code_hash']).where('id', '=', sessionId).executeTakeFirstOrThrow();
    expect(row).toEqual({ state: 'active', code_hash: null });
    const audit = await services.db.selectFrom('audit_log').select(['actor_type', 'actor_label', 'ip']).where('session_id', '=', sessionId).where('action', '=', 'session.redeem').execute();
    expect(audit).toEqual([{ actor_type: 'kiosk', actor_label: expect.any(String), ip: '203.0.113.10' }]);
  });

  it('a code that matches nothing writes no audit row of a redeem', async () => {
    const kiosk = fakeClient({ ...services, db: counted.db });
    await expect(kiosk.caller.kiosk.redeem({ code: 'QQQQ-QQQQ' })).rejects.toMatchObject({ reason: 'CODE_UNKNOWN' });
    const redeems = await services.db.selectFrom('audit_log').select('id').where('action', '=', 'session.redeem').where('session_id', 'is', null).execute();
    expect(redeems).toEqual([]);
  });
});

for (const dialect of DIALECTS) {
  describe(`enrolled mode set on another instance, while this one remembers open (${dialect})`, () => {
    let here: TestServices;
    let there: TestServices;
    beforeAll(async () => {
      here = await createTestServices(dialect, { RATE_LIMIT_SESSION_START_PER_MIN: '1000' });
      there = await createTestServices(dialect, {}, { shareWith: here });
    });
    afterAll(async () => {
      await there?.close();
      await here?.close();
    });

    it('refuses a browser that is no enrolled tablet all the same, and leaves its code waiting', async () => {
      const admin = await signedInAdmin(here);
      const mint = async () => admin.caller.sessions.start({ learnerId: (await addLearner(here)).id });
      const phone = fakeClient(here, { ip: '198.51.100.7' });
      // This instance reads the mode (open) and remembers it.
      await expect(phone.caller.kiosk.redeem({ code: (await mint()).redemptionCode })).resolves.toBeTruthy();
      await (await signedInAdmin(there)).caller.tablets.setRedeemMode({ mode: 'enrolled' });
      const waiting = await mint();
      const other = fakeClient(here, { ip: '198.51.100.8' });
      await expect(other.caller.kiosk.redeem({ code: waiting.redemptionCode })).rejects.toMatchObject({
        code: 'FORBIDDEN',
        reason: 'NOT_ENROLLED',
        message: NOT_ENROLLED_MESSAGE,
      });
      expect(other.cookies[KIOSK_COOKIE]).toBeUndefined();
      const row = await here.db.selectFrom('sessions').select('state').where('id', '=', waiting.sessionId).executeTakeFirstOrThrow();
      expect(row.state).toBe('pending');
      const audited = await here.db.selectFrom('audit_log').select('action').where('session_id', '=', waiting.sessionId).execute();
      expect(audited.map((a) => a.action)).not.toContain('session.redeem');
    });
  });
}

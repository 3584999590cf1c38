import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KIOSK_COOKIE, RESILIENCE } from '@perch/shared';
import { DIALECTS, createTestServices, fakeClient, signedInAdmin, type TestServices } from '../test/harness';
import { addLearner } from '../sessions/test-fixtures';

type Admin = Awaited<ReturnType<typeof signedInAdmin>>;

/**
 * A redeem whose answer never arrived (the connection dropped after the commit): the code is spent
 * and the tablet holds no cookie. The same tablet may redeem the code again, briefly, and only
 * while nobody has used the first cookie.
 */
for (const dialect of DIALECTS) {
  describe(`recovering a redeem whose answer was lost (${dialect})`, () => {
    let services: TestServices;
    let admin: Admin;
    let ipCounter = 0;
    beforeAll(async () => {
      services = await createTestServices(dialect, { RATE_LIMIT_SESSION_START_PER_MIN: '1000' });
      admin = await signedInAdmin(services);
    });
    afterAll(() => services.close());

    const tablet = (userAgent = 'Mozilla/5.0 (Linux; Android 14; Tab) Chrome/140.0') =>
      fakeClient(services, { ip: `198.51.100.${++ipCounter}`, userAgent });

    /** A redeem that committed while its answer (and so the cookie) was lost on the way. */
    async function lostRedeem() {
      const minted = await admin.caller.sessions.start({ learnerId: (await addLearner(services, { name: 'Ada' })).id });
      const kiosk = tablet();
      await kiosk.caller.kiosk.redeem({ code: minted.redemptionCode });
      const lostToken = kiosk.cookies[KIOSK_COOKIE]!;
      delete kiosk.cookies[KIOSK_COOKIE];
      return { minted, kiosk, lostToken };
    }

    it('gives the same tablet a new cookie for the same session, and the lost token dies', async () => {
      const { minted, kiosk, lostToken } = await lostRedeem();
      services.advance(RESILIENCE.redeemRecoveryMinAgeMs + 5_000);
      await expect(kiosk.caller.kiosk.redeem({ code: minted.redemptionCode })).resolves.toMatchObject({ learnerName: 'Ada' });
      const fresh = kiosk.cookies[KIOSK_COOKIE];
      expect(fresh).toBeDefined();
      expect(fresh).not.toBe(lostToken);
      await expect(kiosk.caller.kiosk.me()).resolves.toMatchObject({ sessionId: minted.sessionId, state: 'active' });

      const stale = tablet();
      stale.cookies[KIOSK_COOKIE] = lostToken;
      await expect(stale.caller.kiosk.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });

      const audit = await services.db
        .selectFrom('audit_log')
        .select(['action', 'actor_type'])
        .where('session_id', '=', minted.sessionId)
        .orderBy('id')
        .execute();
      expect(audit.map((a) => a.action)).toEqual(['session.start', 'session.redeem', 'session.redeem_recovered']);
    });

    it('refuses once the first cookie has been presented: a session in use cannot be taken over', async () => {
      const minted = await admin.caller.sessions.start({ learnerId: (await addLearner(services)).id });
      const first = tablet();
      await first.caller.kiosk.redeem({ code: minted.redemptionCode });
      await first.caller.kiosk.me();
      services.advance(RESILIENCE.redeemRecoveryMinAgeMs + 5_000);
      // An identical tablet (same browser, same language) with the code from the card.
      await expect(tablet().caller.kiosk.redeem({ code: minted.redemptionCode })).rejects.toMatchObject({ reason: 'CODE_USED' });
      await expect(first.caller.kiosk.me()).resolves.toMatchObject({ state: 'active' });
    });

    it('refuses another device, a second within the first second (a double tap), and after the grace', async () => {
      const { minted, kiosk } = await lostRedeem();
      // A double tap: the second redeem arrives while the first answer is still on its way.
      await expect(kiosk.caller.kiosk.redeem({ code: minted.redemptionCode })).rejects.toMatchObject({ reason: 'CODE_USED' });
      services.advance(RESILIENCE.redeemRecoveryMinAgeMs + 5_000);
      await expect(tablet('Mozilla/5.0 (iPad; CPU OS 18_0) Safari/605.1').caller.kiosk.redeem({ code: minted.redemptionCode })).rejects.toMatchObject({
        reason: 'CODE_USED',
      });
      services.advance(RESILIENCE.redeemRecoveryMs);
      await expect(kiosk.caller.kiosk.redeem({ code: minted.redemptionCode })).rejects.toMatchObject({ reason: 'CODE_USED' });
      expect(kiosk.cookies[KIOSK_COOKIE]).toBeUndefined();
    });

    it('refuses a session that has ended meanwhile', async () => {
      const { minted, kiosk } = await lostRedeem();
      await admin.caller.sessions.forceEnd({ sessionId: minted.sessionId, reason: 'Tablet needed elsewhere' });
      services.advance(RESILIENCE.redeemRecoveryMinAgeMs + 5_000);
      await expect(kiosk.caller.kiosk.redeem({ code: minted.redemptionCode })).rejects.toMatchObject({ reason: 'CODE_USED' });
    });
  });
}

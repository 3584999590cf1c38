import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CODE_TTL_MS, KIOSK_COOKIE, RATE_LIMITS } from '@perch/shared';
import { DIALECTS, createTestServices, fakeClient, signedInAdmin, type TestServices } from '../test/harness';
import { addLearner } from '../sessions/test-fixtures';

type Admin = Awaited<ReturnType<typeof signedInAdmin>>;
const DAY_MS = 24 * 60 * 60_000;
const NOT_ENROLLED = 'Only this school’s enrolled tablets can start a session. Ask a teacher to add this tablet on the Tablets page.';

for (const dialect of DIALECTS) {
  describe(`who may redeem (${dialect})`, () => {
    let services: TestServices;
    let admin: Admin;
    beforeAll(async () => {
      // Small address and global caps, so the tests can show that enrolled tablets are not held by them.
      services = await createTestServices(dialect, {
        RATE_LIMIT_SESSION_START_PER_MIN: '1000',
        RATE_LIMIT_CLASS_START_PER_MIN: '1000',
        REDEEM_FAILURES_PER_IP: '3',
        REDEEM_FAILURES_GLOBAL_PER_MIN: '4',
      });
      admin = await signedInAdmin(services);
    });
    afterAll(() => services.close());

    /** An enrolled tablet; all of them share one school address, as behind a NAT. */
    async function tablet(ip = '203.0.113.50') {
      const { code } = await admin.caller.tablets.createEnrollment();
      const client = fakeClient(services, { ip });
      const { tablet: identity } = await client.caller.kiosk.enroll({ code });
      return { client, identity: identity! };
    }
    const mint = async () => admin.caller.sessions.start({ learnerId: (await addLearner(services)).id });
    const reasonOf = (p: Promise<unknown>) => p.then(() => 'redeemed', (e: { reason?: string }) => e.reason);

    it('is open until an admin chooses enrolled, audited; kiosks learn it from kiosk.device', async () => {
      await expect(admin.caller.tablets.redeemMode()).resolves.toEqual({ mode: 'open' });
      await expect(fakeClient(services).caller.tablets.setRedeemMode({ mode: 'enrolled' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
      // @ts-expect-error a mode that does not exist
      await expect(admin.caller.tablets.setRedeemMode({ mode: 'closed' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      await expect(admin.caller.tablets.setRedeemMode({ mode: 'enrolled' })).resolves.toEqual({ mode: 'enrolled' });
      await expect(admin.caller.tablets.redeemMode()).resolves.toEqual({ mode: 'enrolled' });
      await expect(fakeClient(services).caller.kiosk.device()).resolves.toEqual({ tablet: null, redeemMode: 'enrolled' });
      const [entry] = await services.db.selectFrom('audit_log').select('detail').where('action', '=', 'tablet.redeem_mode').execute();
      expect(JSON.parse(entry!.detail)).toMatchObject({ from: 'open', to: 'enrolled' });
    });

    it('in enrolled mode refuses any other browser with a sentence, before its code is looked at', async () => {
      const minted = await mint();
      const phone = fakeClient(services, { ip: '198.51.100.7' });
      await expect(phone.caller.kiosk.redeem({ code: minted.redemptionCode })).rejects.toMatchObject({
        code: 'FORBIDDEN',
        reason: 'NOT_ENROLLED',
        message: NOT_ENROLLED,
      });
      expect(phone.cookies[KIOSK_COOKIE]).toBeUndefined();
      const row = await services.db.selectFrom('sessions').select('state').where('id', '=', minted.sessionId).executeTakeFirstOrThrow();
      expect(row.state).toBe('pending');
      const { client } = await tablet();
      await expect(client.caller.kiosk.redeem({ code: minted.redemptionCode })).resolves.toMatchObject({ learnerName: expect.any(String) });
    });

    it('throttles per tablet: a typo-prone tablet locks only itself, not the others behind the same address', async () => {
      const clumsy = await tablet();
      const careful = await tablet();
      const { max } = RATE_LIMITS.redeemFailuresPerTablet;
      for (let i = 0; i < max; i++) expect(await reasonOf(clumsy.client.caller.kiosk.redeem({ code: 'QQQQ-QQQQ' }))).toBe('CODE_UNKNOWN');
      const minted = await mint();
      await expect(clumsy.client.caller.kiosk.redeem({ code: minted.redemptionCode })).rejects.toMatchObject({
        reason: 'RATE_LIMITED',
        message: expect.stringMatching(/^Too many wrong codes were tried on this tablet\. Try again in \d+ (seconds|minutes)\.$/),
      });
      // Same address, more failures than the address cap (3) and the global ceiling (4) allow: not held.
      for (let i = 0; i < max; i++) expect(await reasonOf(careful.client.caller.kiosk.redeem({ code: 'RRRR-RRRR' }))).toBe('CODE_UNKNOWN');
      const other = await tablet();
      await expect(other.client.caller.kiosk.redeem({ code: minted.redemptionCode })).resolves.toBeTruthy();
      // Briefly: once its window passes, the clumsy tablet redeems again.
      services.advance(RATE_LIMITS.redeemFailuresPerTablet.windowMs);
      const next = await mint();
      await expect(clumsy.client.caller.kiosk.redeem({ code: next.redemptionCode })).resolves.toBeTruthy();
    });

    it('never pauses an enrolled tablet for the global ceiling, which still pauses everyone in open mode', async () => {
      services.advance(RATE_LIMITS.redeemFailuresPerIp.windowMs);
      const { client } = await tablet('203.0.113.60');
      // Wrong enrollment codes from many addresses fill the global ceiling (4 a minute).
      for (let i = 0; i < 5; i++) await reasonOf(fakeClient(services, { ip: `192.0.2.${i + 1}` }).caller.kiosk.enroll({ code: 'SSSS-SSSS' }));
      const minted = await mint();
      await expect(client.caller.kiosk.redeem({ code: minted.redemptionCode })).resolves.toBeTruthy();
      await admin.caller.tablets.setRedeemMode({ mode: 'open' });
      const paused = await mint();
      expect(await reasonOf(client.caller.kiosk.redeem({ code: paused.redemptionCode }))).toBe('RATE_LIMITED');
      await admin.caller.tablets.setRedeemMode({ mode: 'enrolled' });
    });

    it('lets class cards live up to 7 days only in enrolled mode; going open shortens them to 10 minutes', async () => {
      services.advance(RATE_LIMITS.redeemFailuresPerIp.windowMs);
      const learnerIds = [(await addLearner(services)).id, (await addLearner(services)).id];
      await admin.caller.tablets.setRedeemMode({ mode: 'open' });
      await expect(admin.caller.sessions.startBulk({ learnerIds, cardLifeMin: 60 })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        message: 'Cards can live longer than 10 minutes only while only enrolled tablets may redeem (Tablets page).',
      });
      await expect(admin.caller.sessions.startBulk({ learnerIds, cardLifeMin: 7 * 24 * 60 + 1 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      await admin.caller.tablets.setRedeemMode({ mode: 'enrolled' });
      const week = await admin.caller.sessions.startBulk({ learnerIds, cardLifeMin: 7 * 24 * 60, durationMin: 30 });
      const [first, second] = week.sessions;
      expect(Date.parse(first!.codeExpiresAt) - services.now()).toBeGreaterThan(7 * DAY_MS - 60_000);
      // Six days later the card still works, and the session gets its whole 30 minutes.
      services.advance(6 * DAY_MS);
      admin = await signedInAdmin(services);
      const { client } = await tablet('203.0.113.70');
      const redeemed = await client.caller.kiosk.redeem({ code: first!.redemptionCode });
      const row = await services.db.selectFrom('sessions').selectAll().where('id', '=', first!.sessionId).executeTakeFirstOrThrow();
      expect(Date.parse(redeemed.sessionExpiresAt)).toBe(row.redeemed_at! + 30 * 60_000);
      // Back to open: the other card now lives 10 minutes from the switch, no longer.
      await admin.caller.tablets.setRedeemMode({ mode: 'open' });
      const capped = await services.db.selectFrom('sessions').selectAll().where('id', '=', second!.sessionId).executeTakeFirstOrThrow();
      expect(capped.code_expires_at - capped.updated_at).toBe(CODE_TTL_MS);
      expect(capped.expires_at).toBe(capped.code_expires_at);
      const [entry] = await services.db.selectFrom('audit_log').select('detail').where('action', '=', 'tablet.redeem_mode').orderBy('id', 'desc').execute();
      expect(JSON.parse(entry!.detail)).toMatchObject({ to: 'open', shortenedCodes: 1 });
    });
  });
}

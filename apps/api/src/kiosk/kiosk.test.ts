import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENDING_GRACE_MS, KIOSK_COOKIE } from '@perch/shared';
import { DIALECTS, createTestServices, fakeClient, signedInAdmin, type TestServices } from '../test/harness';
import { addLearner } from '../sessions/test-fixtures';
import { sweepOnce } from '../sessions/sweeper';

type Admin = Awaited<ReturnType<typeof signedInAdmin>>;

for (const dialect of DIALECTS) {
  describe(`kiosk session (${dialect})`, () => {
    let services: TestServices;
    let admin: Admin;
    let ipCounter = 0;
    beforeAll(async () => {
      services = await createTestServices(dialect, { RATE_LIMIT_SESSION_START_PER_MIN: '1000' });
      admin = await signedInAdmin(services);
    });
    afterAll(() => services.close());

    async function redeemed(opts: { durationMin?: number; idleLockMin?: number } = {}) {
      const learner = await addLearner(services, { name: 'Lin' });
      const minted = await admin.caller.sessions.start({ learnerId: learner.id, ...opts });
      const kiosk = fakeClient(services, { ip: `198.51.100.${++ipCounter}` });
      await kiosk.caller.kiosk.redeem({ code: minted.redemptionCode });
      return { minted, kiosk };
    }
    const auditActions = async (sessionId: string) =>
      (await services.db.selectFrom('audit_log').select('action').where('session_id', '=', sessionId).orderBy('id').execute()).map(
        (r) => r.action,
      );

    it('refuses the cookie on another device (User-Agent or Accept-Language differ), as the reference does', async () => {
      const { kiosk } = await redeemed();
      const token = kiosk.cookies[KIOSK_COOKIE]!;
      const lifted = (opts: { userAgent?: string; acceptLanguage?: string }) => {
        const other = fakeClient(services, { ip: '198.51.100.250', ...opts });
        other.cookies[KIOSK_COOKIE] = token;
        return other.caller.kiosk.me();
      };
      await expect(lifted({ userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0' })).rejects.toMatchObject({
        code: 'UNAUTHORIZED',
        reason: 'SESSION_ENDED',
      });
      await expect(lifted({ acceptLanguage: 'fr-FR' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
      // The same browser from another address (a tablet roaming between access points) keeps working.
      await expect(lifted({})).resolves.toMatchObject({ state: 'active' });
      const stored = await services.db.selectFrom('sessions').select('device_hash').where('token_hash', 'is not', null).execute();
      expect(stored.every((r) => /^[0-9a-f]{64}$/.test(r.device_hash ?? ''))).toBe(true);
    });

    it('answers me with the kiosk’s own session and the server clock, never a token', async () => {
      const { minted, kiosk } = await redeemed({ durationMin: 20, idleLockMin: 3 });
      const me = await kiosk.caller.kiosk.me();
      expect(me).toEqual({
        sessionId: minted.sessionId,
        learnerName: 'Lin',
        state: 'active',
        sessionExpiresAt: expect.any(String),
        idleLockMin: 3,
        lastActivityAt: expect.any(String),
        serverTime: expect.any(String),
        guestAgeBand: null,
        endKind: null,
      });
      expect(Math.abs(Date.parse(me.serverTime) - services.now())).toBeLessThan(2_000);
      expect(Date.parse(me.sessionExpiresAt) - Date.parse(me.serverTime)).toBeGreaterThan(19 * 60_000);
    });

    it('answers me without a cookie, or with a forged one, with UNAUTHORIZED SESSION_ENDED', async () => {
      await expect(fakeClient(services).caller.kiosk.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED', reason: 'SESSION_ENDED' });
      const forged = fakeClient(services);
      forged.cookies[KIOSK_COOKIE] = 'A'.repeat(43);
      await expect(forged.caller.kiosk.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED', reason: 'SESSION_ENDED' });
      expect(forged.cookies[KIOSK_COOKIE]).toBeUndefined();
    });

    it('treats a session past its end as gone even before the sweeper marks it', async () => {
      const { kiosk } = await redeemed({ durationMin: 5 });
      services.advance(5 * 60_000);
      await expect(kiosk.caller.kiosk.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED', reason: 'SESSION_ENDED' });
    });

    it('touch notes activity; after an idle lock it unlocks, on the record', async () => {
      const { minted, kiosk } = await redeemed({ idleLockMin: 2 });
      services.advance(60_000);
      const touched = await kiosk.caller.kiosk.touch();
      expect(Date.parse(touched.lastActivityAt!)).toBeGreaterThanOrEqual(services.now() - 1_000);

      services.advance(2 * 60_000 + 1_000);
      await sweepOnce(services);
      await expect(kiosk.caller.kiosk.me()).resolves.toMatchObject({ state: 'locked' });
      await expect(kiosk.caller.kiosk.touch()).resolves.toMatchObject({ state: 'active' });
      expect(await auditActions(minted.sessionId)).toEqual(['session.start', 'session.redeem', 'session.lock', 'session.unlock']);
    });

    /** A second client holding a copy of `token`, as a cookie lifted before it was cleared would be. */
    const holding = (token: string) => {
      const copy = fakeClient(services);
      copy.cookies[KIOSK_COOKIE] = token;
      return copy;
    };
    const sessionEnded = { code: 'UNAUTHORIZED', reason: 'SESSION_ENDED' };

    it('finish ends the learner’s own session, and its cookie opens nothing afterwards, not even a read', async () => {
      const { minted, kiosk } = await redeemed();
      const token = kiosk.cookies[KIOSK_COOKIE]!;
      const finished = await kiosk.caller.kiosk.finish();
      expect(finished).toMatchObject({ sessionId: minted.sessionId, state: 'ending' });
      expect(kiosk.cookies[KIOSK_COOKIE]).toBeUndefined();
      expect(await auditActions(minted.sessionId)).toContain('session.finish');
      // A copy of the cookie that survived the clearing, within the grace period, is dead at once.
      await expect(holding(token).caller.kiosk.me()).rejects.toMatchObject(sessionEnded);
      await expect(holding(token).caller.kiosk.touch()).rejects.toMatchObject(sessionEnded);
      await expect(holding(token).caller.kiosk.events()).rejects.toMatchObject(sessionEnded);
      // A double tap replays harmlessly: refused, and the session is still ending, finished once.
      await expect(holding(token).caller.kiosk.finish()).rejects.toMatchObject(sessionEnded);
      const row = await services.db.selectFrom('sessions').select(['state', 'token_hash']).where('id', '=', minted.sessionId).executeTakeFirst();
      expect(row).toEqual({ state: 'ending', token_hash: null });
      expect((await auditActions(minted.sessionId)).filter((a) => a === 'session.finish')).toHaveLength(1);
    });

    it('after an admin ends the session the kiosk may only read its goodbye, at once', async () => {
      const { minted, kiosk } = await redeemed();
      const token = kiosk.cookies[KIOSK_COOKIE]!;
      await admin.caller.sessions.end({ sessionId: minted.sessionId });
      // Reading shows the goodbye state, by query and by the event stream.
      await expect(holding(token).caller.kiosk.me()).resolves.toMatchObject({ state: 'ending' });
      const feed = (await holding(token).caller.kiosk.events())[Symbol.asyncIterator]();
      await expect(feed.next()).resolves.toMatchObject({ value: { state: 'ending' } });
      await feed.return?.();
      // Acting does not work even within the grace period.
      const toucher = holding(token);
      await expect(toucher.caller.kiosk.touch()).rejects.toMatchObject(sessionEnded);
      expect(toucher.cookies[KIOSK_COOKIE]).toBeUndefined();
      await expect(holding(token).caller.kiosk.finish()).rejects.toMatchObject(sessionEnded);
      expect(await auditActions(minted.sessionId)).toEqual(['session.start', 'session.redeem', 'session.end']);
    });

    it('shuts the kiosk out once an admin has force-ended its session, saying it was forced (no goodbye on a poll either)', async () => {
      const { minted, kiosk } = await redeemed();
      const token = kiosk.cookies[KIOSK_COOKIE]!;
      await admin.caller.sessions.forceEnd({ sessionId: minted.sessionId, reason: 'Lost tablet' });
      const forced = { code: 'UNAUTHORIZED', reason: 'SESSION_FORCE_ENDED' };
      await expect(kiosk.caller.kiosk.me()).rejects.toMatchObject(forced);
      expect(kiosk.cookies[KIOSK_COOKIE]).toBeUndefined();
      await expect(holding(token).caller.kiosk.touch()).rejects.toMatchObject(forced);
      // Only that tablet hears it: the same cookie from another device is just refused.
      const elsewhere = fakeClient(services, { userAgent: 'Another tablet' });
      elsewhere.cookies[KIOSK_COOKIE] = token;
      await expect(elsewhere.caller.kiosk.me()).rejects.toMatchObject(sessionEnded);
    });

    it('says SESSION_ENDED, not forced, once a graceful end is over', async () => {
      const { minted, kiosk } = await redeemed();
      const token = kiosk.cookies[KIOSK_COOKIE]!;
      await admin.caller.sessions.end({ sessionId: minted.sessionId });
      services.advance(ENDING_GRACE_MS + 1_000);
      await sweepOnce(services);
      const row = await services.db.selectFrom('sessions').select('state').where('id', '=', minted.sessionId).executeTakeFirstOrThrow();
      expect(row.state).toBe('ended');
      await expect(holding(token).caller.kiosk.me()).rejects.toMatchObject(sessionEnded);
    });
  });
}

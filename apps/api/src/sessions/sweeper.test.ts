import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CODE_TTL_MS, ENDING_GRACE_MS } from '@perch/shared';
import { DIALECTS, createTestServices, fakeClient, signedInAdmin, type TestServices } from '../test/harness';
import { startLifecycleSweeper, sweepOnce } from './sweeper';
import { addLearner, addSessionInState, recordEvents, tick } from './test-fixtures';

type Admin = Awaited<ReturnType<typeof signedInAdmin>>;

for (const dialect of DIALECTS) {
  describe(`session sweeper (${dialect})`, () => {
    let services: TestServices;
    let admin: Admin;
    let ipCounter = 0;
    beforeAll(async () => {
      services = await createTestServices(dialect, { RATE_LIMIT_SESSION_START_PER_MIN: '1000' });
      admin = await signedInAdmin(services);
    });
    afterAll(() => services.close());

    const stateOf = async (id: string) =>
      (await services.db.selectFrom('sessions').select('state').where('id', '=', id).executeTakeFirst())?.state;
    const mint = async (opts: { durationMin?: number; idleLockMin?: number } = {}) =>
      admin.caller.sessions.start({ learnerId: (await addLearner(services)).id, ...opts });
    const redeem = (code: string) => fakeClient(services, { ip: `198.51.100.${++ipCounter}` }).caller.kiosk.redeem({ code });

    it('expires a pending session whose code lapsed, and audits it as the system', async () => {
      const minted = await mint();
      await sweepOnce(services);
      expect(await stateOf(minted.sessionId)).toBe('pending');
      services.advance(CODE_TTL_MS);
      const events = recordEvents(services);
      await tick();
      await sweepOnce(services);
      expect(await stateOf(minted.sessionId)).toBe('expired');
      await tick();
      await events.stop();
      expect(events.seen).toContainEqual({ sessionId: minted.sessionId, state: 'expired' });
      const audit = await services.db
        .selectFrom('audit_log')
        .selectAll()
        .where('session_id', '=', minted.sessionId)
        .where('action', '=', 'session.expire')
        .executeTakeFirstOrThrow();
      expect(audit.actor_type).toBe('system');
      // The lapsed code is told apart from an unknown one.
      await expect(redeem(minted.redemptionCode)).rejects.toMatchObject({ reason: 'CODE_EXPIRED' });
    });

    it('keeps a pending session exactly as long as its code, whatever its duration', async () => {
      const short = await mint({ durationMin: 5 });
      services.advance(CODE_TTL_MS - 1_000);
      await sweepOnce(services);
      // Its 5 minutes have not started: the card still works.
      expect(await stateOf(short.sessionId)).toBe('pending');
      services.advance(1_000);
      await sweepOnce(services);
      expect(await stateOf(short.sessionId)).toBe('expired');
    });

    it('counts a session’s duration from its redemption', async () => {
      const late = await mint({ durationMin: 5, idleLockMin: 0 });
      services.advance(8 * 60_000);
      await redeem(late.redemptionCode);
      services.advance(5 * 60_000 - 1_000);
      await sweepOnce(services);
      expect(await stateOf(late.sessionId)).toBe('active');
      services.advance(1_000);
      await sweepOnce(services);
      expect(await stateOf(late.sessionId)).toBe('expired');
    });

    it('expires active and locked sessions past their end', async () => {
      const a = await mint({ durationMin: 5, idleLockMin: 0 });
      const b = await mint({ durationMin: 5, idleLockMin: 1 });
      await redeem(a.redemptionCode);
      await redeem(b.redemptionCode);
      services.advance(2 * 60_000);
      await sweepOnce(services);
      expect(await stateOf(a.sessionId)).toBe('active');
      expect(await stateOf(b.sessionId)).toBe('locked');
      services.advance(3 * 60_000);
      await sweepOnce(services);
      expect(await stateOf(a.sessionId)).toBe('expired');
      expect(await stateOf(b.sessionId)).toBe('expired');
    });

    it('locks an idle session only after its idle minutes, and never with idle lock off', async () => {
      const locks = await mint({ idleLockMin: 10 });
      const never = await mint({ idleLockMin: 0 });
      await redeem(locks.redemptionCode);
      await redeem(never.redemptionCode);
      services.advance(9 * 60_000);
      await sweepOnce(services);
      expect(await stateOf(locks.sessionId)).toBe('active');
      services.advance(60_000);
      await sweepOnce(services);
      expect(await stateOf(locks.sessionId)).toBe('locked');
      expect(await stateOf(never.sessionId)).toBe('active');
    });

    it('finishes an ending session only once the grace is over', async () => {
      const minted = await mint();
      await redeem(minted.redemptionCode);
      await admin.caller.sessions.end({ sessionId: minted.sessionId });
      services.advance(ENDING_GRACE_MS - 1_000);
      await sweepOnce(services);
      expect(await stateOf(minted.sessionId)).toBe('ending');
      services.advance(1_000);
      await sweepOnce(services);
      expect(await stateOf(minted.sessionId)).toBe('ended');
    });

    it('deletes a finished guest session but keeps the audit facts, nameless', async () => {
      const guest = await admin.caller.sessions.startGuest({ ageBand: '14+' });
      await redeem(guest.redemptionCode);
      await admin.caller.sessions.forceEnd({ sessionId: guest.sessionId, reason: 'Visit over' });
      const learnerSession = await mint();
      await admin.caller.sessions.forceEnd({ sessionId: learnerSession.sessionId, reason: 'Not needed' });
      await sweepOnce(services);
      expect(await stateOf(guest.sessionId)).toBe('revoked');
      services.advance(ENDING_GRACE_MS);
      const result = await sweepOnce(services);
      expect(result.guestsDeleted).toBe(1);
      expect(await stateOf(guest.sessionId)).toBeUndefined();
      expect(await stateOf(learnerSession.sessionId)).toBe('revoked');
      const facts = await services.db.selectFrom('audit_log').selectAll().where('session_id', '=', guest.sessionId).execute();
      expect(facts.map((f) => f.action)).toEqual(['session.start_guest', 'session.redeem', 'session.force_end']);
      expect(JSON.stringify(facts)).not.toContain('Guest (');
    });

    it('moves each session once when several sweepers run at the same moment', async () => {
      const ids = await Promise.all(Array.from({ length: 5 }, () => addSessionInState(services, 'pending')));
      services.advance(CODE_TTL_MS);
      const results = await Promise.all([sweepOnce(services), sweepOnce(services), sweepOnce(services)]);
      for (const id of ids) expect(await stateOf(id)).toBe('expired');
      const audits = await services.db
        .selectFrom('audit_log')
        .select('session_id')
        .where('action', '=', 'session.expire')
        .where('session_id', 'in', ids)
        .execute();
      expect(audits).toHaveLength(5);
      expect(results.reduce((n, r) => n + r.expired, 0)).toBeGreaterThanOrEqual(5);
    });

    it('runs by itself every second until stopped', async () => {
      const minted = await mint();
      services.advance(CODE_TTL_MS);
      const stop = startLifecycleSweeper(services);
      try {
        const deadline = Date.now() + 2_500;
        while ((await stateOf(minted.sessionId)) !== 'expired' && Date.now() < deadline) await tick(50);
        expect(await stateOf(minted.sessionId)).toBe('expired');
      } finally {
        stop();
      }
    });
  });
}

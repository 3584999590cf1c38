import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { DIALECTS, createTestServices, fakeClient, signedInAdmin, type TestServices } from '../test/harness';
import { startOwnRedis, untilShared, type OwnRedis } from '../test/redis-server';
import { MemoryEventBus, sessionEventKey } from '../platform/events';
import { addLearner } from '../sessions/test-fixtures';

/**
 * Two instances of one deployment on this suite's own redis-server, which is stopped and started
 * again mid-test. Only the counters are under test here: each instance gets an in-process event
 * bus, so a stalled Redis publish (the event bus's own degraded mode) cannot slow these calls.
 */
for (const dialect of DIALECTS) {
  describe(`caps and throttles while Redis is down (${dialect})`, () => {
    let redis: OwnRedis;
    let a: TestServices;
    let b: TestServices;
    beforeAll(async () => {
      redis = await startOwnRedis();
      const env = { REDIS_URL: redis.url, PERCH_INSTANCES: '2', REDEEM_FAILURES_PER_IP: '2', REDEEM_FAILURES_GLOBAL_PER_MIN: '6' };
      const first = await createTestServices(dialect, env);
      const second = await createTestServices(dialect, env, { shareWith: first });
      a = { ...first, events: new MemoryEventBus(sessionEventKey) };
      b = { ...second, events: new MemoryEventBus(sessionEventKey) };
    });
    afterAll(async () => {
      await b?.close();
      await a?.close();
      await redis?.stop();
    });

    const guess = (services: TestServices, ip: string) =>
      fakeClient(services, { ip })
        .caller.kiosk.redeem({ code: 'YYYY-YYYY' })
        .then(
          () => 'redeemed',
          (e: { reason?: string }) => e.reason,
        );

    it('mints, redeems and signs in while Redis is down, each instance holding its share of the global ceiling', async () => {
      const adminOnA = await signedInAdmin(a);
      const learner = await addLearner(a);
      // Shared while Redis is up: one wrong code on each instance fills the address's cap of 2.
      expect([await guess(a, '198.51.100.1'), await guess(b, '198.51.100.1'), await guess(a, '198.51.100.1')]).toEqual([
        'CODE_UNKNOWN',
        'CODE_UNKNOWN',
        'RATE_LIMITED',
      ]);

      await redis.stop();
      const adminOnB = await signedInAdmin(b); // sign-in
      const single = await adminOnB.caller.sessions.start({ learnerId: learner.id });
      const { sessions } = await adminOnA.caller.sessions.startBulk({ learnerIds: [learner.id], onExisting: 'keep' });
      await expect(fakeClient(b, { ip: '198.51.100.2' }).caller.kiosk.redeem({ code: single.redemptionCode })).resolves.toBeTruthy();
      await expect(fakeClient(a, { ip: '198.51.100.3' }).caller.kiosk.redeem({ code: sessions[0]!.redemptionCode })).resolves.toBeTruthy();
      const pending = await adminOnA.caller.sessions.startGuest({ ageBand: '10-13' });
      await expect(adminOnA.caller.sessions.reissueCode({ sessionId: pending.sessionId })).resolves.toBeTruthy();
      // The global ceiling of 6 is 3 per instance while each counts alone.
      const onA = [];
      for (let i = 0; i < 4; i++) onA.push(await guess(a, `192.0.2.${i + 1}`));
      expect(onA).toEqual(['CODE_UNKNOWN', 'CODE_UNKNOWN', 'CODE_UNKNOWN', 'RATE_LIMITED']);
      expect(await guess(b, '192.0.2.50')).toBe('CODE_UNKNOWN');
    });

    it('shares the counters again once Redis is back', async () => {
      await redis.start();
      await untilShared(a.limiter);
      await untilShared(b.limiter);
      expect([await guess(a, '203.0.113.1'), await guess(b, '203.0.113.1'), await guess(b, '203.0.113.1')]).toEqual([
        'CODE_UNKNOWN',
        'CODE_UNKNOWN',
        'RATE_LIMITED',
      ]);
      const raw = new Redis(redis.url);
      try {
        expect(await raw.get(`${a.testId}:th:redeem:ip:203.0.113.1:f`)).toBe('2');
      } finally {
        raw.disconnect();
      }
    });
  });
}

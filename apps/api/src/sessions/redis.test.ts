import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KioskSession } from '@perch/shared';
import { DIALECTS, TEST_REDIS_URL, createTestServices, fakeClient, signedInAdmin, type TestServices } from '../test/harness';
import { addLearner } from './test-fixtures';

// The same flows with counters and live events in Redis, as when several instances share the load.
for (const dialect of DIALECTS) {
  describe(`sessions with Redis (${dialect})`, () => {
    let services: TestServices;
    beforeAll(async () => {
      services = await createTestServices(dialect, { REDIS_URL: TEST_REDIS_URL, REDEEM_FAILURES_PER_IP: '3' });
    });
    afterAll(() => services.close());

    it('caps starts, throttles wrong codes and delivers the kiosk’s events through Redis', async () => {
      const admin = await signedInAdmin(services);
      const learner = await addLearner(services);
      const minted = [];
      for (let i = 0; i < 10; i++) minted.push(await admin.caller.sessions.start({ learnerId: learner.id, onExisting: 'keep' }));
      await expect(admin.caller.sessions.start({ learnerId: learner.id, onExisting: 'keep' })).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });

      const guesser = fakeClient(services, { ip: '203.0.113.99' });
      for (let i = 0; i < 3; i++) await expect(guesser.caller.kiosk.redeem({ code: 'QQQQ-QQQQ' })).rejects.toMatchObject({ reason: 'CODE_UNKNOWN' });
      await expect(guesser.caller.kiosk.redeem({ code: minted[0]!.redemptionCode })).rejects.toMatchObject({ reason: 'RATE_LIMITED' });

      const kiosk = fakeClient(services, { ip: '203.0.113.5' });
      await kiosk.caller.kiosk.redeem({ code: minted[0]!.redemptionCode });
      const feed = (await kiosk.caller.kiosk.events())[Symbol.asyncIterator]();
      expect((await feed.next()).value).toMatchObject({ state: 'active' });
      const next = feed.next();
      await admin.caller.sessions.forceEnd({ sessionId: minted[0]!.sessionId, reason: 'Checking Redis' });
      const revoked = (await Promise.race([next, new Promise((r) => setTimeout(() => r(null), 1_000))])) as IteratorResult<KioskSession> | null;
      expect(revoked?.value).toMatchObject({ state: 'revoked', sessionId: minted[0]!.sessionId });
    });
  });
}

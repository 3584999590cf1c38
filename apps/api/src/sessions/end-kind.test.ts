import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENDING_GRACE_MS, type KioskSession, type MintedSession } from '@perch/shared';
import type { SessionEvent } from '../platform/events';
import { follow } from '../test/follow';
import { DIALECTS, createTestServices, fakeClient, signedInAdmin, type FakeClient, type TestServices } from '../test/harness';
import { onlineTablet } from '../tablets/test-tablet';
import { sweepOnce } from './sweeper';
import { addLearner } from './test-fixtures';

for (const dialect of DIALECTS) {
  describe(`how a session ended, as its tablet hears it (${dialect})`, () => {
    let services: TestServices;
    let admin: FakeClient;
    const streams: AbortController[] = [];
    beforeAll(async () => {
      services = await createTestServices(dialect, { RATE_LIMIT_SESSION_START_PER_MIN: '1000' });
      admin = await signedInAdmin(services);
    });
    afterAll(async () => {
      for (const s of streams) s.abort();
      await services.close();
    });

    let ip = 0;
    /** A redeemed session, its tablet's event feed, and every event on the bus from now on. */
    async function running(start: () => Promise<MintedSession>) {
      const minted = await start();
      const kiosk = fakeClient(services, { ip: `198.51.100.${++ip}` });
      const redeemed = await kiosk.caller.kiosk.redeem({ code: minted.redemptionCode });
      const controller = new AbortController();
      streams.push(controller);
      const bus = follow<SessionEvent>(services.events.stream(controller.signal));
      const feed = follow<KioskSession>(await kiosk.caller.kiosk.events());
      await feed.waitFor((s) => s.state === 'active');
      return { minted, kiosk, redeemed, bus, feed };
    }
    const learnerSession = async () => admin.caller.sessions.start({ learnerId: (await addLearner(services)).id });

    it('a force end is `forced` on the tablet’s feed and on the bus', async () => {
      const { minted, feed, bus } = await running(learnerSession);
      expect(feed.received[0]!.item.endKind).toBeNull();
      await admin.caller.sessions.forceEnd({ sessionId: minted.sessionId, reason: 'Tablet misused' });
      expect((await feed.waitFor((s) => s.state === 'revoked')).item.endKind).toBe('forced');
      expect((await bus.waitFor((e) => e.sessionId === minted.sessionId && e.state === 'revoked')).item.endKind).toBe('forced');
    });

    it('an admin’s end is `graceful` (the goodbye) while ending and once ended', async () => {
      const { minted, feed, bus, kiosk } = await running(learnerSession);
      await admin.caller.sessions.end({ sessionId: minted.sessionId });
      expect((await feed.waitFor((s) => s.state === 'ending')).item.endKind).toBe('graceful');
      await expect(kiosk.caller.kiosk.me()).resolves.toMatchObject({ state: 'ending', endKind: 'graceful' });
      services.advance(ENDING_GRACE_MS);
      await sweepOnce(services);
      expect((await feed.waitFor((s) => s.state === 'ended')).item.endKind).toBe('graceful');
      expect((await bus.waitFor((e) => e.sessionId === minted.sessionId && e.state === 'ended')).item.endKind).toBe('graceful');
    });

    it('ending a class is `graceful`; retiring the tablet a session runs on is `forced`', async () => {
      const learner = await addLearner(services);
      const klass = await running(async () => (await admin.caller.sessions.startBulk({ learnerIds: [learner.id] })).sessions[0]!);
      await admin.caller.sessions.revokeBatch({ batchId: klass.minted.batchId! });
      expect((await klass.feed.waitFor((s) => s.state === 'revoked')).item.endKind).toBe('graceful');

      const t = await onlineTablet(services, admin, streams);
      const sent = await admin.caller.tablets.send({ learnerId: (await addLearner(services)).id, tabletId: t.tablet.id });
      await t.client.caller.kiosk.claim({ sessionId: sent.sessionId });
      const feed = follow<KioskSession>(await t.client.caller.kiosk.events());
      await feed.waitFor((s) => s.state === 'active');
      await admin.caller.tablets.retire({ tabletId: t.tablet.id });
      expect((await feed.waitFor((s) => s.state === 'revoked')).item.endKind).toBe('forced');
    });

    it('tells a guest’s tablet their age band, from the redeem on', async () => {
      const { redeemed, kiosk, feed } = await running(() => admin.caller.sessions.startGuest({ ageBand: '5-9' }));
      expect(redeemed).toMatchObject({ learnerName: 'Guest (5-9)', guestAgeBand: '5-9' });
      await expect(kiosk.caller.kiosk.me()).resolves.toMatchObject({ guestAgeBand: '5-9', endKind: null });
      expect(feed.received[0]!.item.guestAgeBand).toBe('5-9');
    });
  });
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENDING_GRACE_MS, KIOSK_COOKIE, type KioskSession, type SessionSummary } from '@perch/shared';
import { DIALECTS, createTestServices, fakeClient, signedInAdmin, startTestServer, type TestServices } from '../test/harness';
import { startLifecycleSweeper } from './sweeper';
import { addLearner, tick } from './test-fixtures';
import { follow } from '../test/follow';

type Admin = Awaited<ReturnType<typeof signedInAdmin>>;

for (const dialect of DIALECTS) {
  describe(`live session events (${dialect})`, () => {
    let services: TestServices;
    let admin: Admin;
    let stopSweeper: () => void;
    beforeAll(async () => {
      services = await createTestServices(dialect, { RATE_LIMIT_SESSION_START_PER_MIN: '1000' });
      admin = await signedInAdmin(services);
      stopSweeper = startLifecycleSweeper(services);
    });
    afterAll(async () => {
      stopSweeper();
      await services.close();
    });

    let ipCounter = 0;
    async function redeemedSession() {
      const minted = await admin.caller.sessions.start({ learnerId: (await addLearner(services)).id });
      const kiosk = fakeClient(services, { ip: `198.51.100.${++ipCounter}` });
      await kiosk.caller.kiosk.redeem({ code: minted.redemptionCode });
      return { minted, kiosk };
    }

    it('refuses the admin feed to someone not signed in', async () => {
      await expect(fakeClient(services).caller.sessions.events()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    });

    it('tells the admin and the kiosk of an end within 1 s, and of ended after the grace', async () => {
      const { minted, kiosk } = await redeemedSession();
      const adminFeed = follow<SessionSummary>(await admin.caller.sessions.events());
      const kioskFeed = follow<KioskSession>(await kiosk.caller.kiosk.events());
      await kioskFeed.waitFor((s) => s.state === 'active');
      await tick(50);

      const endedAt = Date.now();
      await admin.caller.sessions.end({ sessionId: minted.sessionId });
      const adminEnding = await adminFeed.waitFor((s) => s.id === minted.sessionId && s.state === 'ending');
      const kioskEnding = await kioskFeed.waitFor((s) => s.state === 'ending');
      expect(adminEnding.at - endedAt).toBeLessThan(1_000);
      expect(kioskEnding.at - endedAt).toBeLessThan(1_000);

      services.advance(ENDING_GRACE_MS);
      const graceOver = Date.now();
      const adminEnded = await adminFeed.waitFor((s) => s.id === minted.sessionId && s.state === 'ended');
      const kioskEnded = await kioskFeed.waitFor((s) => s.state === 'ended');
      // The sweeper runs every second; the event follows its pass at once.
      expect(adminEnded.at - graceOver).toBeLessThan(1_500);
      expect(kioskEnded.at - graceOver).toBeLessThan(1_500);
      expect(adminEnded.item).toMatchObject({ state: 'ended', endedAt: expect.any(String) });

      // The kiosk's feed ends with the final state.
      await kioskFeed.done;
      expect(kioskFeed.received.map((r) => r.item.state)).toEqual(['active', 'ending', 'ended']);
      adminFeed.stop();
    });

    it('tells the kiosk of a force end within 1 s', async () => {
      const { minted, kiosk } = await redeemedSession();
      const kioskFeed = follow<KioskSession>(await kiosk.caller.kiosk.events());
      await kioskFeed.waitFor((s) => s.state === 'active');
      const at = Date.now();
      await admin.caller.sessions.forceEnd({ sessionId: minted.sessionId, reason: 'Tablet needed elsewhere' });
      const revoked = await kioskFeed.waitFor((s) => s.state === 'revoked');
      expect(revoked.at - at).toBeLessThan(1_000);
      await kioskFeed.done;
    });

    it('shows a kiosk only its own session', async () => {
      const mine = await redeemedSession();
      const other = await redeemedSession();
      const feed = follow<KioskSession>(await mine.kiosk.caller.kiosk.events());
      await feed.waitFor((s) => s.state === 'active');
      await other.kiosk.caller.kiosk.finish();
      await admin.caller.sessions.forceEnd({ sessionId: other.minted.sessionId, reason: 'Someone else' });
      const guest = await admin.caller.sessions.startGuest({ ageBand: '5-9' });
      await admin.caller.sessions.end({ sessionId: guest.sessionId });
      await mine.kiosk.caller.kiosk.finish();
      await feed.waitFor((s) => s.state === 'ending');
      await admin.caller.sessions.forceEnd({ sessionId: mine.minted.sessionId, reason: 'Done' });
      await feed.done;
      expect(new Set(feed.received.map((r) => r.item.sessionId))).toEqual(new Set([mine.minted.sessionId]));
      expect(feed.received.map((r) => r.item.state)).toEqual(['active', 'ending', 'revoked']);
    });

    it('streams the kiosk feed over HTTP (SSE) with the cookie', async () => {
      const { minted, kiosk } = await redeemedSession();
      const server = await startTestServer(services);
      const abort = new AbortController();
      try {
        const res = await fetch(`${server.url}/trpc/kiosk.events`, {
          headers: {
            cookie: `${KIOSK_COOKIE}=${kiosk.cookies[KIOSK_COOKIE]}`,
            accept: 'text/event-stream',
            // The same browser that redeemed: the cookie is bound to it.
            'user-agent': 'Mozilla/5.0 (vitest)',
            'accept-language': 'en-GB,en;q=0.9',
          },
          signal: abort.signal,
        });
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
        const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
        let text = '';
        const readUntil = async (needle: string) => {
          while (!text.includes(needle)) {
            const { value, done } = await reader.read();
            if (done) throw new Error(`stream ended before ${needle}: ${text}`);
            text += value;
          }
        };
        await readUntil('"state":"active"');
        await admin.caller.sessions.end({ sessionId: minted.sessionId });
        await readUntil('"state":"ending"');
        expect(text).not.toContain(KIOSK_COOKIE);
      } finally {
        abort.abort();
        await server.close();
      }
    });

    it('refuses the kiosk feed without a session cookie', async () => {
      await expect(fakeClient(services).caller.kiosk.events()).rejects.toMatchObject({
        code: 'UNAUTHORIZED',
        reason: 'SESSION_ENDED',
      });
    });
  });
}

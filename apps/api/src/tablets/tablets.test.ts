import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEVICE_COOKIE,
  DEVICE_COOKIE_MAX_AGE_MS,
  DEVICE_TOKEN_GRACE_MS,
  DEVICE_TOKEN_ROTATE_MS,
  ENROLL_CODE_TTL_MS,
  KIOSK_COOKIE,
  normalizeCode,
  type KioskDeviceEvent,
} from '@perch/shared';
import { DIALECTS, createTestServices, fakeClient, signedInAdmin, startTestServer, trpcHttp, type TestServices } from '../test/harness';
import { follow } from '../test/follow';
import { addLearner } from '../sessions/test-fixtures';

type Admin = Awaited<ReturnType<typeof signedInAdmin>>;

for (const dialect of DIALECTS) {
  describe(`tablets (${dialect})`, () => {
    let services: TestServices;
    let admin: Admin;
    let ipCounter = 0;
    // Each tablet from its own address, so code failures in one test never throttle the next.
    const browser = () => fakeClient(services, { ip: `198.51.100.${++ipCounter}` });
    beforeAll(async () => {
      services = await createTestServices(dialect, {
        RATE_LIMIT_SESSION_START_PER_MIN: '1000',
        REDEEM_FAILURES_PER_IP: '1000',
        REDEEM_FAILURES_GLOBAL_PER_MIN: '1000',
      });
      admin = await signedInAdmin(services);
    });
    afterAll(() => services.close());

    async function enrolled() {
      const { code } = await admin.caller.tablets.createEnrollment();
      const tablet = browser();
      const { tablet: identity } = await tablet.caller.kiosk.enroll({ code });
      return { tablet, identity: identity! };
    }

    it('makes a one-shot enrollment code and a fragment-borne link, stored only as a keyed hash', async () => {
      await expect(fakeClient(services).caller.tablets.createEnrollment()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
      const before = services.now();
      const enrollment = await admin.caller.tablets.createEnrollment();
      expect(enrollment.code).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
      expect(enrollment.enrollUrl).toBe(`http://localhost:3000/kiosk/#enroll=${enrollment.code}`);
      expect(Date.parse(enrollment.expiresAt) - before).toBeGreaterThanOrEqual(ENROLL_CODE_TTL_MS - 1_000);
      expect(Date.parse(enrollment.expiresAt) - before).toBeLessThanOrEqual(ENROLL_CODE_TTL_MS + 1_000);
      const stored = JSON.stringify(await services.db.selectFrom('tablet_enrollments').selectAll().execute());
      expect(stored).not.toContain(normalizeCode(enrollment.code)!);
      expect(stored).not.toContain(enrollment.code);
      const audit = await services.db.selectFrom('audit_log').select('action').where('action', '=', 'tablet.enrollment_create').execute();
      expect(audit.length).toBeGreaterThan(0);
    });

    it('enrolls over HTTP with a __Host- device cookie: HttpOnly, Secure, SameSite=Strict, long-lived; only its hash is stored', async () => {
      const { code } = await admin.caller.tablets.createEnrollment();
      const server = await startTestServer(services);
      try {
        const res = await trpcHttp<{ tablet: { id: string; name: string } }>(server.url, 'mutation', 'kiosk.enroll', { code });
        expect(res.status).toBe(200);
        expect(res.body.result?.data.tablet.name).toMatch(/^Tablet \d+$/);
        const cookie = res.setCookies.find((c) => c.startsWith(`${DEVICE_COOKIE}=`))!;
        expect(DEVICE_COOKIE.startsWith('__Host-')).toBe(true);
        const attrs = cookie.split(';').map((a) => a.trim().toLowerCase());
        for (const attr of ['httponly', 'secure', 'samesite=strict', 'path=/']) expect(attrs).toContain(attr);
        expect(attrs.some((a) => a.startsWith('domain='))).toBe(false);
        const maxAge = Number(attrs.find((a) => a.startsWith('max-age='))!.split('=')[1]);
        expect(maxAge).toBe(DEVICE_COOKIE_MAX_AGE_MS / 1000);
        const token = cookie.split(';')[0]!.split('=')[1]!;
        expect(JSON.stringify(await services.db.selectFrom('tablets').selectAll().execute())).not.toContain(token);
        const me = await trpcHttp<{ tablet: { name: string } }>(server.url, 'query', 'kiosk.device', undefined, { cookie: cookie.split(';')[0]! });
        expect(me.body.result?.data.tablet?.name).toBe(res.body.result?.data.tablet.name);
      } finally {
        await server.close();
      }
    });

    it('names tablets in enrollment order, and an unenrolled browser is no tablet', async () => {
      const first = await enrolled();
      const second = await enrolled();
      const n = Number(first.identity.name.replace('Tablet ', ''));
      expect(second.identity.name).toBe(`Tablet ${n + 1}`);
      await expect(browser().caller.kiosk.device()).resolves.toMatchObject({ tablet: null });
      await expect(second.tablet.caller.kiosk.device()).resolves.toEqual({ tablet: second.identity, redeemMode: 'open' });
    });

    it('lets exactly one of 100 concurrent uses of one enrollment code make a tablet', async () => {
      const { code } = await admin.caller.tablets.createEnrollment();
      const before = (await admin.caller.tablets.list()).length;
      const browsers = Array.from({ length: 100 }, browser);
      const results = await Promise.allSettled(browsers.map((b) => b.caller.kiosk.enroll({ code })));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ reason: 'CODE_USED' });
      expect(browsers.filter((b) => b.cookies[DEVICE_COOKIE])).toHaveLength(1);
      expect(await admin.caller.tablets.list()).toHaveLength(before + 1);
    });

    it('answers unknown, used and lapsed enrollment codes with a sentence each', async () => {
      await expect(browser().caller.kiosk.enroll({ code: 'ABCD-2345' })).rejects.toMatchObject({
        reason: 'CODE_UNKNOWN',
        message: 'That enrollment code was not recognised. Ask for a new one.',
      });
      const used = await admin.caller.tablets.createEnrollment();
      await browser().caller.kiosk.enroll({ code: used.code });
      await expect(browser().caller.kiosk.enroll({ code: used.code })).rejects.toMatchObject({ code: 'CONFLICT', reason: 'CODE_USED' });
      const lapsed = await admin.caller.tablets.createEnrollment();
      services.advance(ENROLL_CODE_TTL_MS);
      await expect(browser().caller.kiosk.enroll({ code: lapsed.code })).rejects.toMatchObject({
        code: 'PRECONDITION_FAILED',
        reason: 'CODE_EXPIRED',
      });
      await expect(browser().caller.kiosk.enroll({ code: 'nope' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    });

    it('rotates the device cookie on use at most daily; the old one works only for a moment', async () => {
      const { tablet } = await enrolled();
      const original = tablet.cookies[DEVICE_COOKIE]!;
      await tablet.caller.kiosk.device();
      expect(tablet.cookies[DEVICE_COOKIE]).toBe(original);
      services.advance(DEVICE_TOKEN_ROTATE_MS);
      await tablet.caller.kiosk.device();
      const rotated = tablet.cookies[DEVICE_COOKIE]!;
      expect(rotated).not.toBe(original);
      expect(tablet.cookieOptions[DEVICE_COOKIE]!.maxAgeMs).toBe(DEVICE_COOKIE_MAX_AGE_MS);
      const stale = fakeClient(services);
      stale.cookies[DEVICE_COOKIE] = original;
      await expect(stale.caller.kiosk.device()).resolves.toMatchObject({ tablet: { name: expect.any(String) } });
      services.advance(DEVICE_TOKEN_GRACE_MS);
      await expect(stale.caller.kiosk.device()).resolves.toMatchObject({ tablet: null });
      expect(stale.cookies[DEVICE_COOKIE]).toBeUndefined();
      await expect(tablet.caller.kiosk.device()).resolves.toMatchObject({ tablet: { name: expect.any(String) } });
      // A day later the admin's own sign-in has lapsed too.
      admin = await signedInAdmin(services);
    });

    it('renames a tablet (audited); the tablet hears its new name on its stream', async () => {
      const { tablet, identity } = await enrolled();
      const feed = follow<KioskDeviceEvent>(await tablet.caller.kiosk.deviceEvents());
      await feed.waitFor((e) => e.kind === 'tablet');
      await admin.caller.tablets.rename({ tabletId: identity.id, name: '  Makerspace corner  ' });
      await feed.waitFor((e) => e.kind === 'tablet' && e.tablet.name === 'Makerspace corner');
      expect((await admin.caller.tablets.list()).find((t) => t.id === identity.id)?.name).toBe('Makerspace corner');
      await expect(admin.caller.tablets.rename({ tabletId: identity.id, name: '   ' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      const [entry] = await services.db.selectFrom('audit_log').select('detail').where('action', '=', 'tablet.rename').execute();
      expect(JSON.parse(entry!.detail)).toMatchObject({ tabletId: identity.id, to: 'Makerspace corner' });
      feed.stop();
    });

    it('is online while its stream is open, offline once it closes', async () => {
      const { tablet, identity } = await enrolled();
      const online = async () => (await admin.caller.tablets.list()).find((t) => t.id === identity.id)!.online;
      expect(await online()).toBe(false);
      const controller = new AbortController();
      const adminFeed = follow<{ tabletId: string }>(await admin.caller.tablets.events());
      // The same browser (its cookie jar) with a stream it can close.
      const stream = fakeClient(services, { signal: controller.signal });
      Object.assign(stream.cookies, tablet.cookies);
      const renewedBefore = services.heartbeats.size(); // earlier tests' streams, left open
      const feed = follow<KioskDeviceEvent>(await stream.caller.kiosk.deviceEvents());
      await feed.waitFor((e) => e.kind === 'tablet');
      expect(await online()).toBe(true);
      // The instance's heartbeat renews it; a minute on, a beat keeps it online.
      expect(services.heartbeats.size()).toBe(renewedBefore + 1);
      services.advance(60_000);
      expect(await online()).toBe(false);
      await services.heartbeats.beat();
      expect(await online()).toBe(true);
      await adminFeed.waitFor((e) => e.tabletId === identity.id);
      controller.abort();
      await feed.done.catch(() => {});
      for (let i = 0; i < 50 && (await online()); i++) await new Promise((r) => setTimeout(r, 20));
      expect(await online()).toBe(false);
      expect(services.heartbeats.size()).toBe(renewedBefore);
      adminFeed.stop();
    });

    it('records the tablet a session runs on and lists it as the current learner', async () => {
      const { tablet, identity } = await enrolled();
      const learner = await addLearner(services, { name: 'Noor' });
      const minted = await admin.caller.sessions.start({ learnerId: learner.id });
      await tablet.caller.kiosk.redeem({ code: minted.redemptionCode });
      const listed = (await admin.caller.tablets.list()).find((t) => t.id === identity.id)!;
      expect(listed.currentSession).toMatchObject({ sessionId: minted.sessionId, learnerName: 'Noor', state: 'active' });
      const [row] = (await admin.caller.sessions.list()).filter((s) => s.id === minted.sessionId);
      expect(row!.device).toBe(identity.name);
    });

    it('retires a tablet: its cookie is refused at once, its session is revoked, its stream says so', async () => {
      const { tablet, identity } = await enrolled();
      const minted = await admin.caller.sessions.start({ learnerId: (await addLearner(services)).id });
      await tablet.caller.kiosk.redeem({ code: minted.redemptionCode });
      const feed = follow<KioskDeviceEvent>(await tablet.caller.kiosk.deviceEvents());
      await feed.waitFor((e) => e.kind === 'tablet');
      await admin.caller.tablets.retire({ tabletId: identity.id });
      await feed.waitFor((e) => e.kind === 'retired');
      await feed.done;
      await expect(tablet.caller.kiosk.device()).resolves.toMatchObject({ tablet: null });
      expect(tablet.cookies[DEVICE_COOKIE]).toBeUndefined();
      // Retiring force-ends the session: a tablet that polls learns it without a goodbye, as its stream would say.
      await expect(tablet.caller.kiosk.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED', reason: 'SESSION_FORCE_ENDED' });
      expect(tablet.cookies[KIOSK_COOKIE]).toBeUndefined();
      expect((await admin.caller.tablets.list()).some((t) => t.id === identity.id)).toBe(false);
      await expect(admin.caller.tablets.retire({ tabletId: identity.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      const stored = await services.db.selectFrom('tablets').selectAll().where('id', '=', identity.id).executeTakeFirstOrThrow();
      expect(stored.token_hash).toBeNull();
      // The retired browser can be enrolled again, as a new tablet.
      const again = await admin.caller.tablets.createEnrollment();
      await expect(tablet.caller.kiosk.enroll({ code: again.code })).resolves.toMatchObject({ tablet: { name: expect.any(String) } });
    });

    it('refuses to enroll a browser that already is a tablet, without spending the code', async () => {
      const { tablet, identity } = await enrolled();
      const { code } = await admin.caller.tablets.createEnrollment();
      await expect(tablet.caller.kiosk.enroll({ code })).rejects.toMatchObject({
        message: `This tablet is already enrolled as ${identity.name}. Retire it on the Tablets page first.`,
      });
      await expect(browser().caller.kiosk.enroll({ code })).resolves.toMatchObject({ tablet: { name: expect.any(String) } });
    });
  });
}

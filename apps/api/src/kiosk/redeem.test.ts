import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CODE_TTL_MS, KIOSK_COOKIE } from '@perch/shared';
import {
  DIALECTS,
  createTestServices,
  fakeClient,
  signedInAdmin,
  startTestServer,
  trpcHttp,
  type TestServices,
} from '../test/harness';
import { addLearner } from '../sessions/test-fixtures';

type Admin = Awaited<ReturnType<typeof signedInAdmin>>;

for (const dialect of DIALECTS) {
  describe(`kiosk.redeem (${dialect})`, () => {
    let services: TestServices;
    let admin: Admin;
    let ipCounter = 0;
    // Each redeem comes from its own address unless a test says otherwise, so failures in one test
    // never throttle the next.
    const kiosk = (ip = `198.51.100.${++ipCounter}`) => fakeClient(services, { ip });
    const mint = async (durationMin = 60) =>
      admin.caller.sessions.start({ learnerId: (await addLearner(services, { name: 'Ada' })).id, durationMin });

    beforeAll(async () => {
      services = await createTestServices(dialect, { RATE_LIMIT_SESSION_START_PER_MIN: '1000' });
      admin = await signedInAdmin(services);
    });
    afterAll(() => services.close());

    it('sets the session cookie over HTTP: HttpOnly, Secure, SameSite=Strict, Path=/, __Host-, Max-Age of the time left', async () => {
      const minted = await mint(30);
      const server = await startTestServer(services);
      try {
        const res = await trpcHttp<{ learnerName: string; sessionExpiresAt: string }>(server.url, 'mutation', 'kiosk.redeem', {
          code: minted.redemptionCode,
        });
        expect(res.status).toBe(200);
        const { redeemed_at } = await services.db.selectFrom('sessions').select('redeemed_at').where('id', '=', minted.sessionId).executeTakeFirstOrThrow();
        expect(res.body.result?.data).toEqual({
          learnerName: 'Ada',
          sessionExpiresAt: new Date(redeemed_at! + 30 * 60_000).toISOString(),
          guestAgeBand: null,
        });
        expect(JSON.stringify(res.body)).not.toMatch(/token/i);
        const cookie = res.setCookies.find((c) => c.startsWith(`${KIOSK_COOKIE}=`));
        expect(KIOSK_COOKIE.startsWith('__Host-')).toBe(true);
        expect(cookie).toBeDefined();
        const attrs = cookie!.split(';').map((a) => a.trim().toLowerCase());
        expect(attrs).toContain('httponly');
        expect(attrs).toContain('secure');
        expect(attrs).toContain('samesite=strict');
        expect(attrs).toContain('path=/');
        expect(attrs.some((a) => a.startsWith('domain='))).toBe(false);
        const maxAge = Number(attrs.find((a) => a.startsWith('max-age='))!.split('=')[1]);
        expect(Math.abs(maxAge - 30 * 60)).toBeLessThanOrEqual(5);

        // The cookie alone opens the session: kiosk.me over HTTP.
        const me = await trpcHttp<{ learnerName: string; state: string }>(server.url, 'query', 'kiosk.me', undefined, {
          cookie: cookie!.split(';')[0]!,
        });
        expect(me.body.result?.data).toMatchObject({ learnerName: 'Ada', state: 'active' });
      } finally {
        await server.close();
      }
    });

    it('answers a second redeem of the same code with CODE_USED', async () => {
      const minted = await mint();
      await kiosk().caller.kiosk.redeem({ code: minted.redemptionCode });
      await expect(kiosk().caller.kiosk.redeem({ code: minted.redemptionCode })).rejects.toMatchObject({
        code: 'CONFLICT',
        reason: 'CODE_USED',
        message: 'This code has already been used. Ask for a new code.',
      });
    });

    it('answers an expired code with CODE_EXPIRED', async () => {
      const minted = await mint();
      services.advance(CODE_TTL_MS + 1_000);
      await expect(kiosk().caller.kiosk.redeem({ code: minted.redemptionCode })).rejects.toMatchObject({
        code: 'PRECONDITION_FAILED',
        reason: 'CODE_EXPIRED',
        message: 'This code has expired. Ask for a new code.',
      });
    });

    it('starts the session’s clock at redemption: a code redeemed late still gets its whole duration', async () => {
      // A 5-minute session on a card scanned 9 minutes after it was printed (its code lives 10).
      const minted = await mint(5);
      services.advance(9 * 60_000);
      const kioskClient = kiosk();
      const redeemed = await kioskClient.caller.kiosk.redeem({ code: minted.redemptionCode });
      const row = await services.db.selectFrom('sessions').selectAll().where('id', '=', minted.sessionId).executeTakeFirstOrThrow();
      expect(row.redeemed_at! - row.created_at).toBeGreaterThanOrEqual(9 * 60_000);
      expect(row.expires_at).toBe(row.redeemed_at! + 5 * 60_000);
      expect(Date.parse(redeemed.sessionExpiresAt)).toBe(row.expires_at);
      services.advance(4 * 60_000);
      await expect(kioskClient.caller.kiosk.me()).resolves.toMatchObject({ state: 'active' });
    });

    it('answers an unknown code with CODE_UNKNOWN', async () => {
      await expect(kiosk().caller.kiosk.redeem({ code: 'ABCD-2345' })).rejects.toMatchObject({
        code: 'NOT_FOUND',
        reason: 'CODE_UNKNOWN',
      });
    });

    it('answers a malformed code with BAD_REQUEST and a sentence, over HTTP', async () => {
      const server = await startTestServer(services);
      try {
        for (const code of ['hello', 'ABCD-0OIL', '', 'x'.repeat(100)]) {
          const res = await trpcHttp(server.url, 'mutation', 'kiosk.redeem', { code });
          expect(res.status).toBe(400);
          expect(res.body.error?.data.code).toBe('BAD_REQUEST');
          expect(res.body.error?.data.reason).toBe('VALIDATION');
          expect(res.body.error?.message).toMatch(/^[A-Z][^{}[\]]+\.$/);
        }
        const missing = await trpcHttp(server.url, 'mutation', 'kiosk.redeem', {});
        expect(missing.status).toBe(400);
        expect(missing.body.error?.message).toBe('Enter the code from your card.');
      } finally {
        await server.close();
      }
    });

    it('accepts a code typed in lower case with spaces', async () => {
      const minted = await mint();
      const typed = ` ${minted.redemptionCode.toLowerCase().replace('-', ' ')} `;
      await expect(kiosk().caller.kiosk.redeem({ code: typed })).resolves.toMatchObject({ learnerName: 'Ada' });
    });

    it('lets exactly one of 20 concurrent redeems of one code win', async () => {
      const minted = await mint();
      const clients = Array.from({ length: 20 }, () => kiosk());
      const results = await Promise.allSettled(clients.map((c) => c.caller.kiosk.redeem({ code: minted.redemptionCode })));
      const won = results.filter((r) => r.status === 'fulfilled');
      expect(won).toHaveLength(1);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ reason: 'CODE_USED' });
      expect(clients.filter((c) => c.cookies[KIOSK_COOKIE])).toHaveLength(1);
      const row = await services.db.selectFrom('sessions').selectAll().where('id', '=', minted.sessionId).executeTakeFirstOrThrow();
      expect(row.state).toBe('active');
      expect(row.code_hash).toBeNull();
      const redeems = await services.db
        .selectFrom('audit_log')
        .select('action')
        .where('session_id', '=', minted.sessionId)
        .where('action', 'in', ['session.redeem', 'session.redeem_failed'])
        .execute();
      expect(redeems.filter((r) => r.action === 'session.redeem')).toHaveLength(1);
      expect(redeems.filter((r) => r.action === 'session.redeem_failed')).toHaveLength(19);
    });

    it('audits a failed redeem without the code', async () => {
      await kiosk('192.0.2.77').caller.kiosk.redeem({ code: 'WXYZ-6789' }).catch(() => {});
      const failed = await services.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'session.redeem_failed')
        .where('ip', '=', '192.0.2.77')
        .executeTakeFirstOrThrow();
      expect(JSON.parse(failed.detail)).toEqual({ reason: 'CODE_UNKNOWN' });
      expect(JSON.stringify(failed)).not.toMatch(/WXYZ|6789/);
    });
  });

  describe(`kiosk.redeem throttle under a burst (${dialect})`, () => {
    let services: TestServices;
    beforeAll(async () => {
      services = await createTestServices(dialect, { REDEEM_FAILURES_PER_IP: '5', REDEEM_FAILURES_GLOBAL_PER_MIN: '12' });
    });
    afterAll(() => services.close());

    it('holds the global cap when 40 guesses from 40 addresses arrive at once', async () => {
      const outcomes = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          fakeClient(services, { ip: `198.51.100.${i + 1}` })
            .caller.kiosk.redeem({ code: 'JJJJ-JJJJ' })
            .then(() => 'redeemed', (e: { reason?: string }) => e.reason),
        ),
      );
      // Only 12 guesses ever reach the database; the rest are refused before the code is looked at.
      expect(outcomes.filter((o) => o === 'CODE_UNKNOWN')).toHaveLength(12);
      expect(outcomes.filter((o) => o === 'RATE_LIMITED')).toHaveLength(28);
      const looked = await services.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('action', '=', 'session.redeem_failed')
        .executeTakeFirstOrThrow();
      expect(Number(looked.n)).toBe(12);
    });

    it('never counts a right code: the whole budget is left after one redeems', async () => {
      services.advance(61_000);
      const admin = await signedInAdmin(services);
      const learnerId = (await addLearner(services)).id;
      const { sessions } = await admin.caller.sessions.startBulk({ learnerIds: [learnerId] });
      await fakeClient(services, { ip: '198.51.100.200' }).caller.kiosk.redeem({ code: sessions[0]!.redemptionCode });
      const guesses = [];
      for (let i = 0; i < 13; i++) {
        guesses.push(
          await fakeClient(services, { ip: `192.0.2.${i + 1}` })
            .caller.kiosk.redeem({ code: 'KKKK-KKKK' })
            .catch((e: { reason?: string }) => e.reason),
        );
      }
      expect(guesses).toEqual([...Array<string>(12).fill('CODE_UNKNOWN'), 'RATE_LIMITED']);
    });
  });

  describe(`kiosk.redeem throttle (${dialect})`, () => {
    let services: TestServices;
    let admin: Admin;
    beforeAll(async () => {
      services = await createTestServices(dialect, { REDEEM_FAILURES_PER_IP: '5', REDEEM_FAILURES_GLOBAL_PER_MIN: '12' });
      admin = await signedInAdmin(services);
    });
    afterAll(() => services.close());

    it('trips on wrong codes from one IP while a right code from another IP still redeems', async () => {
      const attacker = fakeClient(services, { ip: '203.0.113.66' });
      const guesses = ['AAAA-AAAA', 'BBBB-BBBB', 'CCCC-CCCC', 'DDDD-DDDD', 'EEEE-EEEE'];
      for (const code of guesses) await expect(attacker.caller.kiosk.redeem({ code })).rejects.toMatchObject({ reason: 'CODE_UNKNOWN' });

      const minted = await admin.caller.sessions.start({ learnerId: (await addLearner(services)).id });
      // Throttled before the code is looked at: even the right code is refused from this address.
      const refused = await attacker.caller.kiosk.redeem({ code: minted.redemptionCode }).catch((e: unknown) => e);
      expect(refused).toMatchObject({
        code: 'TOO_MANY_REQUESTS',
        reason: 'RATE_LIMITED',
        message: expect.stringMatching(/^Too many wrong codes were tried from this tablet\. Try again in \d+ minutes\.$/),
      });
      expect(Number(attacker.headers['retry-after'])).toBeGreaterThan(60);
      const pending = await services.db.selectFrom('sessions').select('state').where('id', '=', minted.sessionId).executeTakeFirstOrThrow();
      expect(pending.state).toBe('pending');

      const classroom = fakeClient(services, { ip: '203.0.113.20' });
      await expect(classroom.caller.kiosk.redeem({ code: minted.redemptionCode })).resolves.toBeTruthy();
      expect(classroom.cookies[KIOSK_COOKIE]).toBeDefined();
    });

    it('caps failures across all addresses, with Retry-After over HTTP', async () => {
      // 5 failures so far (previous test); 7 more from 7 addresses reach the global cap of 12.
      for (let i = 0; i < 7; i++) {
        await expect(fakeClient(services, { ip: `192.0.2.${i + 1}` }).caller.kiosk.redeem({ code: 'FFFF-FFFF' })).rejects.toMatchObject({
          reason: 'CODE_UNKNOWN',
        });
      }
      const server = await startTestServer(services);
      try {
        const res = await trpcHttp(server.url, 'mutation', 'kiosk.redeem', { code: 'GGGG-GGGG' });
        expect(res.status).toBe(429);
        expect(res.body.error?.data.reason).toBe('RATE_LIMITED');
        expect(res.body.error?.message).toMatch(/^Too many wrong codes are being tried right now\. Try again in \d+ seconds\.$/);
        const retryAfter = Number(res.headers.get('retry-after'));
        expect(retryAfter).toBeGreaterThan(0);
        expect(retryAfter).toBeLessThanOrEqual(60);
        expect((res.body.error?.data as { retryAfterSec?: number }).retryAfterSec).toBe(retryAfter);
      } finally {
        await server.close();
      }
      services.advance(61_000);
      await expect(fakeClient(services, { ip: '192.0.2.50' }).caller.kiosk.redeem({ code: 'HHHH-HHHH' })).rejects.toMatchObject({
        reason: 'CODE_UNKNOWN',
      });
    });
  });

  describe(`kiosk.redeem throttle by address (${dialect})`, () => {
    let services: TestServices;
    beforeAll(async () => {
      services = await createTestServices(dialect, { REDEEM_FAILURES_PER_IP: '3', REDEEM_FAILURES_GLOBAL_PER_MIN: '100' });
    });
    afterAll(() => services.close());
    const guess = (ip: string) =>
      fakeClient(services, { ip })
        .caller.kiosk.redeem({ code: 'MMMM-MMMM' })
        .catch((e: { reason?: string }) => e.reason);

    it('counts an IPv6 client by its /64, so hopping addresses within it does not reset the count', async () => {
      const hops = [];
      for (let i = 1; i <= 4; i++) hops.push(await guess(`2001:db8:77:1::${i.toString(16)}`));
      expect(hops).toEqual(['CODE_UNKNOWN', 'CODE_UNKNOWN', 'CODE_UNKNOWN', 'RATE_LIMITED']);
      expect(await guess('2001:db8:77:1:ffff:ffff:ffff:ffff')).toBe('RATE_LIMITED');
      expect(await guess('2001:db8:77:2::1')).toBe('CODE_UNKNOWN'); // the next /64 is someone else
    });

    it('counts an IPv4-mapped IPv6 address as the IPv4 address it is', async () => {
      const tries = [await guess('198.51.100.31'), await guess('::ffff:198.51.100.31'), await guess('198.51.100.31')];
      expect(tries).toEqual(['CODE_UNKNOWN', 'CODE_UNKNOWN', 'CODE_UNKNOWN']);
      expect(await guess('::ffff:198.51.100.31')).toBe('RATE_LIMITED');
    });
  });
}

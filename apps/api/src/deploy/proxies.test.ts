import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_COOKIE, KIOSK_COOKIE } from '@perch/shared';
import { freePort, startPerchServer, type PerchProcess } from '../test/e2e';
import { createScratchDatabase, type ScratchDatabase } from '../test/pg-database';
import { PROXIES, request, type ProxiedResponse, type ProxyProcess } from '../test/proxies';
import { startThrowawayRedis, type ThrowawayRedis } from '../test/redis-server';
import { openSse, openSseWithCa, type SseStream } from '../test/sse';
import { tick } from '../sessions/test-fixtures';

const cookieOf = (res: ProxiedResponse, name: string) =>
  [res.headers['set-cookie'] ?? []].flat().find((c) => c.startsWith(`${name}=`))!.split(';')[0]!;

/** Every call comes from one browser: the kiosk cookie is bound to its User-Agent and Accept-Language. */
const TABLET = { 'user-agent': 'Mozilla/5.0 (Linux; Android 14) Chrome/140.0', 'accept-language': 'en-GB' };

/** Longer than nginx's fail_timeout and Caddy's health interval in docs/DEPLOY.md: a restarted instance is back in rotation. */
const BACK_IN_ROTATION_MS = 6_000;

/**
 * The reverse proxy configurations of docs/DEPLOY.md, run as written (ports and certificate
 * aside) in front of two Perch instances sharing one PostgreSQL database and one Redis (a
 * redis-server of the test's own), as a small production would.
 */
for (const [name, proxyKind] of Object.entries(PROXIES)) {
  describe(`${name} from docs/DEPLOY.md in front of two instances`, () => {
    let database: ScratchDatabase;
    let redis: ThrowawayRedis;
    let proxy: ProxyProcess;
    let env: Record<string, string>;
    const ports: [number, number] = [0, 0];
    const instances: PerchProcess[] = [];
    let admin: string;

    const call = (proc: string, init: { input?: unknown; cookie?: string } = {}) =>
      request(`${proxy.url}/trpc/${proc}`, {
        method: init.input === undefined ? 'GET' : 'POST',
        headers: { ...TABLET, ...(init.cookie ? { cookie: init.cookie } : {}) },
        ...(init.input === undefined ? {} : { body: JSON.stringify(init.input) }),
        ca: proxy.ca,
      });
    const openStream = (proc: string, cookie: string): Promise<SseStream> =>
      proxy.ca
        ? openSseWithCa(`${proxy.url}/trpc/${proc}`, proxy.ca, { ...TABLET, cookie })
        : openSse(`${proxy.url}/trpc/${proc}`, { ...TABLET, cookie });
    const startInstance = async (i: 0 | 1) => {
      instances[i] = await startPerchServer(env, { port: ports[i] });
    };

    beforeAll(async () => {
      database = await createScratchDatabase();
      redis = await startThrowawayRedis();
      ports[0] = await freePort();
      ports[1] = await freePort();
      const proxyPort = await freePort();
      env = {
        DATABASE_URL: database.url,
        REDIS_URL: redis.url,
        PERCH_SECRET: crypto.randomBytes(24).toString('hex'),
        PUBLIC_URL: proxyKind.url(proxyPort),
        TRUST_PROXY: 'loopback',
        RATE_LIMIT_SESSION_START_PER_MIN: '100000',
        ...proxyKind.instanceEnv,
      };
      await startInstance(0);
      await startInstance(1);
      proxy = await proxyKind.start(ports, proxyPort);
      admin = cookieOf(await call('auth.login', { input: instances[0]!.admin }), ADMIN_COOKIE);
    });
    afterAll(async () => {
      await proxy?.stop();
      await Promise.all(instances.map((p) => p?.stop()));
      await redis?.stop();
      await database?.drop();
    });

    async function redeemedKiosk() {
      const learner = JSON.parse((await call('learners.create', { input: { name: 'Ada', consent: true }, cookie: admin })).body);
      const minted = JSON.parse((await call('sessions.start', { input: { learnerId: learner.result.data.id }, cookie: admin })).body);
      const redeemed = await call('kiosk.redeem', { input: { code: minted.result.data.redemptionCode } });
      expect(redeemed.status).toBe(200);
      return { sessionId: minted.result.data.sessionId as string, kiosk: cookieOf(redeemed, KIOSK_COOKIE) };
    }

    it('answers readiness, sign-in, minting and redeeming through the proxy', async () => {
      const ready = await request(`${proxy.url}/readyz`, { ca: proxy.ca });
      expect(ready.status).toBe(200);
      expect(JSON.parse(ready.body)).toEqual({ ready: true, database: 'ok', redis: 'ok', shuttingDown: false });
      const { kiosk } = await redeemedKiosk();
      const me = await call('kiosk.me', { cookie: kiosk });
      expect(me.status).toBe(200);
      expect(JSON.parse(me.body).result.data).toMatchObject({ learnerName: 'Ada', state: 'active' });
    });

    it('streams live events through the proxy as they happen', async () => {
      const { sessionId, kiosk } = await redeemedKiosk();
      const stream = await openStream('kiosk.events', kiosk);
      await stream.until((m) => m.event === 'message' && JSON.parse(m.data).state === 'active');
      expect((await call('sessions.end', { input: { sessionId }, cookie: admin })).status).toBe(200);
      // The stream stays open, so this event arrives only if the proxy passes it on at once.
      await stream.until((m) => m.event === 'message' && JSON.parse(m.data).state === 'ending');
      stream.close();
    });

    it('answers every request while the instances restart one at a time', async () => {
      const { kiosk } = await redeemedKiosk();
      const learner = JSON.parse((await call('learners.create', { input: { name: 'Lin', consent: true }, cookie: admin })).body).result.data.id;
      const burst = () =>
        Promise.all(
          Array.from({ length: 40 }, (_, i) =>
            (i % 2
              ? call('sessions.start', { input: { learnerId: learner }, cookie: admin })
              : call(i % 4 ? 'kiosk.me' : 'sessions.list', { cookie: i % 4 ? kiosk : admin })
            ).then(
              (r) => r.status,
              (err: Error) => err.message,
            ),
          ),
        );
      for (const i of [0, 1] as const) {
        const during = burst();
        await tick(20);
        instances[i]!.kill('SIGTERM');
        const after = await Promise.all([during, instances[i]!.exited.then(() => burst())]);
        expect(after.flat().filter((s) => s !== 200), proxy.output().slice(-12000)).toEqual([]);
        await startInstance(i);
        await tick(BACK_IN_ROTATION_MS);
        // The proxy re-admits an instance it had marked failed on the next request it sends there;
        // steady traffic does that in production, a few requests in a row do it here.
        for (let n = 0; n < 4; n++) expect((await call('sessions.list', { cookie: admin })).status).toBe(200);
      }
    }, 90_000);
  });
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_COOKIE, KIOSK_COOKIE } from '@perch/shared';
import { startDeployment, type Deployment } from '../test/deployment';
import { PROXIES, request, type ProxiedResponse, type ProxyProcess } from '../test/proxies';
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
 * aside) in front of two Perch instances sharing one PostgreSQL database and one Redis, as a
 * small production would (test/deployment.ts).
 */
for (const name of Object.keys(PROXIES) as (keyof typeof PROXIES)[]) {
  describe(`${name} from docs/DEPLOY.md in front of two instances`, () => {
    let deployment: Deployment;
    let proxy: ProxyProcess;
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

    beforeAll(async () => {
      deployment = await startDeployment(name, { RATE_LIMIT_SESSION_START_PER_MIN: '100000' });
      proxy = deployment.proxy;
      admin = cookieOf(await call('auth.login', { input: deployment.instances[0]!.admin }), ADMIN_COOKIE);
    });
    afterAll(() => deployment?.close());

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
              ? call('sessions.start', { input: { learnerId: learner, onExisting: 'keep' }, cookie: admin })
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
        const after = await Promise.all([during, deployment.stop(i).then(() => burst())]);
        expect(after.flat().filter((s) => s !== 200), proxy.output().slice(-4000)).toEqual([]);
        await deployment.start(i);
        await tick(BACK_IN_ROTATION_MS);
        // The proxy re-admits an instance it had marked failed on the next request it sends there;
        // steady traffic does that in production, a few requests in a row do it here.
        for (let n = 0; n < 4; n++) expect((await call('sessions.list', { cookie: admin })).status).toBe(200);
      }
    }, 90_000);
  });
}

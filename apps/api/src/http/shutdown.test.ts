import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { retryableRpcCodes } from '@trpc/server/unstable-core-do-not-import';
import { ADMIN_COOKIE, KIOSK_COOKIE } from '@perch/shared';
import {
  DIALECTS,
  TEST_ADMIN,
  createTestServices,
  startTestServer,
  trpcHttp,
  type TestServices,
} from '../test/harness';
import { startPerchServer, type PerchProcess } from '../test/e2e';
import { openSse, type SseMessage } from '../test/sse';
import { createAdmin } from '../auth/admins';
import { addLearner } from '../sessions/test-fixtures';

const cookieOf = (setCookies: string[], name: string) => setCookies.find((c) => c.startsWith(`${name}=`))!.split(';')[0]!;

/** The stream's last message: what the client's httpSubscriptionLink makes of it decides whether it reconnects. */
function expectRetryableEnd(last: SseMessage | null) {
  expect(last?.event).toBe('serialized-error');
  const shape = JSON.parse(last!.data) as { code: number; message: string; data: { code: string; reason: string } };
  expect(shape.data).toMatchObject({ code: 'SERVICE_UNAVAILABLE', reason: 'UNAVAILABLE' });
  expect(shape.message).toBe('This Perch server is restarting. Please try again in a few seconds.');
  // @trpc/client reconnects on these codes (its EventSource reopens, through the load balancer)
  // and reports "connecting", never an error, to the kiosk and admin apps.
  expect(retryableRpcCodes).toContain(shape.code);
}

/** Reads a stream to its end; returns its last message. */
async function lastMessage(stream: Awaited<ReturnType<typeof openSse>>) {
  let last: SseMessage | null = null;
  for (let m = await stream.next(); m; m = await stream.next()) last = m;
  return last;
}

for (const dialect of DIALECTS) {
  describe(`when shutdown begins (${dialect})`, () => {
    let services: TestServices;
    let server: Awaited<ReturnType<typeof startTestServer>>;
    beforeAll(async () => {
      services = await createTestServices(dialect);
      await createAdmin(services, TEST_ADMIN);
      server = await startTestServer(services);
    });
    afterAll(async () => {
      await server?.close();
      await services?.close();
    });

    it('turns /readyz 503 and ends the kiosk and admin streams with a 503 the client retries', async () => {
      const admin = cookieOf((await trpcHttp(server.url, 'mutation', 'auth.login', TEST_ADMIN)).setCookies, ADMIN_COOKIE);
      const learner = await addLearner(services);
      const minted = await trpcHttp<{ redemptionCode: string }>(server.url, 'mutation', 'sessions.start', { learnerId: learner.id }, { cookie: admin });
      const redeemed = await trpcHttp(server.url, 'mutation', 'kiosk.redeem', { code: minted.body.result!.data.redemptionCode });
      const kiosk = cookieOf(redeemed.setCookies, KIOSK_COOKIE);

      const kioskStream = await openSse(`${server.url}/trpc/kiosk.events`, { cookie: kiosk });
      const adminStream = await openSse(`${server.url}/trpc/sessions.events`, { cookie: admin });
      await kioskStream.until((m) => m.event === 'message' && JSON.parse(m.data).state === 'active');
      await adminStream.until((m) => m.event === 'connected');
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);

      services.shutdown.begin();

      const ready = await fetch(`${server.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ ready: false, database: 'ok', shuttingDown: true });
      expectRetryableEnd(await lastMessage(kioskStream));
      expectRetryableEnd(await lastMessage(adminStream));
    });
  });
}

/**
 * SIGTERM to a real server process while 200 requests are in flight: reads, sign-ins, mints and
 * redeems, plus a kiosk's event stream. Every request gets an answer (200, or a clean 503 with
 * Connection: close), none a reset, and the process exits 0 after closing its pools.
 */
describe('SIGTERM with 200 requests in flight (server as a child process)', () => {
  // The kiosk cookie is bound to the browser that redeemed it (User-Agent and Accept-Language).
  const TABLET = { 'user-agent': 'Mozilla/5.0 (Linux; Android 14) Chrome/140.0', 'accept-language': 'en-GB' };
  let perch: PerchProcess;
  let adminCookie: string;
  const codes: string[] = [];
  const kioskCookies: string[] = [];
  const learnerIds: string[] = [];

  beforeAll(async () => {
    perch = await startPerchServer({ RATE_LIMIT_SESSION_START_PER_MIN: '100000', RATE_LIMIT_CLASS_START_PER_MIN: '100', SHUTDOWN_GRACE_MS: '60000' });
    adminCookie = cookieOf((await trpcHttp(perch.url, 'mutation', 'auth.login', perch.admin)).setCookies, ADMIN_COOKIE);
    for (let i = 0; i < 10; i++) {
      const res = await trpcHttp<{ id: string }>(perch.url, 'mutation', 'learners.create', { name: `Learner ${i}`, consent: true }, { cookie: adminCookie });
      learnerIds.push(res.body.result!.data.id);
    }
    for (let round = 0; round < 6; round++) {
      const res = await trpcHttp<{ sessions: { redemptionCode: string }[] }>(
        perch.url,
        'mutation',
        'sessions.startBulk',
        // Six rounds for the same learners: "keep" their earlier sessions.
        { learnerIds, onExisting: 'keep' },
        { cookie: adminCookie },
      );
      codes.push(...res.body.result!.data.sessions.map((s) => s.redemptionCode));
    }
    for (const code of codes.splice(0, 20)) {
      kioskCookies.push(cookieOf((await trpcHttp(perch.url, 'mutation', 'kiosk.redeem', { code }, TABLET)).setCookies, KIOSK_COOKIE));
    }
  });
  afterAll(() => perch?.stop());

  it('answers every one of them and exits 0', async () => {
    const stream = await openSse(`${perch.url}/trpc/kiosk.events`, { ...TABLET, cookie: kioskCookies[0]! });
    await stream.until((m) => m.event === 'message');

    const requests: { method: 'GET' | 'POST'; proc: string; body?: unknown; cookie?: string }[] = [];
    for (let i = 0; i < 200; i++) {
      const kind = i % 5;
      if (kind === 0) requests.push({ method: 'POST', proc: 'auth.login', body: perch.admin });
      else if (kind === 1 && codes.length) requests.push({ method: 'POST', proc: 'kiosk.redeem', body: { code: codes.pop() } });
      else if (kind === 2) requests.push({ method: 'POST', proc: 'sessions.start', body: { learnerId: learnerIds[i % learnerIds.length], onExisting: 'keep' }, cookie: adminCookie });
      else if (kind === 3) requests.push({ method: 'GET', proc: 'sessions.list', cookie: adminCookie });
      else requests.push({ method: 'GET', proc: 'kiosk.me', cookie: kioskCookies[i % kioskCookies.length] });
    }
    // In flight: each request fully written on a connection of its own before the signal.
    let written = 0;
    let allWritten!: () => void;
    const sent = new Promise<void>((resolve) => (allWritten = resolve));
    const outcomes = requests.map(
      (r) =>
        new Promise<{ status: number; connection: string | null; body: string }>((resolve) => {
          const data = r.body === undefined ? undefined : JSON.stringify(r.body);
          const req = http.request(
            `${perch.url}/trpc/${r.proc}`,
            {
              method: r.method,
              agent: false,
              headers: { ...TABLET, ...(data ? { 'content-type': 'application/json' } : {}), ...(r.cookie ? { cookie: r.cookie } : {}) },
            },
            (res) => {
              let body = '';
              res.setEncoding('utf8');
              res.on('data', (d: string) => (body += d));
              res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection ?? null, body }));
              res.on('error', (err) => resolve({ status: 0, connection: null, body: `${r.proc}: ${err.message}` }));
            },
          );
          req.on('error', (err) => resolve({ status: 0, connection: null, body: `${r.proc}: ${err.message}` }));
          req.on('finish', () => {
            if (++written === requests.length) allWritten();
          });
          req.end(data);
        }),
    );
    await sent;
    perch.kill('SIGTERM');

    const results = await Promise.all(outcomes);
    const failures = results.filter((r) => r.status !== 200 && r.status !== 503);
    expect(failures, JSON.stringify(failures.slice(0, 3))).toEqual([]);
    for (const r of results.filter((x) => x.status === 503)) expect(JSON.parse(r.body).error.data.reason).toBe('UNAVAILABLE');
    expect(results.filter((r) => r.status === 200).length).toBeGreaterThan(0);

    expectRetryableEnd(await lastMessage(stream));
    expect(await perch.exited).toBe(0);
    expect(perch.output()).toContain('[perch] SIGTERM: finishing requests in flight');
    expect(perch.output()).toContain('[perch] stopped');
  });
});

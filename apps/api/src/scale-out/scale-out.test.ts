import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_COOKIE, KIOSK_COOKIE, type MintedSession, type SessionSummary } from '@perch/shared';
import {
  TEST_ADMIN,
  TEST_REDIS_URL,
  createTestServices,
  fakeClient,
  startTestServer,
  trpcHttp,
  type TestServices,
} from '../test/harness';
import { createAdmin } from '../auth/admins';

type Server = Awaited<ReturnType<typeof startTestServer>>;

/** `name=value` for a Cookie header, from a response's Set-Cookie lines. */
function cookieFrom(setCookies: string[], name: string): string {
  const line = setCookies.find((c) => c.startsWith(`${name}=`));
  if (!line) throw new Error(`no ${name} cookie in ${JSON.stringify(setCookies)}`);
  return line.split(';')[0]!;
}

/**
 * Opens a tRPC subscription over SSE (as the admin app's httpSubscriptionLink does); `until`
 * reads messages until one matches, and resolves with it.
 */
async function openSse(url: string, cookie: string, signal: AbortSignal) {
  const res = await fetch(url, { headers: { cookie, accept: 'text/event-stream' }, signal });
  if (res.status !== 200 || !res.body) throw new Error(`subscription answered ${res.status}`);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const messages: unknown[] = [];
  async function readMore() {
    const { value, done } = await reader.read();
    if (done) throw new Error('the subscription ended');
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) !== -1) {
      const data = buffer
        .slice(0, end)
        .split('\n')
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).trim())
        .join('\n');
      buffer = buffer.slice(end + 2);
      try {
        if (data) messages.push(JSON.parse(data));
      } catch {
        /* not JSON: a control message */
      }
    }
  }
  return {
    async until<T>(match: (data: T) => boolean, timeoutMs = 5_000): Promise<T> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const i = messages.findIndex((m) => match(m as T));
        if (i !== -1) return messages.splice(0, i + 1).pop() as T;
        if (Date.now() > deadline) throw new Error('no matching event in time');
        await Promise.race([readMore(), new Promise((r) => setTimeout(r, 100))]);
      }
    },
  };
}

/** Two instances of one deployment on their own ports; `env` applies to both. */
async function startPair(env: Record<string, string>) {
  const a = await createTestServices('postgres', env);
  const b = await createTestServices('postgres', env, { shareWith: a });
  const serverA = await startTestServer(a);
  const serverB = await startTestServer(b);
  return {
    a,
    b,
    serverA,
    serverB,
    close: async () => {
      await Promise.all([serverA.close(), serverB.close()]);
      await b.close();
      await a.close(); // the first instance owns the schema and drops it last
    },
  };
}

/**
 * Two API instances of one deployment, as behind a load balancer: one PostgreSQL schema, one
 * Redis, two processes' worth of services (own pools, own Redis connections, own limiter and
 * event bus), each on its own port. Anything kept in an instance's memory would fail here.
 */
describe('scale-out: two API instances share one PostgreSQL and one Redis', () => {
  const env = { REDIS_URL: TEST_REDIS_URL, REDEEM_FAILURES_PER_IP: '4' };
  let pair: Awaited<ReturnType<typeof startPair>>;
  let a: TestServices;
  let b: TestServices;
  let serverA: Server;
  let serverB: Server;

  beforeAll(async () => {
    pair = await startPair(env);
    ({ a, b, serverA, serverB } = pair);
    await createAdmin(a, TEST_ADMIN);
  });
  afterAll(() => pair?.close());

  const signIn = async (server: Server) => {
    const res = await trpcHttp(server.url, 'mutation', 'auth.login', TEST_ADMIN);
    expect(res.status).toBe(200);
    return cookieFrom(res.setCookies, ADMIN_COOKIE);
  };
  const newLearner = async (server: Server, cookie: string, name: string) => {
    const res = await trpcHttp<{ id: string }>(server.url, 'mutation', 'learners.create', { name, consent: true }, { cookie });
    expect(res.status).toBe(200);
    return res.body.result!.data.id;
  };

  it('runs two separate instances on two ports', () => {
    expect(serverA.url).not.toBe(serverB.url);
    expect(a.limiter).not.toBe(b.limiter);
    expect(a.events).not.toBe(b.events);
    expect(a.db).not.toBe(b.db);
  });

  it('an admin signed in on A is signed in on B; signing out on B signs out on A', async () => {
    const cookie = await signIn(serverA);
    const me = await trpcHttp<{ email: string }>(serverB.url, 'query', 'auth.me', undefined, { cookie });
    expect(me.status).toBe(200);
    expect(me.body.result?.data.email).toBe(TEST_ADMIN.email);

    const learnerId = await newLearner(serverB, cookie, 'Ada on B');
    const list = await trpcHttp<{ id: string }[]>(serverA.url, 'query', 'learners.list', { search: 'ada on b' }, { cookie });
    expect(list.body.result?.data.map((l) => l.id)).toEqual([learnerId]);

    expect((await trpcHttp(serverB.url, 'mutation', 'auth.logout', undefined, { cookie })).status).toBe(200);
    expect((await trpcHttp(serverA.url, 'query', 'auth.me', undefined, { cookie })).status).toBe(401);
  });

  it('counts session starts per admin across instances: 10 split over A and B, the 11th refused on either', async () => {
    const cookie = await signIn(serverA);
    const learnerId = await newLearner(serverA, cookie, 'Busy Learner');
    // "keep": many sessions for one learner, so only the cap refuses.
    const start = (server: Server) => trpcHttp<MintedSession>(server.url, 'mutation', 'sessions.start', { learnerId, onExisting: 'keep' }, { cookie });
    const cap = a.config.RATE_LIMIT_SESSION_START_PER_MIN;
    expect(cap).toBe(10);
    for (let i = 0; i < cap; i++) {
      const res = await start(i % 2 ? serverB : serverA);
      expect(res.status, `start #${i + 1}`).toBe(200);
    }
    for (const server of [serverA, serverB]) {
      const refused = await start(server);
      expect(refused.status).toBe(429);
      expect(refused.body.error?.data.reason).toBe('RATE_LIMITED');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    const minted = await a.db.selectFrom('sessions').select('id').where('learner_id', '=', learnerId).execute();
    expect(minted).toHaveLength(cap);
  });

  it('a code minted on A redeems on B, the kiosk cookie works on A, and A’s admin feed hears it live', async () => {
    await createAdmin(a, { email: 'second@example.org', password: 'another good password' });
    const loginRes = await trpcHttp(serverB.url, 'mutation', 'auth.login', { email: 'second@example.org', password: 'another good password' });
    const cookie = cookieFrom(loginRes.setCookies, ADMIN_COOKIE);
    const learnerId = await newLearner(serverA, cookie, 'Grace Across');
    const minted = (await trpcHttp<MintedSession>(serverA.url, 'mutation', 'sessions.start', { learnerId }, { cookie })).body.result!.data;

    // The admin watches the live table through instance A.
    const stop = new AbortController();
    try {
      const feedOnA = await openSse(`${serverA.url}/trpc/sessions.events`, cookie, stop.signal);
      // Nudge A's feed with the session's current state until it shows up: from then on it is listening.
      for (let attempt = 1; ; attempt++) {
        await a.events.publish({ sessionId: minted.sessionId, state: 'pending', batchId: null, at: a.now() });
        const seen = await feedOnA.until<SessionSummary>((s) => s.id === minted.sessionId, 250).catch(() => null);
        if (seen) break;
        if (attempt === 20) throw new Error('A’s admin feed never started listening');
      }

      const redeemed = await trpcHttp(serverB.url, 'mutation', 'kiosk.redeem', { code: minted.redemptionCode });
      expect(redeemed.status).toBe(200);
      const kioskCookie = cookieFrom(redeemed.setCookies, KIOSK_COOKIE);

      const onA = await trpcHttp<{ sessionId: string; state: string }>(serverA.url, 'query', 'kiosk.me', undefined, {
        cookie: kioskCookie,
      });
      expect(onA.status).toBe(200);
      expect(onA.body.result?.data).toMatchObject({ sessionId: minted.sessionId, state: 'active' });

      const event = await feedOnA.until<SessionSummary>((s) => s.id === minted.sessionId && s.state === 'active');
      expect(event).toMatchObject({ id: minted.sessionId, state: 'active', learnerName: 'Grace Across' });

      // And the same code is spent for both instances.
      const again = await trpcHttp(serverA.url, 'mutation', 'kiosk.redeem', { code: minted.redemptionCode });
      expect(again.body.error?.data.reason).toBe('CODE_USED');
    } finally {
      stop.abort();
    }
  });

  it('throttles wrong codes per IP across instances: failures on A and B add up', async () => {
    const ip = '198.51.100.77';
    const onA = fakeClient(a, { ip });
    const onB = fakeClient(b, { ip });
    const cap = a.config.REDEEM_FAILURES_PER_IP;
    for (let i = 0; i < cap; i++) {
      await expect((i % 2 ? onB : onA).caller.kiosk.redeem({ code: 'ZZZZ-ZZZZ' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }
    for (const client of [onA, onB]) {
      await expect(client.caller.kiosk.redeem({ code: 'ZZZZ-ZZZZ' })).rejects.toMatchObject({
        code: 'TOO_MANY_REQUESTS',
        reason: 'RATE_LIMITED',
      });
    }
  });

  it('shares the sign-in throttle: failures on A and B lock the account on both', async () => {
    const email = 'target@example.org';
    for (let i = 0; i < 5; i++) {
      const res = await trpcHttp(i % 2 ? serverB.url : serverA.url, 'mutation', 'auth.login', { email, password: `guess-${i}-guess` });
      expect(res.status).toBe(401);
    }
    for (const server of [serverA, serverB]) {
      const res = await trpcHttp(server.url, 'mutation', 'auth.login', { email, password: 'one more guess' });
      expect(res.status).toBe(429);
    }
  });
});

describe('scale-out: the global ceiling on wrong codes holds across instances', () => {
  it('counts every wrong code on A and B together, whatever the IPs', async () => {
    const pair = await startPair({ REDIS_URL: TEST_REDIS_URL, REDEEM_FAILURES_GLOBAL_PER_MIN: '7', REDEEM_FAILURES_PER_IP: '100' });
    try {
      const outcomes: string[] = [];
      for (let i = 0; i < 10; i++) {
        const client = fakeClient(i % 2 ? pair.b : pair.a, { ip: `203.0.113.${100 + i}` });
        outcomes.push(await client.caller.kiosk.redeem({ code: 'YYYY-YYYY' }).then(() => 'OK', (e: { code: string }) => e.code));
      }
      expect(outcomes).toEqual([...Array(7).fill('NOT_FOUND'), ...Array(3).fill('TOO_MANY_REQUESTS')]);
    } finally {
      await pair.close();
    }
  });
});

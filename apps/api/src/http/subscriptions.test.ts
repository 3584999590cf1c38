import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type RequestHandler } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError, initTRPC, tracked, type AnyTRPCRouter } from '@trpc/server';
import { createExpressMiddleware } from '@trpc/server/adapters/express';
import { observable } from '@trpc/server/observable';
import { KIOSK_COOKIE } from '@perch/shared';
import { appRouter } from '../router';
import { DIALECTS, createTestServices, signedInAdmin, trpcHttp, type TestServices } from '../test/harness';
import { addLearner, tick } from '../sessions/test-fixtures';
import { requestContext } from './request-context';
import { serveSubscriptions } from './subscriptions';

/*
 * serveSubscriptions writes tRPC's SSE wire format itself. These tests hold it to the bytes
 * tRPC's own Express adapter writes for the same procedure, side by side on two servers, and
 * check that a closed stream leaves nothing behind.
 */

const TABLET = { 'user-agent': 'Mozilla/5.0 (vitest tablet)', 'accept-language': 'en-GB' };
const SSE_HEADERS = ['content-type', 'cache-control', 'vary', 'x-accel-buffering', 'connection'];

/** Two servers over one router: tRPC's adapter alone, and serveSubscriptions in front of it. */
async function sideBySide<TContext>(router: AnyTRPCRouter, createContext: (req: express.Request, res: express.Response) => TContext) {
  const lean = serveSubscriptions(router, createContext);
  const adapter = createExpressMiddleware({ router, createContext: ({ req, res }) => createContext(req, res) });
  const trpcOnly = await listen(adapter);
  const ours = await listen(lean, adapter);
  return {
    trpcOnly,
    ours,
    openStreams: () => lean.openStreams(),
    close: async () => {
      await trpcOnly.close();
      await ours.close();
    },
  };
}

async function listen(...handlers: RequestHandler[]) {
  const app = express();
  app.use('/trpc', ...handlers);
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A whole event stream, read until the server ends it. */
async function readStream(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers } });
  return { status: res.status, headers: pick(res.headers), setCookies: res.headers.getSetCookie(), body: await res.text() };
}

const pick = (headers: Headers) => Object.fromEntries(SSE_HEADERS.map((name) => [name, headers.get(name)]));

/** Reads a stream until `needle` has arrived, then hands it to `then` and reads on to the end. */
async function readAround(url: string, needle: string, then: () => unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers } });
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let body = '';
  let released = false;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return body;
    body += value;
    if (!released && body.includes(needle)) {
      released = true;
      await then();
    }
  }
}

describe('serveSubscriptions writes what tRPC’s adapter writes', () => {
  // isDev off: an error's shape would otherwise carry a stack trace, which names its callers.
  const t = initTRPC.context<{ allowed: boolean }>().create({
    isDev: false,
    sse: { ping: { enabled: true, intervalMs: 50 }, client: { reconnectAfterInactivityMs: 5_000 } },
  });
  let release: () => void = () => {};
  const router = t.router({
    values: t.procedure.subscription(async function* () {
      yield { text: 'Zoë ✓ "quoted"\nnext line', n: 1 };
      yield [1, null, true];
    }),
    tracked: t.procedure.subscription(async function* () {
      yield tracked('first', { n: 1 });
      yield tracked('second', { n: 2 });
      yield 'untracked after an id';
    }),
    failsMidway: t.procedure.subscription(async function* () {
      yield 1;
      throw new TRPCError({ code: 'FORBIDDEN', message: 'No more for you.' });
    }),
    crashes: t.procedure.subscription(async function* () {
      yield 1;
      throw new Error('a bug');
    }),
    refused: t.procedure
      .use(({ ctx, next }) => {
        if (!ctx.allowed) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in first.' });
        return next();
      })
      .subscription(async function* () {
        yield 'never';
      }),
    idles: t.procedure.subscription(async function* () {
      yield 'before';
      await new Promise<void>((resolve) => (release = resolve));
      yield 'after';
    }),
    anObservable: t.procedure.subscription(() =>
      observable<number>((emit) => {
        emit.next(1);
        emit.next(2);
        emit.complete();
        return () => {};
      }),
    ),
    notAStream: t.procedure.subscription(() => 'a string' as unknown as AsyncIterable<string>),
    aQuery: t.procedure.query(() => 'not a stream'),
  });
  let servers: Awaited<ReturnType<typeof sideBySide>>;
  beforeAll(async () => {
    servers = await sideBySide(router, () => ({ allowed: false }));
  });
  afterAll(() => servers?.close());

  const cases: [string, string, Record<string, string>][] = [
    ['plain values, then return', 'values', {}],
    ['tracked values (ids), and an untracked one after them', 'tracked', {}],
    ['after a Last-Event-ID: blank ids and restore-id', 'values', { 'last-event-id': 'seen-7' }],
    ['the Last-Event-ID as a query parameter', 'values?lastEventId=seen-8', {}],
    ['a Last-Event-ID that cannot be sent back', 'values?lastEventId=bad%0Aid', {}],
    ['a TRPCError after a value', 'failsMidway', {}],
    ['a plain Error after a value', 'crashes', {}],
    ['a refusal by middleware, before any value', 'refused', {}],
    ['an observable instead of a generator', 'anObservable', {}],
    ['neither an observable nor a generator', 'notAStream', {}],
  ];
  for (const [what, path, headers] of cases) {
    it(what, async () => {
      const theirs = await readStream(`${servers.trpcOnly.url}/trpc/${path}`, headers);
      const ours = await readStream(`${servers.ours.url}/trpc/${path}`, headers);
      expect(theirs.body).toMatch(/^event: connected\n/);
      expect(ours).toEqual(theirs);
    });
  }

  it('pings a stream with nothing to say, in tRPC’s words', async () => {
    const PING = 'event: ping\ndata: \n\n\n';
    const theirs = await readAround(`${servers.trpcOnly.url}/trpc/idles`, PING, () => release());
    const ours = await readAround(`${servers.ours.url}/trpc/idles`, PING, () => release());
    expect(ours).toContain(PING);
    // How many pings fit in the wait is the clock's business; everything else is the same.
    expect(ours.replaceAll(PING, '')).toBe(theirs.replaceAll(PING, ''));
  });

  it('leaves what it does not serve to tRPC: queries, batches, inputs, other methods', async () => {
    for (const path of ['aQuery', 'values?batch=1&input={}', 'values?input=null', 'nowhere']) {
      const theirs = await fetch(`${servers.trpcOnly.url}/trpc/${path}`);
      const ours = await fetch(`${servers.ours.url}/trpc/${path}`);
      expect([ours.status, await ours.text()]).toEqual([theirs.status, await theirs.text()]);
    }
    for (const method of ['POST', 'PUT']) {
      const theirs = await fetch(`${servers.trpcOnly.url}/trpc/values`, { method, headers: { 'content-type': 'application/json' } });
      const ours = await fetch(`${servers.ours.url}/trpc/values`, { method, headers: { 'content-type': 'application/json' } });
      expect([ours.status, await ours.text()]).toEqual([theirs.status, await theirs.text()]);
    }
  });

  it('keeps no stream once they have all ended', () => {
    expect(servers.openStreams()).toBe(0);
  });
});

for (const dialect of DIALECTS) {
  describe(`kiosk.events through serveSubscriptions (${dialect})`, () => {
    let services: TestServices;
    let servers: Awaited<ReturnType<typeof sideBySide>>;
    let admin: Awaited<ReturnType<typeof signedInAdmin>>;
    beforeAll(async () => {
      services = await createTestServices(dialect, { RATE_LIMIT_SESSION_START_PER_MIN: '1000' });
      admin = await signedInAdmin(services);
      servers = await sideBySide(appRouter, requestContext(services));
    });
    afterAll(async () => {
      await servers?.close();
      await services?.close();
    });

    async function kioskCookie() {
      const minted = await admin.caller.sessions.start({ learnerId: (await addLearner(services)).id });
      const redeemed = await trpcHttp(servers.trpcOnly.url, 'mutation', 'kiosk.redeem', { code: minted.redemptionCode }, TABLET);
      const cookie = redeemed.setCookies.find((c) => c.startsWith(`${KIOSK_COOKIE}=`))!.split(';')[0]!;
      return { sessionId: minted.sessionId, cookie };
    }

    /** Everything that holds an open stream: zero once all have closed. */
    const held = () => ({ ...services.events.listenerStats(), shutdown: services.shutdown.streamCount, streams: servers.openStreams() });
    const NOTHING_HELD = { unkeyed: 0, keys: 0, keyed: 0, shutdown: 0, streams: 0 };
    async function eventuallyNothingHeld() {
      const deadline = Date.now() + 30_000;
      while (JSON.stringify(held()) !== JSON.stringify(NOTHING_HELD) && Date.now() < deadline) await tick(20);
      expect(held()).toEqual(NOTHING_HELD);
    }

    it('answers a tablet without a session, or with a stale cookie, as tRPC does (and clears the cookie)', async () => {
      for (const cookie of [undefined, `${KIOSK_COOKIE}=not-a-token`]) {
        const headers = { ...TABLET, ...(cookie ? { cookie } : {}) };
        const theirs = await readStream(`${servers.trpcOnly.url}/trpc/kiosk.events`, headers);
        const ours = await readStream(`${servers.ours.url}/trpc/kiosk.events`, headers);
        expect(ours.body).toContain('event: serialized-error');
        expect(ours).toEqual(theirs);
      }
    });

    it('streams a session to its end as tRPC does, byte for byte but the clock', async () => {
      const { sessionId, cookie } = await kioskCookie();
      const headers = { ...TABLET, cookie };
      const shown: Promise<void>[] = [];
      const streams = [servers.trpcOnly.url, servers.ours.url].map((url) => {
        let active!: () => void;
        shown.push(new Promise<void>((resolve) => (active = resolve)));
        return readAround(`${url}/trpc/kiosk.events`, '"state":"active"', () => active(), headers);
      });
      // Ended once both streams have shown the session running, so both tell the same story.
      await Promise.all(shown);
      await admin.caller.sessions.forceEnd({ sessionId, reason: 'Tablet needed elsewhere' });
      const [theirs, ours] = (await Promise.all(streams)).map((body) => body.replace(/"serverTime":"[^"]+"/g, '"serverTime":"…"'));
      expect(ours).toMatch(/"state":"revoked".*\n\n\nevent: return\ndata: \n\n\n$/s);
      expect(ours).toBe(theirs);
      await eventuallyNothingHeld();
    });

    it('leaves nothing behind after 120 streams opened and closed: hung up early, late, or ended by the server', async () => {
      for (let round = 0; round < 10; round++) {
        const sessions = await Promise.all(Array.from({ length: 12 }, () => kioskCookie()));
        await Promise.all(
          sessions.map(async ({ sessionId, cookie }, i) => {
            const abort = new AbortController();
            const res = fetch(`${servers.ours.url}/trpc/kiosk.events`, {
              headers: { ...TABLET, cookie, accept: 'text/event-stream' },
              signal: abort.signal,
            });
            if (i % 3 === 0) {
              // Gone before the answer: the procedure may still be checking the cookie.
              abort.abort();
              await res.catch(() => null);
              return;
            }
            const reader = (await res).body!.pipeThrough(new TextDecoderStream()).getReader();
            let body = '';
            while (!body.includes('"state":"active"')) body += (await reader.read()).value ?? '';
            if (i % 3 === 1) {
              abort.abort();
              return;
            }
            await admin.caller.sessions.forceEnd({ sessionId, reason: 'Done' });
            while (!(await reader.read()).done);
          }),
        );
      }
      await eventuallyNothingHeld();
    }, 120_000);
  });
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_COOKIE, KIOSK_COOKIE, REQUEST_BODY_MAX_BYTES } from '@perch/shared';
import { DIALECTS, createTestServices, signedInAdmin, startTestServer, type TestServices } from '../test/harness';
import { addLearner } from '../sessions/test-fixtures';

/*
 * serveSingleCalls answers single queries and mutations itself. These tests hold it to what tRPC's
 * own adapter answers for the same request: two servers over the same services, the whole app
 * (security headers, Host and cross-site checks, Cache-Control), one with the lean path and one
 * without, compared on status, every header and the body.
 */

const TABLET = { 'user-agent': 'Mozilla/5.0 (vitest tablet)', 'accept-language': 'en-GB' };
const JSON_TYPE = { 'content-type': 'application/json' };
/** How the body is framed differs (one write with a length, or tRPC's chunks); nothing else may. */
const FRAMING = ['content-length', 'transfer-encoding', 'date', 'connection', 'keep-alive'];

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

async function ask(url: string, init: RequestInit & { headers?: Record<string, string> } = {}): Promise<Answer & { framing: Headers }> {
  const res = await fetch(url, init);
  const headers = Object.fromEntries([...res.headers].filter(([name]) => !FRAMING.includes(name)));
  return { status: res.status, headers, body: await res.text(), framing: res.headers };
}

/** Clocks and fresh secrets differ between two calls; the shape around them may not. */
function steady(answer: Answer): Answer {
  const clocks = (text: string) =>
    text
      .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, '<time>')
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<id>')
      .replace(/(__Host-perch_kiosk=)[^;]+/g, '$1<token>')
      .replace(/Expires=[^;]+/g, 'Expires=<date>')
      .replace(/Max-Age=\d+/g, 'Max-Age=<s>');
  return { status: answer.status, headers: JSON.parse(clocks(JSON.stringify(answer.headers))) as Record<string, string>, body: clocks(answer.body) };
}

for (const dialect of DIALECTS) {
  describe(`single calls: the lean path answers as tRPC’s adapter does (${dialect})`, () => {
    let services: TestServices;
    let lean: Awaited<ReturnType<typeof startTestServer>>;
    let adapter: Awaited<ReturnType<typeof startTestServer>>;
    let admin: Awaited<ReturnType<typeof signedInAdmin>>;
    beforeAll(async () => {
      // Behind a proxy on loopback (as the test's requests come): the client's address and host are forwarded.
      services = await createTestServices(dialect, { RATE_LIMIT_SESSION_START_PER_MIN: '1000', REDEEM_FAILURES_PER_IP: '4', TRUST_PROXY: 'loopback' });
      admin = await signedInAdmin(services);
      lean = await startTestServer(services);
      adapter = await startTestServer(services, { leanCalls: false });
    });
    afterAll(async () => {
      await lean?.close();
      await adapter?.close();
      await services?.close();
    });

    /** The same request (built per server: a code is used once) to both; both answers, steadied. */
    async function both(path: string, init: (url: string) => Promise<RequestInit & { headers?: Record<string, string> }> | (RequestInit & { headers?: Record<string, string> })) {
      const theirs = await ask(`${adapter.url}${path}`, await init(adapter.url));
      const ours = await ask(`${lean.url}${path}`, await init(lean.url));
      return { theirs, ours };
    }

    async function mintCode(name = 'Zoë Ångström') {
      const minted = await admin.caller.sessions.start({ learnerId: (await addLearner(services, { name })).id });
      return minted.redemptionCode;
    }

    const redeem = (code: string, headers: Record<string, string> = {}) => ({
      method: 'POST',
      headers: { ...JSON_TYPE, ...TABLET, ...headers },
      body: JSON.stringify({ code }),
    });

    it('serves single calls itself (one write with a length) and leaves them to tRPC without it (chunks)', async () => {
      const { theirs, ours } = await both('/trpc/kiosk.me', () => ({ headers: TABLET }));
      expect(ours.framing.get('content-length')).toBe(String(Buffer.byteLength(ours.body)));
      expect(theirs.framing.get('transfer-encoding')).toBe('chunked');
      expect(steady(ours)).toEqual(steady(theirs));
    });

    it('kiosk.redeem: the session, its cookie and every header', async () => {
      const { theirs, ours } = await both('/trpc/kiosk.redeem', async () => redeem(await mintCode()));
      expect(ours.status).toBe(200);
      expect(ours.headers['set-cookie']).toMatch(/^__Host-perch_kiosk=.+HttpOnly; Secure; SameSite=Strict$/);
      expect(ours.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(ours.headers['cache-control']).toBe('no-store');
      expect(steady(ours)).toEqual(steady(theirs));
    });

    it('kiosk.me with its cookie, without one, and with a stale one (cleared)', async () => {
      const cookies: Record<string, string> = {};
      for (const url of [adapter.url, lean.url]) {
        const res = await fetch(`${url}/trpc/kiosk.redeem`, redeem(await mintCode()));
        cookies[url] = res.headers.getSetCookie()[0]!.split(';')[0]!;
      }
      const me = await both('/trpc/kiosk.me', (url) => ({ headers: { ...TABLET, cookie: cookies[url]! } }));
      expect(me.ours.body).toContain('"learnerName":"Zoë Ångström"');
      expect(steady(me.ours)).toEqual(steady(me.theirs));
      // Another device (its user agent) with the same cookie: the device binding refuses it.
      const elsewhere = await both('/trpc/kiosk.me', (url) => ({ headers: { ...TABLET, 'user-agent': 'curl/8', cookie: cookies[url]! } }));
      expect(elsewhere.ours.status).toBe(401);
      expect(steady(elsewhere.ours)).toEqual(steady(elsewhere.theirs));
      for (const cookie of [undefined, `${KIOSK_COOKIE}=not-a-token`]) {
        const { theirs, ours } = await both('/trpc/kiosk.me', () => ({ headers: { ...TABLET, ...(cookie ? { cookie } : {}) } }));
        expect(ours.status).toBe(401);
        expect(ours).toEqual({ ...theirs, framing: ours.framing });
      }
    });

    it('refusals of the input: the schema, bad JSON, no body, a NUL, an oversize body', async () => {
      const bodies: (string | undefined)[] = ['{"code":""}', '{"code":', undefined, '{"code":"AB\\u0000CD"}', 'x'.repeat(REQUEST_BODY_MAX_BYTES + 1)];
      for (const body of bodies) {
        const { theirs, ours } = await both('/trpc/kiosk.redeem', () => ({ method: 'POST', headers: { ...JSON_TYPE, ...TABLET }, ...(body === undefined ? {} : { body }) }));
        expect(ours.status).toBeGreaterThanOrEqual(400);
        expect(ours).toEqual({ ...theirs, framing: ours.framing });
      }
    });

    it('a query with input, with input that is not JSON, and with a NUL, as an admin', async () => {
      const headers = { cookie: `${ADMIN_COOKIE}=${admin.cookies[ADMIN_COOKIE]}` };
      for (const input of ['{"search":"Zo"}', '{"search":', '{"search":"Z\\u0000"}', '']) {
        const path = `/trpc/learners.list${input ? `?input=${encodeURIComponent(input)}` : ''}`;
        const { theirs, ours } = await both(path, () => ({ headers }));
        expect(steady(ours)).toEqual(steady(theirs));
      }
    });

    it('a wrong code, then the throttle’s 429 with its Retry-After', async () => {
      let refused = false;
      for (let i = 0; i < 6; i++) {
        const { theirs, ours } = await both('/trpc/kiosk.redeem', () => redeem('ZZZZ-9999'));
        expect(ours).toEqual({ ...theirs, framing: ours.framing });
        if (ours.status === 429) {
          refused = true;
          expect(ours.headers['retry-after']).toMatch(/^\d+$/);
          break;
        }
        expect(ours.status).toBe(404);
      }
      expect(refused).toBe(true);
    });

    it('what the Express checks refuse first: another site, an unknown host (forwarded by the proxy)', async () => {
      const crossSite = await both('/trpc/kiosk.redeem', async () => redeem(await mintCode(), { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }));
      expect(crossSite.ours.status).toBe(403);
      expect(crossSite.ours).toEqual({ ...crossSite.theirs, framing: crossSite.ours.framing });
      const unknownHost = await both('/trpc/kiosk.me', () => ({ headers: { ...TABLET, 'x-forwarded-host': 'evil.example' } }));
      expect(unknownHost.ours.status).toBe(421);
      expect(unknownHost.ours).toEqual({ ...unknownHost.theirs, framing: unknownHost.ours.framing });
    });

    it('the client’s address as Express reads it behind the trusted proxy (the audit log’s, the throttles’)', async () => {
      const ips: string[] = [];
      for (const url of [adapter.url, lean.url]) {
        const res = await fetch(`${url}/trpc/kiosk.redeem`, redeem(await mintCode(), { 'x-forwarded-for': '198.51.100.23, 127.0.0.1' }));
        expect(res.status).toBe(200);
        const [row] = await services.db.selectFrom('audit_log').select('ip').where('action', '=', 'session.redeem').orderBy('id', 'desc').limit(1).execute();
        ips.push(row!.ip!);
      }
      expect(ips).toEqual(['198.51.100.23', '198.51.100.23']);
    });

    it('what it leaves to tRPC: a batch, the wrong method, an unknown procedure, another content type, HEAD', async () => {
      const cases: [string, RequestInit & { headers?: Record<string, string> }][] = [
        ['/trpc/kiosk.me,kiosk.device?batch=1&input={}', { headers: TABLET }],
        ['/trpc/kiosk.redeem', { headers: TABLET }],
        ['/trpc/kiosk.me', { method: 'POST', headers: { ...JSON_TYPE, ...TABLET } }],
        ['/trpc/kiosk.nowhere', { headers: TABLET }],
        ['/trpc/kiosk.redeem', { method: 'POST', headers: { 'content-type': 'text/plain', ...TABLET }, body: '{"code":"AB"}' }],
        ['/trpc/kiosk.me', { method: 'HEAD', headers: TABLET }],
        ['/trpc/kiosk.me', { headers: { ...TABLET, 'trpc-accept': 'application/jsonl' } }],
      ];
      for (const [path, init] of cases) {
        const { theirs, ours } = await both(path, () => init);
        expect(steady(ours)).toEqual(steady(theirs));
      }
    });
  });
}

import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_COOKIE } from '@perch/shared';
import {
  DIALECTS,
  createTestServices,
  signedInAdmin,
  startTestServer,
  trpcHttp,
  type TestServices,
} from '../test/harness';

/** Stand-ins for the built apps, so these tests do not depend on `pnpm build`. */
function fakeBuiltApps() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'perch-spa-'));
  const dirs = { admin: path.join(root, 'admin'), kiosk: path.join(root, 'kiosk') };
  for (const [name, dir] of Object.entries(dirs)) {
    fs.mkdirSync(path.join(dir, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'index.html'), `<!doctype html><title>${name}</title><script type="module" src="./assets/app.js"></script>`);
    fs.writeFileSync(path.join(dir, 'assets', 'app.js'), 'console.log(1)');
    // A source map a careless build left behind: it must not be served.
    fs.writeFileSync(path.join(dir, 'assets', 'app.js.map'), '{"version":3,"sources":["../src/secret-plans.ts"]}');
  }
  return { dirs, remove: () => fs.rmSync(root, { recursive: true, force: true }) };
}

/**
 * One request with exactly these headers, Host included (fetch always sends the URL's own host),
 * as a browser on a DNS-rebound name would send it.
 */
function rawRequest(baseUrl: string, method: string, target: string, headers: Record<string, string>, body?: string) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(new URL(target, baseUrl), { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

for (const dialect of DIALECTS) {
  describe(`HTTP security (${dialect})`, () => {
    let services: TestServices;
    let server: Awaited<ReturnType<typeof startTestServer>>;
    let apps: ReturnType<typeof fakeBuiltApps>;
    let adminCookie: string;
    beforeAll(async () => {
      services = await createTestServices(dialect);
      apps = fakeBuiltApps();
      server = await startTestServer(services, { staticDirs: apps.dirs });
      const admin = await signedInAdmin(services);
      adminCookie = `${ADMIN_COOKIE}=${admin.cookies[ADMIN_COOKIE]}`;
    });
    afterAll(async () => {
      await server.close();
      await services.close();
      apps.remove();
    });

    const learnerCount = async () => (await services.db.selectFrom('learners').select('id').execute()).length;
    const createLearner = (headers: Record<string, string>) =>
      trpcHttp(server.url, 'mutation', 'learners.create', { name: 'Mallory’s pick', consent: true }, { cookie: adminCookie, ...headers });

    describe('cross-site mutations are refused (CSRF)', () => {
      for (const [label, headers] of [
        ['Origin of another site', { origin: 'https://evil.example' }],
        ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
        ['Sec-Fetch-Site: same-site (a sibling subdomain)', { 'sec-fetch-site': 'same-site' }],
        ['Origin: null (sandboxed frame, data: URL)', { origin: 'null' }],
        ['both headers from another site', { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }],
      ] as const) {
        it(`with ${label}: 403 CROSS_SITE and nothing changes`, async () => {
          const before = await learnerCount();
          const res = await createLearner(headers);
          expect(res.status).toBe(403);
          expect(res.body.error?.data).toMatchObject({ code: 'FORBIDDEN', reason: 'CROSS_SITE' });
          expect(res.body.error?.message).toBe('This request came from another site and was refused.');
          expect(res.headers.get('cache-control')).toBe('no-store');
          expect(await learnerCount()).toBe(before);
        });
      }

      it('lets same-origin browser requests through', async () => {
        const sameOrigin: Record<string, string>[] = [
          { origin: services.config.publicUrl, 'sec-fetch-site': 'same-origin' },
          { origin: server.url },
          { 'sec-fetch-site': 'same-origin' },
          { 'sec-fetch-site': 'none' }, // typed into the address bar or a bookmark
        ];
        for (const headers of sameOrigin) {
          const res = await createLearner(headers);
          expect(res.status, JSON.stringify(headers)).toBe(200);
        }
      });

      it('lets header-less clients (curl, scripts) through: CSRF is a browser attack', async () => {
        const before = await learnerCount();
        const res = await createLearner({});
        expect(res.status).toBe(200);
        expect(await learnerCount()).toBe(before + 1);
      });

      it('never runs a mutation from a GET, so a cross-site link or <img> cannot change anything', async () => {
        const before = await learnerCount();
        const url = `${server.url}/trpc/learners.create?input=${encodeURIComponent(JSON.stringify({ name: 'Via GET', consent: true }))}`;
        const res = await fetch(url, { headers: { cookie: adminCookie, origin: 'https://evil.example' } });
        expect(res.status).toBe(405);
        expect(await learnerCount()).toBe(before);
      });

      it('runs nothing from the bodies an HTML form can send, even without Origin headers', async () => {
        const before = await learnerCount();
        const form = new FormData();
        form.set('name', 'Via form');
        form.set('consent', 'true');
        for (const body of [form, 'name=Via+form&consent=true', '{"name":"Via form","consent":true}']) {
          const res = await fetch(`${server.url}/trpc/learners.create`, {
            method: 'POST',
            headers: { cookie: adminCookie, ...(typeof body === 'string' ? { 'content-type': body.startsWith('{') ? 'text/plain' : 'application/x-www-form-urlencoded' } : {}) },
            body,
          });
          expect([400, 415]).toContain(res.status);
        }
        expect(await learnerCount()).toBe(before);
      });

      it('refuses a cross-site sign-out too (logging people out is an attack as well)', async () => {
        const res = await trpcHttp(server.url, 'mutation', 'auth.logout', undefined, {
          cookie: adminCookie,
          origin: 'https://evil.example',
        });
        expect(res.status).toBe(403);
        expect(res.setCookies).toEqual([]);
        const me = await trpcHttp(server.url, 'query', 'auth.me', undefined, { cookie: adminCookie });
        expect(me.status).toBe(200);
      });
    });

    describe('only Perch’s own names and origins (DNS rebinding)', () => {
      const port = () => new URL(server.url).port;
      const createOver = (host: string, origin: string) =>
        rawRequest(server.url, 'POST', '/trpc/learners.create', {
          host,
          origin,
          cookie: adminCookie,
          'content-type': 'application/json',
        }, JSON.stringify({ name: 'Rebound', consent: true }));

      it('refuses a page on a rebound name (Host and Origin both evil.example) with 421, before anything runs', async () => {
        const before = await learnerCount();
        const res = await createOver(`evil.example:${port()}`, `http://evil.example:${port()}`);
        expect(res.status).toBe(421);
        expect(JSON.parse(res.body)).toMatchObject({
          error: {
            message: 'This server does not answer to that host name. Use its public address (PUBLIC_URL), or add this one to ALLOWED_ORIGINS.',
            data: { reason: 'UNKNOWN_HOST' },
          },
        });
        expect(await learnerCount()).toBe(before);
      });

      it('refuses an unknown host for queries, the event streams and the apps too', async () => {
        for (const target of ['/trpc/auth.me', '/trpc/kiosk.events', '/trpc/sessions.events', '/admin/', '/kiosk/', '/kiosk/assets/app.js']) {
          const res = await rawRequest(server.url, 'GET', target, { host: 'evil.example', cookie: adminCookie });
          expect(res.status, target).toBe(421);
        }
      });

      it('answers the health probes on any host, so a load balancer can probe by IP address', async () => {
        const health = await rawRequest(server.url, 'GET', '/healthz', { host: '10.1.2.3:3000' });
        expect(health.status).toBe(200);
        const ready = await rawRequest(server.url, 'GET', '/readyz', { host: '10.1.2.3:3000' });
        expect(ready.status).not.toBe(421);
      });

      it('answers PUBLIC_URL’s host and this machine’s loopback names, on any port', async () => {
        for (const host of ['localhost:3000', 'LOCALHOST', `127.0.0.1:${port()}`, '[::1]:8080', 'perch.localhost']) {
          const res = await rawRequest(server.url, 'GET', '/trpc/auth.me', { host, cookie: adminCookie });
          expect(res.status, host).toBe(200);
        }
      });

      it('judges Origin by the configured origins, never by the Host header', async () => {
        // Host and Origin agree, on a name the host check admits: still another site.
        const res = await createOver(`localhost:${Number(port()) + 1}`, `http://localhost:${Number(port()) + 1}`);
        expect(res.status).toBe(403);
        expect(JSON.parse(res.body)).toMatchObject({ error: { data: { reason: 'CROSS_SITE' } } });
        // PUBLIC_URL (http://localhost:3000) is the same server on its other loopback names, same port.
        for (const origin of ['http://localhost:3000', 'http://127.0.0.1:3000', 'http://[::1]:3000']) {
          expect((await createLearner({ origin })).status, origin).toBe(200);
        }
        expect((await createLearner({ origin: 'http://127.0.0.1:3001' })).status).toBe(403);
      });

      it('answers the names and origins of ALLOWED_ORIGINS', async () => {
        const other = await createTestServices(dialect, {
          PUBLIC_URL: 'https://perch.example.org',
          ALLOWED_ORIGINS: 'https://kiosk.example.org, http://perch.lan:8080',
        });
        const otherServer = await startTestServer(other);
        try {
          const admin = await signedInAdmin(other);
          const cookie = `${ADMIN_COOKIE}=${admin.cookies[ADMIN_COOKIE]}`;
          const create = (host: string, origin: string) =>
            rawRequest(otherServer.url, 'POST', '/trpc/learners.create', { host, origin, cookie, 'content-type': 'application/json' },
              JSON.stringify({ name: 'Allowed', consent: true }));
          expect((await create('perch.example.org', 'https://perch.example.org')).status).toBe(200);
          expect((await create('kiosk.example.org', 'https://kiosk.example.org')).status).toBe(200);
          expect((await create('perch.lan:8080', 'http://perch.lan:8080')).status).toBe(200);
          expect((await create('perch.lan:8080', 'http://perch.lan:9090')).status).toBe(403);
          expect((await create('evil.example', 'https://perch.example.org')).status).toBe(421);
        } finally {
          await otherServer.close();
          await other.close();
        }
      });
    });

    describe('headers', () => {
      for (const app of ['admin', 'kiosk'] as const) {
        it(`serves /${app}/ with a strict Content-Security-Policy`, async () => {
          for (const route of [`/${app}/`, `/${app}/some/client/route`]) {
            const res = await fetch(new URL(route, server.url));
            expect(res.status, route).toBe(200);
            expect(await res.text()).toContain(`<title>${app}</title>`);
            const csp = res.headers.get('content-security-policy') ?? '';
            const directives = new Map(
              csp.split(';').map((d) => {
                const [name = '', ...values] = d.trim().split(/\s+/);
                return [name, values.join(' ')] as const;
              }),
            );
            expect(directives.get('default-src')).toBe("'self'");
            expect(directives.get('script-src')).toBe("'self'");
            expect(directives.get('style-src')).toBe("'self'");
            expect(directives.get('object-src')).toBe("'none'");
            expect(directives.get('frame-ancestors')).toBe("'none'");
            expect(directives.get('base-uri')).toBe("'self'");
            expect(directives.get('connect-src')).toBe("'self'");
            expect(csp).not.toContain('unsafe-inline');
            expect(csp).not.toContain('unsafe-eval');
            expect(csp).not.toMatch(/(^|\s)\*(\s|;|$)/);
            expect(res.headers.get('x-content-type-options')).toBe('nosniff');
            expect(res.headers.get('referrer-policy')).toBe('no-referrer');
            expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
            expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
            expect(res.headers.get('x-powered-by')).toBeNull();
            expect(res.headers.get('cache-control')).toBe('no-cache');
          }
        });
      }

      it('redirects the bare /admin and /kiosk to their folder once (no loop)', async () => {
        for (const app of ['admin', 'kiosk']) {
          const res = await fetch(new URL(`/${app}?from=qr`, server.url), { redirect: 'manual' });
          expect(res.status).toBe(301);
          expect(res.headers.get('location')).toBe(`/${app}/?from=qr`);
          expect((await fetch(new URL(`/${app}`, server.url))).status).toBe(200);
        }
      });

      it('never serves a source map, even one a build left in the folder', async () => {
        for (const app of ['admin', 'kiosk']) {
          expect((await fetch(new URL(`/${app}/assets/app.js`, server.url))).status).toBe(200);
          const map = await fetch(new URL(`/${app}/assets/app.js.map`, server.url));
          expect(map.status).toBe(404);
          expect(await map.text()).not.toContain('secret-plans');
        }
      });

      it('lets browsers keep hashed assets but never an API answer', async () => {
        const asset = await fetch(new URL('/kiosk/assets/app.js', server.url));
        expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');

        const ok = await trpcHttp(server.url, 'query', 'auth.me', undefined, { cookie: adminCookie });
        const refused = await trpcHttp(server.url, 'query', 'auth.me');
        const missing = await trpcHttp(server.url, 'query', 'no.such');
        expect([ok.status, refused.status, missing.status]).toEqual([200, 401, 404]);
        for (const res of [ok, refused, missing]) {
          expect(res.headers.get('cache-control')).toBe('no-store');
          expect(res.headers.get('x-content-type-options')).toBe('nosniff');
          expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
        }
      });

      it('sends no HSTS over plain HTTP (it would pin localhost), and does for an https PUBLIC_URL', async () => {
        expect((await fetch(new URL('/healthz', server.url))).headers.get('strict-transport-security')).toBeNull();
        const secure = await createTestServices(dialect, { PUBLIC_URL: 'https://perch.example.org' });
        const secureServer = await startTestServer(secure);
        try {
          const res = await fetch(new URL('/healthz', secureServer.url));
          expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d{7,}/);
          expect(res.headers.get('content-security-policy')).toContain('upgrade-insecure-requests');
        } finally {
          await secureServer.close();
          await secure.close();
        }
      });

      it('sets session cookies HttpOnly, Secure, SameSite=Strict, Path=/ under a __Host- name', async () => {
        const res = await trpcHttp(server.url, 'mutation', 'auth.login', { email: 'teacher@example.org', password: 'correct horse battery' });
        expect(res.status).toBe(200);
        const cookie = res.setCookies.find((c) => c.startsWith(`${ADMIN_COOKIE}=`)) ?? '';
        expect(cookie).toMatch(/; HttpOnly/i);
        expect(cookie).toMatch(/; Secure/i);
        expect(cookie).toMatch(/; SameSite=Strict/i);
        expect(cookie).toMatch(/; Path=\/(;|$)/);
        expect(cookie).not.toMatch(/; Domain=/i);
      });
    });
  });
}

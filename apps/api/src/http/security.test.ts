import fs from 'node:fs';
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
  }
  return { dirs, remove: () => fs.rmSync(root, { recursive: true, force: true }) };
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

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staticDirs } from '../config';
import { createTestServices, startTestServer, type TestServices } from '../test/harness';

// The real production builds of both apps, as `pnpm start` serves them (`pnpm test` builds first).
const apiRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dirs = staticDirs(apiRoot);

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(path.join(dir, 'index.html'))) throw new Error(`${dir} has no build: run "pnpm build" first.`);
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => fs.statSync(path.join(dir, f)).isFile());
}

// Static serving only: no database behaviour here, so one dialect is enough.
describe('production builds serve no source maps', () => {
  let services: TestServices;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    services = await createTestServices('sqlite');
    server = await startTestServer(services, { staticDirs: dirs });
  });
  afterAll(async () => {
    await server.close();
    await services.close();
  });

  for (const app of ['admin', 'kiosk'] as const) {
    it(`builds ${app} without maps or links to them`, () => {
      const files = filesUnder(dirs[app]);
      expect(files.filter((f) => f.endsWith('.js')).length).toBeGreaterThan(0);
      expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
      for (const file of files.filter((f) => /\.(js|css)$/.test(f))) {
        expect(fs.readFileSync(path.join(dirs[app], file), 'utf8'), file).not.toContain('sourceMappingURL');
      }
    });

    it(`answers 404 for /${app}/assets/*.map`, async () => {
      const scripts = filesUnder(dirs[app]).filter((f) => f.startsWith('assets') && f.endsWith('.js'));
      for (const script of scripts) {
        const url = new URL(`/${app}/${script.split(path.sep).join('/')}`, server.url);
        expect((await fetch(url)).status, script).toBe(200);
        expect((await fetch(`${url.href}.map`)).status, `${script}.map`).toBe(404);
      }
    });
  }

  it('keeps the API bundle’s own maps (for stack traces) out of reach', async () => {
    expect(fs.existsSync(path.join(apiRoot, 'dist', 'main.js.map'))).toBe(true);
    for (const route of ['/admin/..%2F..%2Fapi%2Fdist%2Fmain.js.map', '/kiosk/%2e%2e/%2e%2e/api/dist/main.js.map', '/main.js.map', '/dist/main.js.map']) {
      expect((await fetch(new URL(route, server.url))).status, route).toBe(404);
    }
  });
});

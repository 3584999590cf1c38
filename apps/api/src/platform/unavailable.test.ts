import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_COOKIE, RESILIENCE } from '@perch/shared';
import { DIALECTS, TEST_ADMIN, createTestServices, startTestServer, trpcHttp, type TestServices } from '../test/harness';
import { holdWriteLock } from '../test/write-lock';
import { createAdmin } from '../auth/admins';

for (const dialect of DIALECTS) {
  describe(`a database that cannot answer (${dialect})`, () => {
    let services: TestServices;
    let server: Awaited<ReturnType<typeof startTestServer>>;
    let cookie: string;

    beforeAll(async () => {
      services = await createTestServices(dialect, { DATABASE_STATEMENT_TIMEOUT_MS: '300' });
      await createAdmin(services, TEST_ADMIN);
      server = await startTestServer(services);
      const login = await trpcHttp(server.url, 'mutation', 'auth.login', TEST_ADMIN);
      cookie = login.setCookies.find((c) => c.startsWith(`${ADMIN_COOKIE}=`))!.split(';')[0]!;
    });
    afterAll(async () => {
      await server?.close();
      await services?.close();
    });

    it('answers 503 with Retry-After and a sentence, never a 500, and works again once it can', async () => {
      const release = await holdWriteLock(services);
      let res;
      try {
        res = await trpcHttp(server.url, 'mutation', 'learners.create', { name: 'Blocked', consent: true }, { cookie });
      } finally {
        await release();
      }
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe(String(RESILIENCE.unavailableRetryAfterSec));
      expect(res.body.error?.data).toMatchObject({ code: 'SERVICE_UNAVAILABLE', reason: 'UNAVAILABLE' });
      expect(res.body.error?.message).toMatch(/^Perch[^{}]* Please try again in a few seconds\.$/);

      const retried = await trpcHttp(server.url, 'mutation', 'learners.create', { name: 'Blocked', consent: true }, { cookie });
      expect(retried.status).toBe(200);
      const rows = await services.db.selectFrom('learners').select('name').where('name', '=', 'Blocked').execute();
      expect(rows).toHaveLength(1);
    });
  });
}

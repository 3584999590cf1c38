import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_COOKIE } from '@perch/shared';
import { DIALECTS, TEST_ADMIN, createTestServices, fakeClient, signedInAdmin, type TestServices } from '../test/harness';

for (const dialect of DIALECTS) {
  describe(`auth (${dialect})`, () => {
    let services: TestServices;
    beforeAll(async () => {
      services = await createTestServices(dialect);
    });
    afterAll(() => services.close());

    it('signs in with the right password and sets the admin cookie', async () => {
      const admin = await signedInAdmin(services);
      expect(admin.cookies[ADMIN_COOKIE]).toMatch(/^[\w-]{43}$/);
      await expect(admin.caller.auth.me()).resolves.toMatchObject({ email: TEST_ADMIN.email });
      const stored = await services.db.selectFrom('admin_sessions').select('token_hash').execute();
      expect(stored.map((s) => s.token_hash)).not.toContain(admin.cookies[ADMIN_COOKIE]);
    });

    it('refuses a wrong password with a clear message and records the failure', async () => {
      const client = fakeClient(services);
      await expect(client.caller.auth.login({ ...TEST_ADMIN, password: 'wrong password!' })).rejects.toMatchObject({
        code: 'UNAUTHORIZED',
        message: 'That email and password do not match.',
      });
      const failures = await services.db.selectFrom('audit_log').selectAll().where('action', '=', 'admin.login_failed').execute();
      expect(failures.length).toBeGreaterThan(0);
      expect(JSON.stringify(failures)).not.toContain('wrong password!');
    });

    it('answers me() without a cookie with UNAUTHORIZED', async () => {
      await expect(fakeClient(services).caller.auth.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    });

    it('signs out: the old cookie no longer works', async () => {
      const admin = await signedInAdmin(services);
      const token = admin.cookies[ADMIN_COOKIE]!;
      await admin.caller.auth.logout();
      const replay = fakeClient(services);
      replay.cookies[ADMIN_COOKIE] = token;
      await expect(replay.caller.auth.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    });

    it('throttles repeated failures for one account', async () => {
      const client = fakeClient(services, { ip: '198.51.100.7' });
      const attempt = () => client.caller.auth.login({ email: 'victim@example.org', password: 'guess-guess' });
      for (let i = 0; i < 5; i++) await expect(attempt()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
      await expect(attempt()).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    });
  });
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_COOKIE, RATE_LIMITS } from '@perch/shared';
import { DIALECTS, TEST_ADMIN, createTestServices, fakeClient, signedInAdmin, type TestServices } from '../test/harness';
import { createAdmin } from './admins';
import { dummyPasswordHash } from './password';

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

    it('has the dummy password hash ready from start-up, before any sign-in', () => {
      expect(dummyPasswordHash()).toMatch(/^\$argon2id\$/);
    });

    it('throttles repeated failures for one account from one address', async () => {
      const client = fakeClient(services, { ip: '198.51.100.7' });
      const attempt = () => client.caller.auth.login({ email: 'victim@example.org', password: 'guess-guess' });
      for (let i = 0; i < 5; i++) await expect(attempt()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
      await expect(attempt()).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    });
  });

  describe(`sign-in throttle (${dialect})`, () => {
    let services: TestServices;
    beforeAll(async () => {
      services = await createTestServices(dialect);
    });
    afterAll(() => services.close());

    const perPair = RATE_LIMITS.loginFailuresPerAccountAddress.max;
    /** Signs in from `ip`; 'ok', or the error's code. */
    const login = (ip: string, email: string, password = 'a wrong password') =>
      fakeClient(services, { ip })
        .caller.auth.login({ email, password })
        .then(
          () => 'ok',
          (e: { code?: string }) => e.code,
        );
    const failuresChecked = async (email: string) =>
      (
        await services.db
          .selectFrom('audit_log')
          .select('id')
          .where('action', '=', 'admin.login_failed')
          .where('actor_label', '=', email)
          .execute()
      ).length;
    const account = async (email: string) => {
      const password = 'the right password';
      await createAdmin(services, { email, password });
      return password;
    };

    it('checks at most the cap of 50 wrong passwords sent at once, refusing the rest with Retry-After', async () => {
      const email = 'burst@example.org';
      await account(email);
      const outcomes = await Promise.all(Array.from({ length: 50 }, () => login('198.51.100.1', email)));
      expect(outcomes.filter((o) => o === 'UNAUTHORIZED')).toHaveLength(perPair);
      expect(outcomes.filter((o) => o === 'TOO_MANY_REQUESTS')).toHaveLength(50 - perPair);
      expect(await failuresChecked(email)).toBe(perPair);
      const client = fakeClient(services, { ip: '198.51.100.1' });
      await expect(client.caller.auth.login({ email, password: 'one more' })).rejects.toMatchObject({
        message: expect.stringMatching(/^Too many failed sign-ins to this account from here\. Try again in \d+ minutes\.$/),
      });
      expect(Number(client.headers['retry-after'])).toBeGreaterThan(60);
    });

    it('lets an account’s admin in from their own address while other addresses flood it', async () => {
      const email = 'flooded@example.org';
      const password = await account(email);
      const attackers = ['203.0.113.1', '203.0.113.2', '203.0.113.3', '2001:db8:66::1'];
      for (const ip of attackers) {
        const outcomes = await Promise.all(Array.from({ length: perPair + 2 }, () => login(ip, email)));
        expect(outcomes.filter((o) => o === 'UNAUTHORIZED')).toHaveLength(perPair);
      }
      expect(await login('192.0.2.10', email, password)).toBe('ok');
      // Each flooding address is shut out of this account, even with the right password.
      expect(await login(attackers[0]!, email, password)).toBe('TOO_MANY_REQUESTS');
    });

    it('caps one address across accounts, and never counts a right password', async () => {
      const perAddress = RATE_LIMITS.loginFailuresPerIp.max;
      const ip = '198.51.100.99';
      const password = await account('spray-target@example.org');
      // Right passwords at once from the same address use none of its budget.
      const rights = await Promise.all(Array.from({ length: 12 }, () => login(ip, 'spray-target@example.org', password)));
      expect(rights.every((o) => o === 'ok')).toBe(true);
      for (let i = 0; i < perAddress / perPair; i++) {
        const outcomes = await Promise.all(Array.from({ length: perPair }, () => login(ip, `sprayed-${i}@example.org`)));
        expect(outcomes.every((o) => o === 'UNAUTHORIZED')).toBe(true);
      }
      expect(await login(ip, 'spray-target@example.org', password)).toBe('TOO_MANY_REQUESTS');
      expect(await login('198.51.100.100', 'spray-target@example.org', password)).toBe('ok');
    });

    it('caps one account from anywhere at its far higher ceiling', async () => {
      const perAccount = RATE_LIMITS.loginFailuresPerAccount.max;
      const email = 'distributed@example.org';
      const password = await account(email);
      for (let a = 0; a < perAccount / perPair; a++) {
        const outcomes = await Promise.all(Array.from({ length: perPair }, () => login(`10.9.${a}.1`, email)));
        expect(outcomes.every((o) => o === 'UNAUTHORIZED')).toBe(true);
      }
      const client = fakeClient(services, { ip: '10.9.250.1' });
      await expect(client.caller.auth.login({ email, password })).rejects.toMatchObject({
        code: 'TOO_MANY_REQUESTS',
        message: expect.stringMatching(/^Too many failed sign-ins to this account\. Try again in \d+ minutes\.$/),
      });
      expect(await failuresChecked(email)).toBe(perAccount);
    }, 60_000); // a hundred argon2 checks
  });
}

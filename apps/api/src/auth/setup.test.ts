import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_COOKIE, RATE_LIMITS, SETUP_TOKEN_TTL_MS, setupTokenFromFragment, type FirstAdminInput } from '@perch/shared';
import { DIALECTS, createTestServices, fakeClient, type TestServices } from '../test/harness';
import { hashToken } from '../platform/secrets';
import { createAdmin, ensureFirstAdmin } from './admins';
import { issueSetupLink } from './setup';

const FIRST = { name: 'Ana García', email: 'Ana@Example.org', password: 'a long first password' };

for (const dialect of DIALECTS) {
  describe(`first-run set-up (${dialect})`, () => {
    let services: TestServices;
    beforeAll(async () => {
      services = await createTestServices(dialect);
    });
    afterAll(() => services.close());

    /** The audit log's length before this test: each test reads only what it added. */
    let auditBefore = 0;
    /** Back to a database with no admin (and no set-up done); each test issues its own links. */
    beforeEach(async () => {
      auditBefore = Number((await services.db.selectFrom('audit_log').select((eb) => eb.fn.max('id').as('last')).executeTakeFirstOrThrow()).last ?? 0);
      await services.limiter.forgive('setup:global');
      await services.db.deleteFrom('admins').execute();
      await services.db.deleteFrom('settings').execute();
      await services.db.deleteFrom('setup_tokens').execute();
    });

    /** A new link, as a start of Perch prints it, and the token in its fragment. */
    const newToken = async () => {
      const link = await issueSetupLink(services);
      return setupTokenFromFragment(new URL(link.url).hash)!;
    };
    let nextIp = 1;
    /** A browser at its own address (so the throttles of one test do not touch another's). */
    const browser = (ip = `198.51.100.${nextIp++}`) => fakeClient(services, { ip });
    const setUp = (token: string, client = browser(), who: Omit<FirstAdminInput, 'token'> = FIRST) =>
      client.caller.auth.createFirstAdmin({ token, ...who });
    const admins = () => services.db.selectFrom('admins').select(['email', 'name']).execute();
    const audited = (action: 'admin.setup' | 'admin.setup_failed') =>
      services.db.selectFrom('audit_log').select(['actor_label', 'detail']).where('action', '=', action).where('id', '>', auditBefore).execute();
    /** 'ok', or the error's code and reason. */
    const outcome = (p: Promise<unknown>) =>
      p.then(
        () => 'ok',
        (e: { code?: string; cause?: { reason?: string } } & { reason?: string }) => `${e.code} ${e.reason ?? ''}`.trim(),
      );

    it('prints a link at start-up with the token in its fragment, and stores only its hash', async () => {
      const link = await ensureFirstAdmin(services);
      expect(link?.url).toMatch(/^http:\/\/localhost:3000\/admin\/#setup=[\w-]{43}$/);
      expect(link?.expiresAt).toBeGreaterThan(services.now() + SETUP_TOKEN_TTL_MS - 60_000);
      const token = setupTokenFromFragment(new URL(link!.url).hash)!;
      const stored = await services.db.selectFrom('setup_tokens').selectAll().execute();
      expect(stored).toHaveLength(1);
      expect(JSON.stringify(stored)).not.toContain(token);
      expect(stored[0]!.token_hash).toBe(hashToken(token));
      await expect(browser().caller.auth.setupStatus()).resolves.toEqual({ needed: true });
    });

    it('creates the first admin once, signs them in, audits it, and the link is dead afterwards', async () => {
      const token = await newToken();
      const client = browser();
      const admin = await setUp(token, client);
      expect(admin).toMatchObject({ email: 'ana@example.org', name: 'Ana García' });
      expect(client.cookies[ADMIN_COOKIE]).toMatch(/^[\w-]{43}$/);
      await expect(client.caller.auth.me()).resolves.toEqual(admin);
      expect(await admins()).toEqual([{ email: 'ana@example.org', name: 'Ana García' }]);
      expect(await audited('admin.setup')).toEqual([{ actor_label: 'ana@example.org', detail: '{}' }]);
      expect(await services.db.selectFrom('setup_tokens').selectAll().execute()).toEqual([]);
      expect(await services.db.selectFrom('settings').selectAll().execute()).toEqual([]); // the lock lives only in the transaction
      await expect(browser().caller.auth.setupStatus()).resolves.toEqual({ needed: false });

      // The same link again, from anywhere: refused with a sentence, nothing created.
      await expect(setUp(token, browser(), { ...FIRST, email: 'again@example.org' })).rejects.toMatchObject({
        code: 'CONFLICT',
        reason: 'ALREADY_SET_UP',
        message: 'Perch already has an admin, so set-up links no longer work. Sign in instead.',
      });
      expect(await admins()).toHaveLength(1);
      // The new admin signs in with the password they chose.
      await expect(browser().caller.auth.login({ email: FIRST.email, password: FIRST.password })).resolves.toMatchObject({ name: 'Ana García' });
    });

    it('refuses a wrong link with a typed error, audited, without creating anything', async () => {
      await newToken();
      await expect(setUp('not-the-token-not-the-token-not-the-token-x')).rejects.toMatchObject({
        code: 'NOT_FOUND',
        reason: 'CODE_UNKNOWN',
        message: expect.stringMatching(/^This set-up link is not valid\./),
      });
      expect(await admins()).toEqual([]);
      expect(await audited('admin.setup_failed')).toEqual([{ actor_label: null, detail: '{"reason":"CODE_UNKNOWN"}' }]);
    });

    it('refuses an expired link, saying to restart Perch for a new one', async () => {
      const token = await newToken();
      services.advance(SETUP_TOKEN_TTL_MS + 1_000);
      try {
        await expect(setUp(token)).rejects.toMatchObject({
          code: 'PRECONDITION_FAILED',
          reason: 'CODE_EXPIRED',
          message: 'This set-up link has expired (each works for 24 hours). Restart Perch to print a new one.',
        });
        expect(await admins()).toEqual([]);
        // A new start prints a link that works, and drops the lapsed one.
        const fresh = await newToken();
        expect(await services.db.selectFrom('setup_tokens').select('token_hash').execute()).toEqual([{ token_hash: hashToken(fresh) }]);
        await expect(setUp(fresh)).resolves.toMatchObject({ email: 'ana@example.org' });
      } finally {
        services.advance(-(SETUP_TOKEN_TTL_MS + 1_000));
      }
    });

    it('refuses set-up once any admin exists (made by create-admin), and the next start drops old links', async () => {
      const token = await newToken();
      await createAdmin(services, { email: 'cli@example.org', password: 'made on the command line' });
      await expect(setUp(token)).rejects.toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_SET_UP' });
      expect(await admins()).toEqual([{ email: 'cli@example.org', name: null }]);
      await expect(browser().caller.auth.setupStatus()).resolves.toEqual({ needed: false });
      expect(await ensureFirstAdmin(services)).toBeNull();
      expect(await services.db.selectFrom('setup_tokens').selectAll().execute()).toEqual([]);
    });

    it('checks the form with the create-admin rules, and a refused form leaves the link usable', async () => {
      const token = await newToken();
      await expect(setUp(token, browser(), { ...FIRST, password: 'short' })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        message: expect.stringContaining('An admin password needs between 10 and 256 characters.'),
      });
      await expect(setUp(token, browser(), { ...FIRST, name: '  ' })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        message: expect.stringContaining('Enter your name.'),
      });
      await expect(setUp(token)).resolves.toMatchObject({ email: 'ana@example.org' });
    });

    it('of several holders racing, on links from several starts, exactly one creates an admin', async () => {
      const tokens = await Promise.all(Array.from({ length: 4 }, () => newToken()));
      const racers = [...tokens, tokens[0]!].map((token, i) => outcome(setUp(token, browser(), { ...FIRST, email: `racer${i}@example.org` })));
      const outcomes = await Promise.all(racers);
      expect(outcomes.filter((o) => o === 'ok')).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'CONFLICT ALREADY_SET_UP')).toHaveLength(outcomes.length - 1);
      expect(await admins()).toHaveLength(1);
      expect(await audited('admin.setup')).toHaveLength(1);
      expect(await services.db.selectFrom('setup_tokens').selectAll().execute()).toEqual([]);
    }, 30_000); // five argon2 hashes at once

    it('accepts a link printed by another instance of the same deployment', async () => {
      const other = await createTestServices(dialect, {}, { shareWith: services });
      try {
        const link = await issueSetupLink(other);
        const token = setupTokenFromFragment(new URL(link.url).hash)!;
        await expect(setUp(token)).resolves.toMatchObject({ email: 'ana@example.org' });
        await expect(fakeClient(other).caller.auth.setupStatus()).resolves.toEqual({ needed: false });
      } finally {
        await other.close();
      }
    });

    it('throttles wrong links per address and overall, and never counts the right one', async () => {
      const token = await newToken();
      const perIp = RATE_LIMITS.setupFailuresPerIp.max;
      const ip = '203.0.113.77';
      // A burst of wrong links at once from one address: the cap's worth are checked, the rest refused.
      const burst = await Promise.all(Array.from({ length: perIp + 5 }, (_, i) => outcome(setUp(`wrong-${i}`, browser(ip)))));
      expect(burst.filter((o) => o === 'NOT_FOUND CODE_UNKNOWN')).toHaveLength(perIp);
      expect(burst.filter((o) => o === 'TOO_MANY_REQUESTS RATE_LIMITED')).toHaveLength(5);
      expect(await audited('admin.setup_failed')).toHaveLength(perIp);
      const refused = browser(ip);
      await expect(setUp(token, refused)).rejects.toMatchObject({
        code: 'TOO_MANY_REQUESTS',
        message: expect.stringMatching(/^Too many wrong set-up links were tried from here\. Try again in \d+ minutes\.$/),
      });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(60);

      // Other addresses up to the overall ceiling, then everyone waits.
      const global = RATE_LIMITS.setupFailuresGlobal.max;
      for (let i = perIp; i < global; i++) expect(await outcome(setUp(`wrong-${i}`, browser(`192.0.2.${i}`)))).toBe('NOT_FOUND CODE_UNKNOWN');
      await expect(setUp(token, browser('192.0.2.250'))).rejects.toMatchObject({
        code: 'TOO_MANY_REQUESTS',
        message: expect.stringMatching(/^Too many wrong set-up links are being tried right now\./),
      });
      await services.limiter.forgive('setup:global');

      // Just below an address's cap, the right link still works: only failures count.
      const careful = '192.0.2.251';
      for (let i = 0; i < perIp - 1; i++) await outcome(setUp(`typo-${i}`, browser(careful)));
      await expect(setUp(token, browser(careful))).resolves.toMatchObject({ email: 'ana@example.org' });
    }, 30_000);
  });
}

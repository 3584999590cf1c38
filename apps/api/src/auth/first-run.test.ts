import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_COOKIE, setupTokenFromFragment, type Admin } from '@perch/shared';
import { printedSetupLink, startPerchServer, type PerchProcess } from '../test/e2e';
import { DIALECTS, TEST_SECRET, trpcHttp } from '../test/harness';
import { createScratchDatabase } from '../test/pg-database';

/**
 * `pnpm start` with no admin and no PERCH_ADMIN_* variables: the built server as a child process,
 * on an SQLite file and on a PostgreSQL database of its own, started again and again on the same
 * database, and (PostgreSQL) as two instances at once.
 */
for (const dialect of DIALECTS) {
  describe(`first start without an admin (${dialect})`, () => {
    let databaseUrl: string;
    let dropDatabase: () => Promise<void>;
    beforeAll(async () => {
      if (dialect === 'sqlite') {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perch-first-run-'));
        databaseUrl = `sqlite:${path.join(dir, 'perch.sqlite')}`;
        dropDatabase = async () => fs.rmSync(dir, { recursive: true, force: true });
      } else {
        const scratch = await createScratchDatabase();
        databaseUrl = scratch.url;
        dropDatabase = scratch.drop;
      }
    });
    afterAll(() => dropDatabase());

    const running: PerchProcess[] = [];
    afterAll(async () => {
      await Promise.all(running.map((p) => p.stop()));
    });
    /** `pnpm start` as the README says it: no admin variables. */
    const start = async () => {
      const perch = await startPerchServer({ DATABASE_URL: databaseUrl, PERCH_SECRET: TEST_SECRET, PERCH_ADMIN_EMAIL: '', PERCH_ADMIN_PASSWORD: '' });
      running.push(perch);
      return perch;
    };
    const stop = async (perch: PerchProcess) => {
      await perch.stop();
      running.splice(running.indexOf(perch), 1);
    };
    /** The token in the set-up link this start printed. */
    const printedToken = async (perch: PerchProcess) => setupTokenFromFragment(new URL(await printedSetupLink(perch)).hash)!;

    it('prints a set-up link at each start until an admin exists, and none after', async () => {
      const first = await start();
      const firstToken = await printedToken(first);
      await expect.poll(() => first.output()).toContain('(Or run "pnpm create-admin"');
      const output = first.output();
      expect(output).toContain('[perch] No admin yet. To create the first one, open this set-up link in your browser:');
      expect(output).toContain('every start prints a new one until an admin exists');
      expect(output).toContain('pnpm create-admin');
      // The link is the last thing printed at start-up, after the addresses.
      expect(output.indexOf('#setup=')).toBeGreaterThan(output.indexOf('[perch] admin:'));
      await stop(first);

      // Started again (and, on PostgreSQL, a second instance beside it): each prints a link of its
      // own, and the first start's link still works, on any of them.
      const again = await start();
      const againToken = await printedToken(again);
      expect(againToken).not.toBe(firstToken);
      let target = again;
      if (dialect === 'postgres') {
        target = await start();
        expect(await printedToken(target)).not.toBe(againToken);
      }
      const made = await trpcHttp<Admin>(target.url, 'mutation', 'auth.createFirstAdmin', {
        token: firstToken,
        name: 'Ana García',
        email: 'ana@example.org',
        password: 'a long first password',
      });
      expect(made.status, JSON.stringify(made.body)).toBe(200);
      expect(made.body.result?.data).toMatchObject({ email: 'ana@example.org', name: 'Ana García' });
      expect(made.setCookies.some((c) => c.startsWith(`${ADMIN_COOKIE}=`))).toBe(true);
      // The other links died with it.
      const late = await trpcHttp(again.url, 'mutation', 'auth.createFirstAdmin', {
        token: againToken,
        name: 'Late',
        email: 'late@example.org',
        password: 'a long enough password',
      });
      expect(late.status).toBe(409);
      expect(late.body.error?.data.reason).toBe('ALREADY_SET_UP');
      for (const perch of [...running]) await stop(perch);

      // With an admin, a start prints no link.
      const later = await start();
      await expect.poll(() => later.output()).toContain('[perch] database:');
      expect(later.output()).not.toContain('#setup=');
      expect(later.output()).not.toContain('No admin yet');
      await stop(later);
    }, 120_000);
  });
}

describe('first start with PERCH_ADMIN_EMAIL and PERCH_ADMIN_PASSWORD', () => {
  it('creates that admin and prints no set-up link', async () => {
    const perch = await startPerchServer();
    try {
      await expect.poll(() => perch.output()).toContain('[perch] database:');
      expect(perch.output()).toContain(`[perch] Created the first admin, ${perch.admin.email}.`);
      expect(perch.output()).not.toContain('#setup=');
    } finally {
      await perch.stop();
    }
  }, 60_000);
});

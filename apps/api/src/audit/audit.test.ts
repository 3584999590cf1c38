import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../router';
import {
  DIALECTS,
  TEST_ADMIN,
  createTestServices,
  fakeClient,
  signedInAdmin,
  type FakeClient,
  type TestServices,
} from '../test/harness';
import { recordAudit } from './audit.service';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

for (const dialect of DIALECTS) {
  describe(`audit (${dialect})`, () => {
    let services: TestServices;
    let admin: FakeClient;
    beforeAll(async () => {
      services = await createTestServices(dialect);
      admin = await signedInAdmin(services);
    });
    afterAll(() => services.close());

    it('is for admins only', async () => {
      await expect(fakeClient(services).caller.audit.list({ limit: 10 })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    });

    it('records sign-in, failed sign-in (never the password) and sign-out', async () => {
      const ip = '192.0.2.44';
      const client = fakeClient(services, { ip });
      await expect(client.caller.auth.login({ ...TEST_ADMIN, password: 'Hunter2-not-it' })).rejects.toMatchObject({
        code: 'UNAUTHORIZED',
      });
      await client.caller.auth.login(TEST_ADMIN);
      await client.caller.auth.logout();
      // A second sign-out with no cookie is not a fact worth recording.
      await client.caller.auth.logout();

      const { items } = await admin.caller.audit.list({ ip, limit: 10 });
      expect(items.map((i) => i.action)).toEqual(['admin.logout', 'admin.login', 'admin.login_failed']);
      const me = await admin.caller.auth.me();
      expect(items[0]).toMatchObject({ actorType: 'admin', actorId: me.id, actorLabel: me.email, ip });
      expect(items[2]).toMatchObject({ actorType: 'anonymous', actorId: null, actorLabel: TEST_ADMIN.email });
      const raw = await services.db.selectFrom('audit_log').selectAll().where('ip', '=', ip).execute();
      expect(JSON.stringify(raw)).not.toContain('Hunter2-not-it');
      expect(JSON.stringify(raw)).not.toContain(TEST_ADMIN.password);
    });

    it('answers entries with ISO times and the detail as an object', async () => {
      const learner = await admin.caller.learners.create({ name: 'Mary Somerville', age: 11, consent: true });
      const { items } = await admin.caller.audit.list({ learnerId: learner.id, limit: 5 });
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({
        action: 'learner.create',
        learnerId: learner.id,
        userAgent: 'Mozilla/5.0 (vitest)',
        detail: { withAge: true, withNotes: false },
      });
      expect(items[0]!.at).toMatch(ISO);
    });

    it('filters by action, session, learner, actor, IP and time', async () => {
      const t0 = services.now();
      const sessionId = crypto.randomUUID();
      const learnerId = crypto.randomUUID();
      const actorId = crypto.randomUUID();
      const fact = (at: number, action: 'session.start' | 'session.redeem' | 'session.end', ip: string) =>
        recordAudit(services.db, at, { ip, userAgent: null }, {
          action,
          actorType: 'admin',
          actorId,
          sessionId,
          learnerId,
          detail: { durationMin: 30 },
        });
      await fact(t0 + 1_000, 'session.start', '198.51.100.1');
      await fact(t0 + 2_000, 'session.redeem', '198.51.100.2');
      await fact(t0 + 3_000, 'session.end', '198.51.100.1');

      const actions = async (filter: Record<string, unknown>) =>
        (await admin.caller.audit.list({ limit: 50, ...filter })).items.map((i) => i.action);
      expect(await actions({ sessionId })).toEqual(['session.end', 'session.redeem', 'session.start']);
      expect(await actions({ learnerId, actions: ['session.start', 'session.end'] })).toEqual(['session.end', 'session.start']);
      expect(await actions({ actorId, ip: '198.51.100.2' })).toEqual(['session.redeem']);
      expect(
        await actions({
          sessionId,
          since: new Date(t0 + 2_000).toISOString(),
          until: new Date(t0 + 3_000).toISOString(),
        }),
      ).toEqual(['session.redeem']);
      expect(await actions({ sessionId, actions: [] })).toHaveLength(3);
      expect(await actions({ sessionId: crypto.randomUUID() })).toEqual([]);
      const [entry] = (await admin.caller.audit.list({ sessionId, actions: ['session.start'], limit: 1 })).items;
      expect(entry?.detail).toEqual({ durationMin: 30 });
    });

    it('pages newest first with a keyset cursor that new entries do not disturb', async () => {
      const sessionId = crypto.randomUUID();
      const write = (n: number) =>
        recordAudit(services.db, services.now(), null, { action: 'session.lock', actorType: 'system', sessionId, detail: { n } });
      for (let n = 1; n <= 7; n++) await write(n);

      const page = (cursor?: number) => admin.caller.audit.list({ sessionId, limit: 3, cursor });
      const first = await page();
      expect(first.items.map((i) => i.detail.n)).toEqual([7, 6, 5]);
      expect(first.nextCursor).toBe(first.items[2]!.id);

      await write(8); // appended while the admin reads page one
      const second = await page(first.nextCursor!);
      expect(second.items.map((i) => i.detail.n)).toEqual([4, 3, 2]);
      const third = await page(second.nextCursor!);
      expect(third.items.map((i) => i.detail.n)).toEqual([1]);
      expect(third.nextCursor).toBeNull();
    });

    it('refuses a bad filter with BAD_REQUEST', async () => {
      const list = admin.caller.audit.list as (input: unknown) => Promise<unknown>;
      await expect(list({ limit: 0 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      await expect(list({ limit: 10, since: 'yesterday' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      await expect(list({ limit: 10, actions: ['audit.delete'] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      await expect(list({ limit: 10, sessionId: 'x' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    });
  });
}

describe('the audit log is append-only', () => {
  it('offers no procedure but audit.list', () => {
    const paths = Object.keys(appRouter._def.procedures).filter((p) => p.startsWith('audit.'));
    expect(paths).toEqual(['audit.list']);
  });

  it('is deleted from only by the retention sweep and updated by nobody', () => {
    const srcRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (/\.ts$/.test(entry.name) && !/\.test\.ts$/.test(entry.name) && !file.includes(`${path.sep}test${path.sep}`)) {
          const text = fs.readFileSync(file, 'utf8');
          const rel = path.relative(srcRoot, file);
          if (/updateTable\(\s*['"]audit_log['"]/.test(text) || /update\s+audit_log/i.test(text)) offenders.push(`${rel} updates`);
          if ((/deleteFrom\(\s*['"]audit_log['"]/.test(text) || /delete\s+from\s+audit_log/i.test(text)) && !rel.startsWith('retention')) {
            offenders.push(`${rel} deletes`);
          }
        }
      }
    };
    walk(srcRoot);
    expect(offenders).toEqual([]);
  });
});

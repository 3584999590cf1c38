import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_COOKIE, LEARNER_NAME_MAX, LEARNER_NOTES_MAX } from '@perch/shared';
import {
  DIALECTS,
  createTestServices,
  fakeClient,
  signedInAdmin,
  startTestServer,
  trpcHttp,
  type FakeClient,
  type TestServices,
} from '../test/harness';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

for (const dialect of DIALECTS) {
  describe(`learners (${dialect})`, () => {
    let services: TestServices;
    let admin: FakeClient;
    beforeAll(async () => {
      services = await createTestServices(dialect);
      admin = await signedInAdmin(services);
    });
    afterAll(() => services.close());

    const auditRows = (action: string, learnerId: string) =>
      services.db.selectFrom('audit_log').selectAll().where('action', '=', action).where('learner_id', '=', learnerId).execute();

    it('refuses every learner procedure without an admin sign-in', async () => {
      const anon = fakeClient(services).caller.learners;
      const id = crypto.randomUUID();
      for (const call of [
        () => anon.create({ name: 'Ada', consent: true }),
        () => anon.list(),
        () => anon.update({ learnerId: id, name: 'Ada' }),
        () => anon.archive({ learnerId: id }),
      ]) {
        await expect(call()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
      }
      expect(await services.db.selectFrom('learners').select('id').execute()).toHaveLength(0);
    });

    it('creates a learner with ISO timestamps and audits it without the notes', async () => {
      const learner = await admin.caller.learners.create({
        name: '  Ada Lovelace ',
        age: 12,
        notes: 'Allergic to peanuts',
        consent: true,
      });
      expect(learner).toMatchObject({ name: 'Ada Lovelace', age: 12, notes: 'Allergic to peanuts', archivedAt: null });
      expect(learner.createdAt).toMatch(ISO);
      expect(learner.consentAt).toMatch(ISO);

      const stored = await services.db.selectFrom('learners').selectAll().where('id', '=', learner.id).executeTakeFirstOrThrow();
      expect(stored).toMatchObject({ name: 'Ada Lovelace', search_key: 'ada lovelace', archived_at: null });

      const [row, ...more] = await auditRows('learner.create', learner.id);
      expect(more).toHaveLength(0);
      const me = await admin.caller.auth.me();
      expect(row).toMatchObject({ actor_type: 'admin', actor_id: me.id, actor_label: me.email });
      expect(JSON.stringify(row)).not.toContain('peanuts');
    });

    // Over HTTP: the sentences are made by the error formatter, which only HTTP answers pass through.
    it('requires consent, a name and sane values, with a sentence for each', async () => {
      const server = await startTestServer(services);
      try {
        const create = async (input: unknown) => {
          const res = await trpcHttp(server.url, 'mutation', 'learners.create', input, {
            cookie: `${ADMIN_COOKIE}=${admin.cookies[ADMIN_COOKIE]}`,
          });
          expect(res.status).toBe(400);
          expect(res.body.error?.data.reason).toBe('VALIDATION');
          return res.body.error?.message;
        };
        expect(await create({ name: 'Grace', consent: false })).toBe('Confirm that you have consent to add this learner.');
        expect(await create({ name: 'Grace' })).toBe('Confirm that you have consent to add this learner.');
        expect(await create({ name: '   ', consent: true })).toBe('Enter the learner’s name.');
        expect(await create({ consent: true })).toBe('Enter the learner’s name.');
        expect(await create({ name: 'x'.repeat(LEARNER_NAME_MAX + 1), consent: true })).toBe(
          `A name can be at most ${LEARNER_NAME_MAX} characters.`,
        );
        expect(await create({ name: 'Grace', age: 2, consent: true })).toBe('Age must be between 3 and 100.');
        expect(await create({ name: 'Grace', age: 7.5, consent: true })).toBe('Age must be a whole number.');
        expect(await create({ name: 'Grace', notes: 'n'.repeat(LEARNER_NOTES_MAX + 1), consent: true })).toBe(
          `Notes can be at most ${LEARNER_NOTES_MAX} characters.`,
        );
      } finally {
        await server.close();
      }
      const graces = await services.db.selectFrom('learners').select('id').where('name', '=', 'Grace').execute();
      expect(graces).toHaveLength(0);
    });

    it('lists by name, ignoring case and accents, on every database', async () => {
      for (const name of ['zed Quist', 'Élodie Brun', 'bob Marsh', 'Alice Marsh', 'ÉMILE ÉTÉ']) {
        await admin.caller.learners.create({ name, consent: true });
      }
      const names = async (search?: string) => (await admin.caller.learners.list({ search })).map((l) => l.name);

      const all = await names();
      const sorted = all.filter((n) => ['zed Quist', 'Élodie Brun', 'bob Marsh', 'Alice Marsh', 'ÉMILE ÉTÉ'].includes(n));
      expect(sorted).toEqual(['Alice Marsh', 'bob Marsh', 'Élodie Brun', 'ÉMILE ÉTÉ', 'zed Quist']);

      expect(await names('MARSH')).toEqual(['Alice Marsh', 'bob Marsh']);
      expect(await names('élodie')).toEqual(['Élodie Brun']);
      expect(await names('ELO')).toEqual(['Élodie Brun']);
      expect(await names('émile été')).toEqual(['ÉMILE ÉTÉ']);
      expect(await names('nobody here')).toEqual([]);
    });

    it('takes LIKE wildcards in a search literally', async () => {
      await admin.caller.learners.create({ name: '100% Sam', consent: true });
      await admin.caller.learners.create({ name: 'Sam_Two', consent: true });
      expect((await admin.caller.learners.list({ search: '%' })).map((l) => l.name)).toEqual(['100% Sam']);
      expect((await admin.caller.learners.list({ search: '_' })).map((l) => l.name)).toEqual(['Sam_Two']);
    });

    it('updates only the fields given; null clears age and notes; the audit names fields, not values', async () => {
      const learner = await admin.caller.learners.create({ name: 'Katherine', age: 9, notes: 'Shy at first', consent: true });
      const renamed = await admin.caller.learners.update({ learnerId: learner.id, name: 'Katherine Johnson' });
      expect(renamed).toMatchObject({ name: 'Katherine Johnson', age: 9, notes: 'Shy at first' });
      expect((await admin.caller.learners.list({ search: 'johnson' })).map((l) => l.id)).toEqual([learner.id]);

      const cleared = await admin.caller.learners.update({ learnerId: learner.id, age: null, notes: null });
      expect(cleared).toMatchObject({ name: 'Katherine Johnson', age: null, notes: null });

      const rows = await auditRows('learner.update', learner.id);
      expect(rows.map((r) => JSON.parse(r.detail))).toEqual([{ changed: ['name'] }, { changed: ['age', 'notes'] }]);
      expect(JSON.stringify(rows)).not.toContain('Shy at first');
    });

    it('answers an unknown learner with NOT_FOUND and a malformed id with BAD_REQUEST', async () => {
      const missing = crypto.randomUUID();
      await expect(admin.caller.learners.update({ learnerId: missing, name: 'X' })).rejects.toMatchObject({
        code: 'NOT_FOUND',
        message: 'That learner was not found. They may have been removed; reload the list.',
      });
      await expect(admin.caller.learners.archive({ learnerId: missing })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      // The contract's id schema refuses a malformed id before any lookup.
      await expect(admin.caller.learners.archive({ learnerId: 'not-a-uuid' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    });

    it('archives once: hidden from the list, read-only, archiving again changes nothing', async () => {
      const learner = await admin.caller.learners.create({ name: 'Hedy Lamarr', consent: true });
      const archived = await admin.caller.learners.archive({ learnerId: learner.id });
      expect(archived.archivedAt).toMatch(ISO);

      services.advance(60_000);
      const again = await admin.caller.learners.archive({ learnerId: learner.id });
      expect(again.archivedAt).toBe(archived.archivedAt);
      expect(await auditRows('learner.archive', learner.id)).toHaveLength(1);

      expect((await admin.caller.learners.list({ search: 'hedy' })).map((l) => l.id)).toEqual([]);
      expect((await admin.caller.learners.list({ search: 'hedy', includeArchived: true })).map((l) => l.id)).toEqual([
        learner.id,
      ]);

      await expect(admin.caller.learners.update({ learnerId: learner.id, name: 'Hedy K.' })).rejects.toMatchObject({
        code: 'CONFLICT',
        message: 'Hedy Lamarr is archived, so their details can no longer be changed.',
        reason: 'LEARNER_ARCHIVED',
      });
      const stored = await services.db.selectFrom('learners').select('name').where('id', '=', learner.id).executeTakeFirstOrThrow();
      expect(stored.name).toBe('Hedy Lamarr');
      expect(await auditRows('learner.update', learner.id)).toHaveLength(0);
    });
  });
}

import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_COOKIE, LEARNERS_ADD_MANY_MAX, LEARNER_NOTES_MAX, REQUEST_BODY_MAX_BYTES } from '@perch/shared';
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

type Row = { name: string; age?: number | null; notes?: string | null };
const names = (prefix: string, n: number): Row[] => Array.from({ length: n }, (_, i) => ({ name: `${prefix} ${i + 1}` }));

for (const dialect of DIALECTS) {
  describe(`learners.createMany (${dialect})`, () => {
    let services: TestServices;
    let admin: FakeClient;
    let server: Awaited<ReturnType<typeof startTestServer>>;
    let cookie: string;
    beforeAll(async () => {
      services = await createTestServices(dialect);
      admin = await signedInAdmin(services);
      server = await startTestServer(services);
      cookie = `${ADMIN_COOKIE}=${admin.cookies[ADMIN_COOKIE]}`;
    });
    afterAll(async () => {
      await server.close();
      await services.close();
    });
    // Each test starts from no learners, so "nothing was written" is a count of zero.
    beforeEach(async () => {
      await services.db.deleteFrom('audit_log').where('action', '=', 'learner.create').execute();
      await services.db.deleteFrom('learners').execute();
    });

    const learnerCount = async () => Number((await services.db.selectFrom('learners').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const createAudits = () =>
      services.db.selectFrom('audit_log').selectAll().where('action', '=', 'learner.create').orderBy('id').execute();
    const expectNothingWritten = async () => {
      expect(await learnerCount()).toBe(0);
      expect(await createAudits()).toHaveLength(0);
    };
    /** Over HTTP: the sentences and `fieldErrors` are made by the error formatter, which only HTTP answers pass through. */
    const createManyHttp = (input: unknown) => trpcHttp<{ learners: { id: string; name: string }[] }>(server.url, 'mutation', 'learners.createMany', input, { cookie });
    const fieldErrorsOf = (res: Awaited<ReturnType<typeof createManyHttp>>) =>
      (res.body.error?.data as { fieldErrors?: Record<string, string> } | undefined)?.fieldErrors;

    it('refuses without an admin sign-in', async () => {
      await expect(fakeClient(services).caller.learners.createMany({ learners: [{ name: 'Ada' }], consent: true })).rejects.toMatchObject({
        code: 'UNAUTHORIZED',
      });
      await expectNothingWritten();
    });

    it('adds every row in order, normalised like one learner, with one audit entry each and no notes in the log', async () => {
      const { learners } = await admin.caller.learners.createMany({
        learners: [
          { name: '  Ada Lovelace ', age: 12, notes: 'Allergic to peanuts' },
          { name: 'Élodie Brun', age: null, notes: '' },
          { name: 'Grace Hopper' },
        ],
        consent: true,
      });
      expect(learners.map((l) => [l.name, l.age, l.notes])).toEqual([
        ['Ada Lovelace', 12, 'Allergic to peanuts'],
        ['Élodie Brun', null, null],
        ['Grace Hopper', null, null],
      ]);
      const stored = await services.db.selectFrom('learners').selectAll().orderBy('search_key').execute();
      expect(stored.map((r) => [r.name, r.search_key, r.archived_at])).toEqual([
        ['Ada Lovelace', 'ada lovelace', null],
        ['Élodie Brun', 'elodie brun', null],
        ['Grace Hopper', 'grace hopper', null],
      ]);
      // One consent, given once for the list: every learner carries that moment.
      expect(new Set(stored.map((r) => Number(r.consent_at))).size).toBe(1);

      const audits = await createAudits();
      const me = await admin.caller.auth.me();
      expect(audits.map((a) => a.learner_id)).toEqual(learners.map((l) => l.id));
      for (const audit of audits) expect(audit).toMatchObject({ actor_type: 'admin', actor_id: me.id, actor_label: me.email });
      expect(audits.map((a) => JSON.parse(a.detail))).toEqual([
        { withAge: true, withNotes: true, listSize: 3 },
        { withAge: false, withNotes: false, listSize: 3 },
        { withAge: false, withNotes: false, listSize: 3 },
      ]);
      expect(JSON.stringify(audits)).not.toContain('peanuts');
      expect((await admin.caller.learners.list({ search: 'elodie' })).map((l) => l.name)).toEqual(['Élodie Brun']);
    });

    it('writes nothing when row 150 of 150 is bad, and names that row', async () => {
      const rows: Row[] = names('Pupil', 150);
      rows[149] = { name: 'Pupil 150', age: 2 };
      const res = await createManyHttp({ learners: rows, consent: true });
      expect(res.status).toBe(400);
      expect(res.body.error?.data).toMatchObject({ code: 'BAD_REQUEST', reason: 'VALIDATION' });
      expect(fieldErrorsOf(res)).toEqual({ 'learners.149.age': 'Age must be between 3 and 100.' });
      await expectNothingWritten();
    });

    it('names every bad row with its own sentence: empty, too long, bad age, repeated, long notes', async () => {
      const rows: Row[] = names('Kid', 40);
      rows[2] = { name: '   ' };
      rows[9] = { name: 'x'.repeat(81) };
      rows[19] = { name: 'Kid twenty', age: 101 };
      rows[29] = { name: 'KID  1' }; // the same name as row 0, by search key
      rows[34] = { name: 'Kid 35', notes: 'n'.repeat(LEARNER_NOTES_MAX + 1) };
      const res = await createManyHttp({ learners: rows, consent: true });
      expect(res.status).toBe(400);
      expect(fieldErrorsOf(res)).toEqual({
        'learners.2.name': 'Enter the learner’s name.',
        'learners.9.name': 'A name can be at most 80 characters.',
        'learners.19.age': 'Age must be between 3 and 100.',
        'learners.29.name': 'This name is already higher up in the list.',
        'learners.34.notes': `Notes can be at most ${LEARNER_NOTES_MAX} characters.`,
      });
      expect(res.body.error?.message).toMatch(/^Enter the learner’s name\. .*This name is already higher up in the list\./);

      // A hidden character or a fractional age stops zod's checking of the list: those rows come first.
      rows.splice(0, rows.length, ...names('Kid', 40));
      rows[19] = { name: 'Kid twenty', age: 7.5 };
      rows[24] = { name: 'Kid \u202Eevil' };
      const stopped = await createManyHttp({ learners: rows, consent: true });
      expect(fieldErrorsOf(stopped)).toEqual({
        'learners.19.age': 'Age must be a whole number.',
        'learners.24.name': '“learners[24].name” contains an invisible control character. Remove it and try again.',
      });
      await expectNothingWritten();
    });

    it(`caps a list at ${LEARNERS_ADD_MANY_MAX} learners, and says so`, async () => {
      const over = await createManyHttp({ learners: names('Over', LEARNERS_ADD_MANY_MAX + 1), consent: true });
      expect(over.status).toBe(400);
      expect(over.body.error?.message).toBe(
        `You can add at most ${LEARNERS_ADD_MANY_MAX} learners at once. Split the list and add the rest separately.`,
      );
      expect(fieldErrorsOf(over)).toEqual({ learners: over.body.error?.message });
      const empty = await createManyHttp({ learners: [], consent: true });
      expect(empty.body.error?.message).toBe('Add at least one learner.');
      await expectNothingWritten();

      const full = await createManyHttp({ learners: names('Full', LEARNERS_ADD_MANY_MAX), consent: true });
      expect(full.status).toBe(200);
      expect(full.body.result?.data.learners).toHaveLength(LEARNERS_ADD_MANY_MAX);
      expect(await learnerCount()).toBe(LEARNERS_ADD_MANY_MAX);
    });

    it('refuses a list larger than a request may be with 413, writing nothing', async () => {
      const rows = names('Long', LEARNERS_ADD_MANY_MAX).map((row) => ({ ...row, notes: 'n'.repeat(LEARNER_NOTES_MAX) }));
      expect(JSON.stringify({ learners: rows, consent: true }).length).toBeGreaterThan(REQUEST_BODY_MAX_BYTES);
      const res = await createManyHttp({ learners: rows, consent: true });
      expect(res.status).toBe(413);
      expect(res.body.error?.message).toBe('That request is too large.');
      await expectNothingWritten();
    });

    it('requires the one consent for the list, with the same rule as adding one learner', async () => {
      for (const consent of [undefined, false, 'yes']) {
        const res = await createManyHttp({ learners: names('Consent', 3), ...(consent === undefined ? {} : { consent }) });
        expect(res.status).toBe(400);
        expect(res.body.error?.message).toBe('Confirm that you have consent to add these learners.');
        expect(fieldErrorsOf(res)).toEqual({ consent: 'Confirm that you have consent to add these learners.' });
      }
      await expectNothingWritten();
    });

    it('refuses names of active learners on their rows until the admin says they are different people', async () => {
      const existing = await admin.caller.learners.create({ name: 'Maya Chen', consent: true });
      const archived = await admin.caller.learners.create({ name: 'Old Friend', consent: true });
      await admin.caller.learners.archive({ learnerId: archived.id });
      const list = { learners: [{ name: 'Theo Okafor' }, { name: 'maya chen' }, { name: 'Old Friend' }], consent: true as const };

      const refused = await createManyHttp(list);
      expect(refused.status).toBe(409);
      expect(refused.body.error?.data).toMatchObject({ code: 'CONFLICT', reason: 'LEARNER_NAME_EXISTS' });
      expect(refused.body.error?.message).toBe(
        'Nothing was added: 1 name matches a learner you already have. If they are different people, confirm it and add the list again.',
      );
      expect(fieldErrorsOf(refused)).toEqual({ 'learners.1.name': 'There is already a learner called “Maya Chen”.' });
      expect(await learnerCount()).toBe(2);

      const { learners } = await admin.caller.learners.createMany({ ...list, addSameNames: true });
      expect(learners.map((l) => l.name)).toEqual(['Theo Okafor', 'maya chen', 'Old Friend']);
      expect((await admin.caller.learners.list({ search: 'maya' })).map((l) => l.id)).toContain(existing.id);
      expect(await admin.caller.learners.list({ search: 'maya' })).toHaveLength(2);
    });

    // The database refuses one insert, as a full disk or a lost connection would midway: the
    // learners already inserted in that transaction, and their audit entries, go with it.
    for (const [table, when] of [
      ['learners', `name = 'Pupil 150'`],
      ['audit_log', `action = 'learner.create'`],
    ] as const) {
      it(`writes nothing when the database refuses an insert into ${table} midway`, async () => {
        const dropTrigger = await refuseInserts(services, table, when);
        try {
          await expect(admin.caller.learners.createMany({ learners: names('Pupil', 150), consent: true })).rejects.toMatchObject({
            code: 'INTERNAL_SERVER_ERROR',
          });
        } finally {
          await dropTrigger();
        }
        await expectNothingWritten();
        // …and the same list goes in whole once the database takes it.
        await admin.caller.learners.createMany({ learners: names('Pupil', 150), consent: true });
        expect(await learnerCount()).toBe(150);
      });
    }

    it('lists either none or all of a list being added, never part of it', async () => {
      const adding = admin.caller.learners.createMany({ learners: names('Concurrent', 150), consent: true });
      let settled = false;
      void adding.finally(() => (settled = true));
      const seen: number[] = [];
      // Read the list over and over while the list goes in, and once more after.
      do seen.push((await admin.caller.learners.list({ search: 'concurrent' })).length);
      while (!settled);
      await adding;
      seen.push((await admin.caller.learners.list({ search: 'concurrent' })).length);
      expect(seen.filter((n) => n !== 0 && n !== 150)).toEqual([]);
      expect(seen.at(-1)).toBe(150);
    });

    it('adds two lists sent at once, each whole', async () => {
      const [a, b] = await Promise.all([
        admin.caller.learners.createMany({ learners: names('Left', 60), consent: true }),
        admin.caller.learners.createMany({ learners: names('Right', 60), consent: true }),
      ]);
      expect(a.learners).toHaveLength(60);
      expect(b.learners).toHaveLength(60);
      expect(await learnerCount()).toBe(120);
      expect(await createAudits()).toHaveLength(120);
    });
  });
}

/** Makes the database refuse inserts into `table` matching `when` (a trigger); returns its removal. */
async function refuseInserts(services: TestServices, table: 'learners' | 'audit_log', when: string) {
  const db = services.db;
  if (services.dialect === 'sqlite') {
    await sql
      .raw(`create trigger refuse_insert before insert on ${table} when new.${when} begin select raise(abort, 'refused by test'); end`)
      .execute(db);
    return async () => void (await sql.raw('drop trigger refuse_insert').execute(db));
  }
  await sql.raw(`create function refuse_insert() returns trigger language plpgsql as $$ begin raise exception 'refused by test'; end $$`).execute(db);
  await sql.raw(`create trigger refuse_insert before insert on ${table} for each row when (new.${when}) execute function refuse_insert()`).execute(db);
  return async () => {
    await sql.raw(`drop trigger refuse_insert on ${table}`).execute(db);
    await sql.raw('drop function refuse_insert()').execute(db);
  };
}

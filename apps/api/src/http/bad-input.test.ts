import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_COOKIE, LEARNER_NAME_MAX, PASSWORD_MAX } from '@perch/shared';
import { DIALECTS, createTestServices, signedInAdmin, startTestServer, trpcHttp, type TestServices } from '../test/harness';

/** A sentence a person can read: not JSON, not zod's field-less default, not a parser's complaint. */
function expectReadable(message: string | undefined) {
  expect(message).toBeTypeOf('string');
  expect(message).not.toMatch(/^\s*[[{]/);
  expect(message).not.toMatch(/"code"|"path"|Invalid input|Unexpected token|in JSON at position/);
  expect(message).toMatch(/[.!?]$/);
}

type Case = [procedure: string, kind: 'query' | 'mutation', input: unknown, expected: string | RegExp];

const longName = 'x'.repeat(LEARNER_NAME_MAX + 1);
const id = () => crypto.randomUUID();

const CASES: Case[] = [
  ['auth.login', 'mutation', {}, 'Enter your email address. Enter your password.'],
  ['auth.login', 'mutation', null, 'Send the input as a JSON object.'],
  ['auth.login', 'mutation', 'teacher@example.org', 'Send the input as a JSON object.'],
  ['auth.login', 'mutation', [1, 2], 'Send the input as a JSON object.'],
  ['auth.login', 'mutation', { email: 42, password: true }, 'Enter your email address. Enter your password.'],
  ['auth.login', 'mutation', { email: 'not-an-email', password: 'whatever1234' }, 'That does not look like an email address.'],
  ['auth.login', 'mutation', { email: 'a@b.example', password: 'p'.repeat(PASSWORD_MAX + 1) }, 'That password is too long.'],
  ['learners.create', 'mutation', undefined, 'Send the input as a JSON object.'], // sent as null
  ['learners.create', 'mutation', { name: 5, consent: 'yes' }, 'Enter the learner’s name. Confirm that you have consent to add this learner.'],
  ['learners.create', 'mutation', { name: longName, consent: true }, `A name can be at most ${LEARNER_NAME_MAX} characters.`],
  ['learners.create', 'mutation', { name: 'Ada', age: '12', consent: true }, 'Age must be a whole number.'],
  ['learners.create', 'mutation', { name: 'Ada', notes: 42, consent: true }, '“notes” should be text.'],
  ['learners.list', 'query', { search: 5 }, '“search” should be text.'],
  ['learners.list', 'query', { search: longName }, `“search” can be at most ${LEARNER_NAME_MAX} characters.`],
  ['learners.list', 'query', { includeArchived: 'yes' }, '“includeArchived” should be true or false.'],
  ['learners.update', 'mutation', { name: 'Ada' }, 'That id is not valid.'],
  ['learners.update', 'mutation', { learnerId: 'DROP TABLE learners', name: 'Ada' }, 'That id is not valid.'],
  ['learners.update', 'mutation', { learnerId: id(), name: '' }, 'Enter the learner’s name.'],
  ['learners.update', 'mutation', { learnerId: id(), age: 1000 }, 'Age must be between 3 and 100.'],
  ['learners.archive', 'mutation', {}, 'That id is not valid.'],
  ['learners.archive', 'mutation', { learnerId: 12 }, 'That id is not valid.'],
];

for (const dialect of DIALECTS) {
  describe(`bad input gets 400 and a sentence (${dialect})`, () => {
    let services: TestServices;
    let server: Awaited<ReturnType<typeof startTestServer>>;
    let cookie: string;
    beforeAll(async () => {
      services = await createTestServices(dialect);
      server = await startTestServer(services);
      const admin = await signedInAdmin(services);
      cookie = `${ADMIN_COOKIE}=${admin.cookies[ADMIN_COOKIE]}`;
    });
    afterAll(async () => {
      await server.close();
      await services.close();
    });

    for (const [procedure, kind, input, expected] of CASES) {
      it(`${procedure} ${JSON.stringify(input)?.slice(0, 60) ?? '(no input)'}`, async () => {
        const res = await trpcHttp(server.url, kind, procedure, input, { cookie });
        expect(res.status).toBe(400);
        expect(res.body.error?.data).toMatchObject({ code: 'BAD_REQUEST', reason: 'VALIDATION' });
        expectReadable(res.body.error?.message);
        expect(res.body.error?.message).toEqual(expected);
      });
    }

    it('answers a body that is not JSON, or a query input that is not JSON, with 400', async () => {
      const post = await fetch(`${server.url}/trpc/auth.login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"email": "a@b.example", ',
      });
      const get = await fetch(`${server.url}/trpc/learners.list?input=not-json`, { headers: { cookie } });
      for (const res of [post, get]) {
        expect(res.status).toBe(400);
        const body = (await res.json()) as { error: { message: string; data: { reason: string } } };
        expect(body.error.message).toBe('The request is not valid JSON.');
        expect(body.error.data.reason).toBe('VALIDATION');
      }
    });

    it('answers an oversized body with 413 and a sentence, before reading it all', async () => {
      const res = await fetch(`${server.url}/trpc/learners.create`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({ name: 'Ada', notes: 'n'.repeat(200_000), consent: true }),
      });
      expect(res.status).toBe(413);
      expect(((await res.json()) as { error: { message: string } }).error.message).toBe('That request is too large.');
    });

    it('never stores anything from a refused input', async () => {
      const rows = await services.db.selectFrom('learners').select('name').execute();
      expect(rows).toEqual([]);
    });
  });
}

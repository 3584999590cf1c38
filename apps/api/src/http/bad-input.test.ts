import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEARNER_NAME_MAX, PASSWORD_MAX, hiddenCharacterMessage } from '@perch/shared';
import { DIALECTS, startServerWithAdmin, trpcHttp, type TestServices } from '../test/harness';
import { appRouter } from '../router';

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
  [
    'auth.createFirstAdmin',
    'mutation',
    { token: '', name: '', email: 'ana@example.org', password: 'short' },
    'Open the set-up link Perch printed when it started. Enter your name. An admin password needs between 10 and 256 characters.',
  ],
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
  // Hidden characters: bidi overrides and isolates, controls; names of nothing visible.
  ['learners.create', 'mutation', { name: '\u200B\u2060\u3164 \u00A0', consent: true }, 'Enter the learner’s name.'],
  ['learners.create', 'mutation', { name: 'Ada\u202Egnp.exe', consent: true }, hiddenCharacterMessage(['name'])],
  ['learners.create', 'mutation', { name: 'Ada', notes: 'likes \u2066robots\u2069', consent: true }, hiddenCharacterMessage(['notes'])],
  ['learners.update', 'mutation', { learnerId: id(), name: 'Ada\u0007' }, hiddenCharacterMessage(['name'])],
  ['learners.list', 'query', { search: '\u202Dada' }, hiddenCharacterMessage(['search'])],
  ['sessions.startBulk', 'mutation', { learnerIds: [id()], label: 'Class \u202B7' }, hiddenCharacterMessage(['label'])],
  ['sessions.forceEnd', 'mutation', { sessionId: id(), reason: 'Lost \u2067tablet' }, hiddenCharacterMessage(['reason'])],
  ['sessions.forceEnd', 'mutation', { sessionId: id(), reason: '\u200B\u200B\u200B' }, 'Give a reason of at least 3 characters.'],
  ['auth.login', 'mutation', { email: 'ada\u202E@example.org', password: 'whatever1234' }, hiddenCharacterMessage(['email'])],
];

type Path = (string | number)[];
interface ZodLike {
  _zod: { def: { type: string; [key: string]: unknown } };
  safeParse(value: unknown): { success: boolean; data?: unknown };
}

/** Every place in a procedure's input schema that takes text (strings, enums, ids), with its schema. */
function textInputs(schema: ZodLike, path: Path = []): { path: Path; schema: ZodLike }[] {
  const def = schema._zod.def;
  switch (def.type) {
    case 'object':
      return Object.entries(def.shape as Record<string, ZodLike>).flatMap(([key, s]) => textInputs(s, [...path, key]));
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
      return textInputs(def.innerType as ZodLike, path);
    case 'array':
      return textInputs(def.element as ZodLike, [...path, 0]);
    case 'pipe': // a string refined further (emails, codes): the pipe is the field's schema
      return textInputs(def.in as ZodLike, path).map((leaf) => (leaf.path.length === path.length ? { path, schema } : leaf));
    case 'string':
    case 'enum':
      return [{ path, schema }];
    default:
      return [];
  }
}

/** Every query and mutation with each of its text inputs; subscriptions take no input. */
const TEXT_INPUTS = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { type: string; inputs: ZodLike[] } }>)
  .filter(([, p]) => p._def.type !== 'subscription' && p._def.inputs[0])
  .flatMap(([procedure, p]) => textInputs(p._def.inputs[0]!).map((leaf) => ({ procedure, kind: p._def.type as 'query' | 'mutation', ...leaf })));

/** Text compared but never shown or stored as text: hidden characters are the owner’s business. */
const OPAQUE = ['auth.login password', 'auth.createFirstAdmin token', 'auth.createFirstAdmin password'];

/** An input holding `value` at `path` and nothing else. */
function inputWith(path: Path, value: string): unknown {
  return path.reduceRight<unknown>((inner, key) => (typeof key === 'number' ? [inner] : { [key]: inner }), value);
}

describe('every text input of every procedure is guarded', () => {
  it('finds the text inputs to walk', () => {
    const names = TEXT_INPUTS.map((t) => `${t.procedure} ${t.path.join('.')}`);
    for (const expected of ['learners.create name', 'learners.create notes', 'sessions.startBulk label', 'sessions.forceEnd reason', 'auth.login email', 'audit.list ip']) {
      expect(names).toContain(expected);
    }
  });

  it('refuses bidi controls and nothing-but-invisible text in every field a person reads', () => {
    for (const { procedure, path, schema } of TEXT_INPUTS) {
      if (OPAQUE.includes(`${procedure} ${path.join('.')}`)) continue;
      const where = `${procedure} ${path.join('.')}`;
      for (const bidi of ['Ada\u202Eexe.txt', 'Ada\u2066x\u2069']) expect(schema.safeParse(bidi).success, where).toBe(false);
      const invisible = schema.safeParse('\u200B\u200D\uFEFF');
      expect(!invisible.success || invisible.data === '', where).toBe(true);
    }
  });
});

for (const dialect of DIALECTS) {
  describe(`bad input gets 400 and a sentence (${dialect})`, () => {
    let services: TestServices;
    let url: string;
    let cookie: string;
    let close: () => Promise<void>;
    beforeAll(async () => {
      ({ services, url, cookie, close } = await startServerWithAdmin(dialect));
    });
    afterAll(() => close());

    for (const [procedure, kind, input, expected] of CASES) {
      it(`${procedure} ${JSON.stringify(input)?.slice(0, 60) ?? '(no input)'}`, async () => {
        const res = await trpcHttp(url, kind, procedure, input, { cookie });
        expect(res.status).toBe(400);
        expect(res.body.error?.data).toMatchObject({ code: 'BAD_REQUEST', reason: 'VALIDATION' });
        expectReadable(res.body.error?.message);
        expect(res.body.error?.message).toEqual(expected);
      });
    }

    it('answers a body that is not JSON, or a query input that is not JSON, with 400', async () => {
      const post = await fetch(`${url}/trpc/auth.login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"email": "a@b.example", ',
      });
      const get = await fetch(`${url}/trpc/learners.list?input=not-json`, { headers: { cookie } });
      for (const res of [post, get]) {
        expect(res.status).toBe(400);
        const body = (await res.json()) as { error: { message: string; data: { reason: string } } };
        expect(body.error.message).toBe('The request is not valid JSON.');
        expect(body.error.data.reason).toBe('VALIDATION');
      }
    });

    it('takes a mutation without input sent with no body at all, as tRPC’s own httpLink sends it', async () => {
      const res = await fetch(`${url}/trpc/auth.logout`, { method: 'POST', headers: { 'content-type': 'application/json' } });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ result: { data: { ok: true } } });
    });

    it('answers an input nested ten thousand deep with 400, not a crash', async () => {
      const deep = `${'['.repeat(10_000)}"Ada"${']'.repeat(10_000)}`;
      const res = await fetch(`${url}/trpc/learners.create`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: `{"name":${deep},"consent":true}`,
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toBe('Enter the learner’s name.');
    });

    it('answers an oversized body with 413 and a sentence, before reading it all', async () => {
      const res = await fetch(`${url}/trpc/learners.create`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({ name: 'Ada', notes: 'n'.repeat(200_000), consent: true }),
      });
      expect(res.status).toBe(413);
      expect(((await res.json()) as { error: { message: string } }).error.message).toBe('That request is too large.');
    });

    it('answers a NUL in any text input of any procedure with 400 and a sentence naming the field', async () => {
      const auditBefore = await services.db.selectFrom('audit_log').select('id').execute();
      for (const { procedure, kind, path } of TEXT_INPUTS) {
        const res = await trpcHttp(url, kind, procedure, inputWith(path, 'Ada\u0000Lovelace'), { cookie });
        const where = `${procedure} ${path.join('.')}`;
        expect(res.status, where).toBe(400);
        expect(res.body.error?.data, where).toMatchObject({ code: 'BAD_REQUEST', reason: 'VALIDATION' });
        expect(res.body.error?.message, where).toBe(hiddenCharacterMessage(path));
      }
      // Not even a failed sign-in was recorded: the guard runs before any procedure.
      expect(await services.db.selectFrom('audit_log').select('id').execute()).toEqual(auditBefore);
    });

    it('never stores anything from a refused input', async () => {
      for (const table of ['learners', 'sessions', 'batches'] as const) {
        expect(await services.db.selectFrom(table).select('id').execute(), table).toEqual([]);
      }
    });

    it('stores names in one canonical form: NFC, trimmed; invisible-only optional text is no text', async () => {
      const res = await trpcHttp<{ id: string; name: string; notes: string | null }>(
        url,
        'mutation',
        'learners.create',
        { name: '  Zoe\u0308 Ade\u0301 \n', notes: '\u200B\u00A0\u2060', consent: true },
        { cookie },
      );
      expect(res.status).toBe(200);
      expect(res.body.result?.data).toMatchObject({ name: 'Zoë Adé', notes: null });
      const row = await services.db.selectFrom('learners').select(['name', 'notes']).executeTakeFirstOrThrow();
      expect(row).toEqual({ name: 'Zo\u00EB Ad\u00E9', notes: null });
    });
  });
}

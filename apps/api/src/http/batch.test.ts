import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_COOKIE,
  AUDIT_PAGE,
  LEARNERS_LIST,
  LEARNER_NAME_MAX,
  LEARNER_NOTES_MAX,
  SESSIONS_LIST,
  TRPC_BATCH_MAX,
  UNBATCHED_PROCEDURES,
} from '@perch/shared';
import { DIALECTS, TEST_ADMIN, startServerWithAdmin, trpcHttp, type TestServices } from '../test/harness';

/** A page of a list with every text field at its longest stays under this (docs/SECURITY.md). */
const LARGEST_PAGE_BYTES = 512 * 1024;

interface BatchAnswer {
  status: number;
  bytes: number;
  body: unknown;
  setCookies: string[];
}

for (const dialect of DIALECTS) {
  describe(`tRPC batches are bounded (${dialect})`, () => {
    let services: TestServices;
    let url: string;
    let cookie: string;
    let close: () => Promise<void>;
    beforeAll(async () => {
      ({ services, url, cookie, close } = await startServerWithAdmin(dialect));
    });
    afterAll(() => close());

    /** One batched request as httpBatchLink sends it: paths joined by commas, inputs keyed by index. */
    async function batch(kind: 'query' | 'mutation', paths: string[], inputs: unknown[] = [], headers: Record<string, string> = {}) {
      const target = new URL(`/trpc/${paths.join(',')}`, url);
      target.searchParams.set('batch', '1');
      const input = JSON.stringify(Object.fromEntries(inputs.map((v, i) => [i, v])));
      if (kind === 'query') target.searchParams.set('input', input);
      const res = await fetch(target, {
        method: kind === 'query' ? 'GET' : 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        ...(kind === 'mutation' ? { body: input } : {}),
      });
      const text = await res.text();
      return { status: res.status, bytes: Buffer.byteLength(text), body: JSON.parse(text), setCookies: res.headers.getSetCookie() } as BatchAnswer;
    }
    const refusedWith = (answer: BatchAnswer, message: string) => {
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ error: { message, data: { code: 'BAD_REQUEST', reason: 'BATCH_REFUSED' } } });
    };
    const count = async (table: 'learners' | 'audit_log') => (await services.db.selectFrom(table).select('id').execute()).length;

    it(`answers a batch of ${TRPC_BATCH_MAX} calls`, async () => {
      const answer = await batch('query', Array(TRPC_BATCH_MAX).fill('auth.me'), [], { cookie });
      expect(answer.status).toBe(200);
      expect(answer.body).toHaveLength(TRPC_BATCH_MAX);
    });

    it('refuses a bigger batch whole, before any call in it runs', async () => {
      const before = await count('learners');
      const n = TRPC_BATCH_MAX + 1;
      const answer = await batch('mutation', Array(n).fill('learners.create'), Array(n).fill({ name: 'Batched', consent: true }), { cookie });
      refusedWith(answer, `One request can carry at most ${TRPC_BATCH_MAX} calls; this one carried ${n}.`);
      expect(await count('learners')).toBe(before);
    });

    it('makes 1,000 audit pages in one GET impossible, with a small answer', async () => {
      const answer = await batch('query', Array(1_000).fill('audit.list'), [], { cookie });
      refusedWith(answer, `One request can carry at most ${TRPC_BATCH_MAX} calls; this one carried 1000.`);
      expect(answer.bytes).toBeLessThan(1_000);
    });

    it('never checks a password inside a batch, right or wrong, and sets no cookie', async () => {
      const before = await count('audit_log');
      const wrong = { email: TEST_ADMIN.email, password: 'not the password' };
      for (const [paths, inputs] of [
        [['auth.login', 'auth.login'], [wrong, TEST_ADMIN]],
        [['auth.me', 'auth.login'], [undefined, TEST_ADMIN]],
        [['auth%2Elogin', 'auth.me'], [TEST_ADMIN]], // spelled as tRPC would decode it
      ] as const) {
        const answer = await batch('mutation', [...paths], [...inputs]);
        refusedWith(answer, '“auth.login” must be sent on its own, not in a batch with other calls.');
        expect(answer.setCookies).toEqual([]);
      }
      // No attempt reached the sign-in code: none was recorded, not even as a failure.
      expect(await count('audit_log')).toBe(before);
      // Alone (a batch of one, as a batching client may send it) sign-in works as ever.
      const alone = await batch('mutation', ['auth.login'], [TEST_ADMIN]);
      expect(alone.status).toBe(200);
      expect(alone.setCookies.some((c) => c.startsWith(`${ADMIN_COOKIE}=`))).toBe(true);
    });

    it('never tries set-up links inside a batch', async () => {
      const link = { token: 'a-guess', name: 'Guesser', email: 'guess@example.org', password: 'guess-guess-guess' };
      const answer = await batch('mutation', ['auth.createFirstAdmin', 'auth.createFirstAdmin'], [link, link]);
      refusedWith(answer, '“auth.createFirstAdmin” must be sent on its own, not in a batch with other calls.');
    });

    it('sends each list alone, so no request carries more than one page', async () => {
      for (const list of UNBATCHED_PROCEDURES.filter((p) => p.endsWith('.list'))) {
        const answer = await batch('query', [list, 'auth.me'], [], { cookie });
        refusedWith(answer, `“${list}” must be sent on its own, not in a batch with other calls.`);
        expect((await batch('query', [list], [], { cookie })).status).toBe(200);
      }
    });

    it('sends adding many learners alone too: its answer is up to a page of learners', async () => {
      const before = await count('learners');
      const many = { learners: [{ name: 'Batched Many' }], consent: true };
      const answer = await batch('mutation', ['learners.create', 'learners.createMany'], [{ name: 'Batched One', consent: true }, many], { cookie });
      refusedWith(answer, '“learners.createMany” must be sent on its own, not in a batch with other calls.');
      expect(await count('learners')).toBe(before);
      expect((await batch('mutation', ['learners.createMany'], [many], { cookie })).status).toBe(200);
      expect(await count('learners')).toBe(before + 1);
    });

    it('caps every list’s page size', async () => {
      for (const [list, input, max] of [
        ['audit.list', { limit: AUDIT_PAGE.max + 1 }, AUDIT_PAGE.max],
        ['sessions.list', { limit: SESSIONS_LIST.max + 1 }, SESSIONS_LIST.max],
        ['learners.list', { limit: LEARNERS_LIST.max + 1 }, LEARNERS_LIST.max],
      ] as const) {
        const res = await trpcHttp(url, 'query', list, input, { cookie });
        expect(res.status, list).toBe(400);
        expect(res.body.error?.message).toBe(`“limit” can be at most ${max}.`);
      }
    });

    it('keeps the largest page of each list, every text field at its longest, under half a megabyte', async () => {
      const rows = await fillWithLongestRows(services);
      for (const [list, input, max] of [
        ['learners.list', {}, LEARNERS_LIST.max],
        ['sessions.list', { limit: SESSIONS_LIST.max }, SESSIONS_LIST.max],
        ['audit.list', { limit: AUDIT_PAGE.max }, AUDIT_PAGE.max],
      ] as const) {
        const answer = await batch('query', [list], [input], { cookie });
        expect(answer.status, list).toBe(200);
        const [{ result }] = answer.body as [{ result: { data: unknown[] | { items: unknown[] } } }];
        const items = Array.isArray(result.data) ? result.data : result.data.items;
        // More rows exist than one page holds: the page is full, and that is all one request returns.
        expect(rows[list]).toBeGreaterThan(max);
        expect(items, list).toHaveLength(max);
        expect(answer.bytes, list).toBeLessThan(LARGEST_PAGE_BYTES);
      }
    });
  });
}

/** More rows than a page of each list holds, every free-text field at its maximum length. */
async function fillWithLongestRows(services: TestServices) {
  const now = services.now();
  const long = (n: number) => 'w'.repeat(n);
  const batchId = crypto.randomUUID();
  await services.db.insertInto('batches').values({ id: batchId, label: long(80), created_by: 'fixture', created_at: now }).execute();
  const learners = Array.from({ length: LEARNERS_LIST.max + 1 }, () => ({
    id: crypto.randomUUID(),
    name: long(LEARNER_NAME_MAX),
    search_key: long(LEARNER_NAME_MAX),
    age: 100,
    notes: long(LEARNER_NOTES_MAX),
    consent_at: now,
    created_by: null,
    created_at: now,
    updated_at: now,
    archived_at: null,
  }));
  await services.db.insertInto('learners').values(learners).execute();
  const sessions = Array.from({ length: SESSIONS_LIST.max + 1 }, (_, i) => ({
    id: crypto.randomUUID(),
    learner_id: learners[i]!.id,
    learner_name: long(LEARNER_NAME_MAX),
    guest_age_band: null,
    batch_id: batchId,
    state: 'revoked' as const,
    duration_min: 240,
    idle_lock_min: 240,
    created_by: 'fixture',
    created_at: now,
    code_hash: null,
    code_expires_at: now,
    redeemed_at: now,
    token_hash: null,
    expires_at: now,
    last_activity_at: now,
    locked_at: now,
    ending_at: now,
    ended_at: now,
    end_reason: long(500),
    device: long(120),
    device_hash: null,
    updated_at: now,
  }));
  await services.db.insertInto('sessions').values(sessions).execute();
  const audit = Array.from({ length: AUDIT_PAGE.max + 1 }, (_, i) => ({
    at: now,
    action: 'session.force_end',
    actor_type: 'admin' as const,
    actor_id: crypto.randomUUID(),
    actor_label: `${long(64)}@${long(185)}.example`,
    session_id: sessions[i]!.id,
    learner_id: learners[i]!.id,
    ip: 'ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255',
    user_agent: long(300),
    detail: JSON.stringify({ reason: long(500) }),
  }));
  await services.db.insertInto('audit_log').values(audit).execute();
  return { 'learners.list': learners.length, 'sessions.list': sessions.length, 'audit.list': audit.length };
}

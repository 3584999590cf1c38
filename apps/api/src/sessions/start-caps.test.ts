import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_COOKIE, RATE_LIMITS } from '@perch/shared';
import { DIALECTS, createTestServices, signedInAdmin, startTestServer, type TestServices } from '../test/harness';
import { addLearner } from './test-fixtures';

const SINGLE = RATE_LIMITS.sessionStart.max;
const CLASS = RATE_LIMITS.classStart.max;

for (const dialect of DIALECTS) {
  describe(`session start caps (${dialect})`, () => {
    let services: TestServices;
    beforeAll(async () => {
      services = await createTestServices(dialect);
    });
    afterAll(() => services.close());

    let admins = 0;
    /** A fresh admin, so each test starts with full caps. */
    const newAdmin = async () => {
      const email = `admin-${++admins}@example.org`;
      return Object.assign(await signedInAdmin(services, { email, password: 'a long enough password' }), { email });
    };
    const mintedBy = async (email: string) =>
      (
        await services.db
          .selectFrom('sessions')
          .innerJoin('admins', 'admins.id', 'sessions.created_by')
          .select('sessions.id')
          .where('admins.email', '=', email)
          .execute()
      ).length;

    it('refuses the 11th single start in a minute with TOO_MANY_REQUESTS and Retry-After', async () => {
      const admin = await newAdmin();
      const learner = await addLearner(services);
      // One learner, many sessions ("keep"): the cap is the point here, not the one-session rule.
      const start = () => admin.caller.sessions.start({ learnerId: learner.id, onExisting: 'keep' });
      for (let i = 0; i < SINGLE; i++) await start();
      const refused = await start().catch((e: unknown) => e);
      expect(refused).toMatchObject({
        code: 'TOO_MANY_REQUESTS',
        reason: 'RATE_LIMITED',
        message: expect.stringMatching(/^You can start at most 10 sessions or new codes a minute\. Try again in \d+ seconds\.$/),
      });
      const wait = Number(admin.headers['retry-after']);
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(60);
      expect((refused as { retryAfterSec: number }).retryAfterSec).toBe(wait);
      await expect(admin.caller.sessions.startGuest({ ageBand: '14+' })).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
      services.advance(61_000);
      await expect(start()).resolves.toBeTruthy();
    });

    it('counts a new code against the same cap as a start', async () => {
      const admin = await newAdmin();
      const learner = await addLearner(services);
      const minted = await admin.caller.sessions.start({ learnerId: learner.id });
      for (let i = 1; i < SINGLE; i++) await admin.caller.sessions.reissueCode({ sessionId: minted.sessionId });
      await expect(admin.caller.sessions.reissueCode({ sessionId: minted.sessionId })).rejects.toMatchObject({
        code: 'TOO_MANY_REQUESTS',
      });
      await expect(admin.caller.sessions.start({ learnerId: learner.id })).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    });

    it('counts a class start once, whatever its size, against its own cap', async () => {
      const admin = await newAdmin();
      const learners = await Promise.all(Array.from({ length: 2 * SINGLE }, () => addLearner(services)));
      const before = (await services.db.selectFrom('sessions').select('id').execute()).length;
      for (let i = 0; i < CLASS; i++) {
        await expect(admin.caller.sessions.startBulk({ learnerIds: learners.map((l) => l.id), onExisting: 'keep' })).resolves.toMatchObject({
          sessions: expect.any(Array),
        });
      }
      const refused = await admin.caller.sessions.startBulk({ learnerIds: learners.slice(0, 1).map((l) => l.id) }).catch((e: unknown) => e);
      expect(refused).toMatchObject({
        code: 'TOO_MANY_REQUESTS',
        message: expect.stringMatching(/^You can start at most 3 classes a minute\. Try again in \d+ seconds\.$/),
      });
      expect((await services.db.selectFrom('sessions').select('id').execute()).length).toBe(before + CLASS * learners.length);
      // Class starts leave the single-start cap alone, and the other way round.
      await expect(admin.caller.sessions.start({ learnerId: learners[0]!.id, onExisting: 'keep' })).resolves.toBeTruthy();
    });

    it('gives back the unit of a start that failed', async () => {
      const admin = await newAdmin();
      const archived = await addLearner(services, { archived: true });
      for (let i = 0; i < SINGLE + 2; i++) {
        await expect(admin.caller.sessions.start({ learnerId: archived.id })).rejects.toMatchObject({ reason: 'LEARNER_ARCHIVED' });
      }
      for (let i = 0; i < CLASS + 1; i++) {
        await expect(admin.caller.sessions.startBulk({ learnerIds: [archived.id] })).rejects.toMatchObject({ reason: 'LEARNER_ARCHIVED' });
      }
      // Nor does one refused because the learner already has a session.
      const busy = await addLearner(services);
      await admin.caller.sessions.start({ learnerId: busy.id });
      for (let i = 0; i < SINGLE + 2; i++) {
        await expect(admin.caller.sessions.start({ learnerId: busy.id })).rejects.toMatchObject({ reason: 'LEARNER_HAS_SESSION' });
      }
      for (let i = 0; i < CLASS + 1; i++) {
        await expect(admin.caller.sessions.startBulk({ learnerIds: [busy.id] })).rejects.toMatchObject({ reason: 'LEARNER_HAS_SESSION' });
      }
      const learner = await addLearner(services);
      await expect(admin.caller.sessions.start({ learnerId: learner.id })).resolves.toBeTruthy();
      await expect(admin.caller.sessions.startBulk({ learnerIds: [learner.id], onExisting: 'keep' })).resolves.toBeTruthy();
    });

    describe('over HTTP', () => {
      let server: Awaited<ReturnType<typeof startTestServer>>;
      beforeAll(async () => {
        server = await startTestServer(services);
      });
      afterAll(() => server.close());

      const as = async () => {
        const admin = await newAdmin();
        return { cookie: `${ADMIN_COOKIE}=${admin.cookies[ADMIN_COOKIE]}`, email: admin.email };
      };

      it('mints exactly the cap of 15 starts sent at once as separate requests', async () => {
        const { cookie, email } = await as();
        const learner = await addLearner(services);
        const responses = await Promise.all(
          Array.from({ length: 15 }, () =>
            fetch(`${server.url}/trpc/sessions.start`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', cookie },
              body: JSON.stringify({ learnerId: learner.id, onExisting: 'keep' }),
            }),
          ),
        );
        expect(responses.filter((r) => r.status === 200)).toHaveLength(SINGLE);
        expect(responses.filter((r) => r.status === 429)).toHaveLength(15 - SINGLE);
        expect(await mintedBy(email)).toBe(SINGLE);
      });

      it('never mints more than the cap from 15 starts batched into one request', async () => {
        const { cookie, email } = await as();
        const learner = await addLearner(services);
        const calls = Array.from({ length: 15 }, () => 'sessions.start').join(',');
        const body = Object.fromEntries(Array.from({ length: 15 }, (_, i) => [i, { learnerId: learner.id, onExisting: 'keep' }]));
        const res = await fetch(`${server.url}/trpc/${calls}?batch=1`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie },
          body: JSON.stringify(body),
        });
        // Either the whole batch is refused (a batch-size cap) or each call meets the start cap.
        const answers = (await res.json()) as unknown;
        if (Array.isArray(answers)) {
          const ok = answers.filter((a: { result?: unknown }) => a.result !== undefined);
          const capped = answers.filter((a: { error?: { data?: { code?: string } } }) => a.error?.data?.code === 'TOO_MANY_REQUESTS');
          expect(ok.length).toBeLessThanOrEqual(SINGLE);
          expect(ok.length + capped.length).toBe(15);
        } else {
          expect(res.status).toBeGreaterThanOrEqual(400);
        }
        expect(await mintedBy(email)).toBeLessThanOrEqual(SINGLE);
      });
    });
  });
}

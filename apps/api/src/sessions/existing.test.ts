import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_COOKIE, CODE_TTL_MS, type ExistingSession } from '@perch/shared';
import { LearnerHasSessionError } from '../platform/errors';
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
import { onlineTablet } from '../tablets/test-tablet';
import { addLearner } from './test-fixtures';

/** What a refused start threw: the typed error with the sessions it names. */
async function refusal(attempt: Promise<unknown>): Promise<LearnerHasSessionError> {
  const err = await attempt.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(LearnerHasSessionError);
  return err as LearnerHasSessionError;
}

for (const dialect of DIALECTS) {
  describe(`one learner, one session unless the admin says otherwise (${dialect})`, () => {
    let services: TestServices;
    let admin: FakeClient;
    let server: Awaited<ReturnType<typeof startTestServer>>;
    const streams: AbortController[] = [];
    beforeAll(async () => {
      services = await createTestServices(dialect, { RATE_LIMIT_SESSION_START_PER_MIN: '1000', RATE_LIMIT_CLASS_START_PER_MIN: '1000' });
      admin = await signedInAdmin(services);
      server = await startTestServer(services);
    });
    afterAll(async () => {
      for (const s of streams) s.abort();
      await server.close();
      await services.close();
    });

    const liveOf = (learnerId: string) =>
      services.db
        .selectFrom('sessions')
        .select(['id', 'state'])
        .where('learner_id', '=', learnerId)
        .where('state', 'in', ['pending', 'active', 'locked'])
        .execute();
    const stateOf = async (id: string) =>
      (await services.db.selectFrom('sessions').select('state').where('id', '=', id).executeTakeFirstOrThrow()).state;
    const redeem = async (code: string) => {
      const kiosk = fakeClient(services, { ip: '198.51.100.7' });
      await kiosk.caller.kiosk.redeem({ code });
      return kiosk;
    };

    it('refuses a second start while the first card waits, naming that session, and writes nothing', async () => {
      const maya = await addLearner(services, { name: 'Maya Okafor' });
      const first = await admin.caller.sessions.start({ learnerId: maya.id });
      const err = await refusal(admin.caller.sessions.start({ learnerId: maya.id, durationMin: 30 }));
      expect(err).toMatchObject({ code: 'CONFLICT', reason: 'LEARNER_HAS_SESSION' });
      expect(err.message).toBe(
        'Maya Okafor already has a session waiting for its code, which expires in about 10 minutes. Nothing was started. ' +
          'To end it and start this one, send onExisting "end"; to start a second session beside it, send onExisting "keep".',
      );
      expect(err.existingSessions).toEqual<ExistingSession[]>([
        {
          sessionId: first.sessionId,
          learnerId: maya.id,
          learnerName: 'Maya Okafor',
          state: 'pending',
          tabletName: null,
          endsAt: first.codeExpiresAt,
          minutesLeft: 10,
        },
      ]);
      expect(await liveOf(maya.id)).toEqual([{ id: first.sessionId, state: 'pending' }]);
      const starts = await services.db.selectFrom('audit_log').select('id').where('learner_id', '=', maya.id).where('action', '=', 'session.start').execute();
      expect(starts).toHaveLength(1);
    });

    it('names the tablet a sent session waits on, then runs on, with the time it has left', async () => {
      const t = await onlineTablet(services, admin, streams);
      const maya = await addLearner(services, { name: 'Maya Okafor' });
      const sent = await admin.caller.tablets.send({ learnerId: maya.id, tabletId: t.tablet.id, durationMin: 20 });
      expect((await refusal(admin.caller.sessions.start({ learnerId: maya.id }))).message).toMatch(
        new RegExp(`^Maya Okafor already has a session waiting to open on ${t.tablet.name}\\. Nothing was started\\.`),
      );
      await t.client.caller.kiosk.claim({ sessionId: sent.sessionId });
      const err = await refusal(admin.caller.sessions.start({ learnerId: maya.id }));
      expect(err.message).toMatch(new RegExp(`^Maya Okafor already has a session on ${t.tablet.name}, ends in about 20 minutes\\. `));
      expect(err.existingSessions).toMatchObject([{ sessionId: sent.sessionId, state: 'active', tabletName: t.tablet.name, minutesLeft: 20 }]);
      t.close();
    });

    it('"end" ends the running session (its tablet says goodbye) and starts the new one, in one transaction', async () => {
      const maya = await addLearner(services, { name: 'Maya Okafor' });
      const first = await admin.caller.sessions.start({ learnerId: maya.id });
      const kiosk = await redeem(first.redemptionCode);
      const second = await admin.caller.sessions.start({ learnerId: maya.id, onExisting: 'end' });
      expect(await stateOf(first.sessionId)).toBe('ending');
      expect(await liveOf(maya.id)).toEqual([{ id: second.sessionId, state: 'pending' }]);
      await expect(kiosk.caller.kiosk.me()).resolves.toMatchObject({ state: 'ending', endKind: 'graceful' });
      const ended = await services.db.selectFrom('audit_log').selectAll().where('session_id', '=', first.sessionId).where('action', '=', 'session.end').executeTakeFirstOrThrow();
      expect(JSON.parse(ended.detail)).toEqual({ replaced: true });
      // Both rows carry the one transaction's clock.
      const started = await services.db.selectFrom('audit_log').selectAll().where('session_id', '=', second.sessionId).executeTakeFirstOrThrow();
      expect(started.at).toBe(ended.at);
      expect(JSON.parse(started.detail)).toMatchObject({ onExisting: 'end' });
    });

    it('"end" cancels a card that was never used; "keep" starts a second session beside the first', async () => {
      const maya = await addLearner(services);
      const first = await admin.caller.sessions.start({ learnerId: maya.id });
      const second = await admin.caller.sessions.start({ learnerId: maya.id, onExisting: 'end' });
      expect(await stateOf(first.sessionId)).toBe('revoked');
      const third = await admin.caller.sessions.start({ learnerId: maya.id, onExisting: 'keep' });
      expect((await liveOf(maya.id)).map((s) => s.id).sort()).toEqual([second.sessionId, third.sessionId].sort());
    });

    it('does not count a session that is ending or a card that has lapsed', async () => {
      const maya = await addLearner(services);
      const first = await admin.caller.sessions.start({ learnerId: maya.id });
      await redeem(first.redemptionCode);
      await admin.caller.sessions.end({ sessionId: first.sessionId });
      expect(await stateOf(first.sessionId)).toBe('ending');
      const second = await admin.caller.sessions.start({ learnerId: maya.id });
      services.advance(CODE_TTL_MS);
      // Still `pending` until the sweeper runs, but its card no longer works.
      expect(await stateOf(second.sessionId)).toBe('pending');
      await expect(admin.caller.sessions.start({ learnerId: maya.id })).resolves.toMatchObject({ learnerName: maya.name });
    });

    it('of six parallel starts for one learner without onExisting, exactly one wins (HTTP)', async () => {
      const maya = await addLearner(services, { name: 'Maya Okafor' });
      const cookie = `${ADMIN_COOKIE}=${admin.cookies[ADMIN_COOKIE]}`;
      const answers = await Promise.all(
        Array.from({ length: 6 }, () => trpcHttp<{ sessionId: string }>(server.url, 'mutation', 'sessions.start', { learnerId: maya.id }, { cookie })),
      );
      const won = answers.filter((a) => a.status === 200);
      expect(won).toHaveLength(1);
      const winner = won[0]!.body.result!.data.sessionId;
      for (const lost of answers.filter((a) => a.status !== 200)) {
        expect(lost.status).toBe(409);
        expect(lost.body.error!.data).toMatchObject({
          code: 'CONFLICT',
          reason: 'LEARNER_HAS_SESSION',
          existingSessions: [{ sessionId: winner, learnerName: 'Maya Okafor', state: 'pending' }],
        });
      }
      expect(await liveOf(maya.id)).toEqual([{ id: winner, state: 'pending' }]);
    });

    it('of eight starts at once for one learner without onExisting, exactly one wins', async () => {
      const maya = await addLearner(services);
      const results = await Promise.allSettled(Array.from({ length: 8 }, () => admin.caller.sessions.start({ learnerId: maya.id })));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(LearnerHasSessionError);
      expect(await liveOf(maya.id)).toHaveLength(1);
    });

    it('a single start, a class start and a send at once for one learner: exactly one wins', async () => {
      const t = await onlineTablet(services, admin, streams);
      const maya = await addLearner(services);
      const other = await addLearner(services);
      const results = await Promise.allSettled([
        admin.caller.sessions.start({ learnerId: maya.id }),
        admin.caller.sessions.startBulk({ learnerIds: [maya.id] }),
        admin.caller.tablets.send({ learnerId: maya.id, tabletId: t.tablet.id }),
        admin.caller.sessions.startBulk({ learnerIds: [other.id, maya.id] }),
      ]);
      expect(await liveOf(maya.id)).toHaveLength(1);
      // Everyone else was refused, except a class that still had someone else to start.
      const refused = results.filter((r) => r.status === 'rejected');
      for (const r of refused) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(LearnerHasSessionError);
      expect(refused.length).toBeGreaterThanOrEqual(2);
      t.close();
    });

    it('a class start leaves out learners who already have a session and says so; refuses when that is everyone', async () => {
      const [ana, ben, cy] = [await addLearner(services, { name: 'Ana' }), await addLearner(services, { name: 'Ben' }), await addLearner(services, { name: 'Cy' })];
      const bens = await admin.caller.sessions.start({ learnerId: ben.id });
      const out = await admin.caller.sessions.startBulk({ learnerIds: [ana.id, ben.id, cy.id], label: 'Robotics' });
      expect(out.sessions.map((s) => s.learnerName)).toEqual(['Ana', 'Cy']);
      expect(out.skipped).toMatchObject([{ learnerId: ben.id, learnerName: 'Ben', sessionId: bens.sessionId, state: 'pending' }]);

      const err = await refusal(admin.caller.sessions.startBulk({ learnerIds: [ben.id, cy.id] }));
      expect(err.message).toMatch(/^Every learner you chose already has a session: Ben \(card not used yet, expires in about 10 minutes\); Cy \(/);
      expect(err.existingSessions.map((s) => s.learnerName)).toEqual(['Ben', 'Cy']);

      const kept = await admin.caller.sessions.startBulk({ learnerIds: [ben.id, cy.id], onExisting: 'keep' });
      expect(kept.sessions).toHaveLength(2);
      expect(kept.skipped).toEqual([]);
      const replaced = await admin.caller.sessions.startBulk({ learnerIds: [ben.id], onExisting: 'end' });
      expect(await liveOf(ben.id)).toEqual([{ id: replaced.sessions[0]!.sessionId, state: 'pending' }]);
    });

    it('sending a class to the tablets leaves them out too, and says who', async () => {
      for (const s of streams) s.abort();
      await new Promise((r) => setTimeout(r, 100));
      const t = await onlineTablet(services, admin, streams);
      const [ana, ben] = [await addLearner(services, { name: 'Ana' }), await addLearner(services, { name: 'Ben' })];
      await admin.caller.sessions.start({ learnerId: ana.id });
      const out = await admin.caller.tablets.sendClass({ learnerIds: [ana.id, ben.id] });
      expect(out.placed).toMatchObject([{ learnerName: 'Ben', tabletName: t.tablet.name }]);
      expect(out.waiting).toEqual([]);
      expect(out.skipped).toMatchObject([{ learnerName: 'Ana', state: 'pending' }]);
      t.close();
    });
  });
}

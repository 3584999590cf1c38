import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KIOSK_COOKIE, SEND_TO_TABLET_TTL_MS, auditDetailWords } from '@perch/shared';
import { DIALECTS, createTestServices, fakeClient, signedInAdmin, type TestServices } from '../test/harness';
import { onlineTablet as openTablet } from './test-tablet';
import { addLearner } from '../sessions/test-fixtures';
import { sweepOnce } from '../sessions/sweeper';

type Admin = Awaited<ReturnType<typeof signedInAdmin>>;

for (const dialect of DIALECTS) {
  describe(`send to a tablet (${dialect})`, () => {
    let services: TestServices;
    let admin: Admin;
    const streams: AbortController[] = [];
    beforeAll(async () => {
      services = await createTestServices(dialect, { RATE_LIMIT_SESSION_START_PER_MIN: '1000', RATE_LIMIT_CLASS_START_PER_MIN: '1000' });
      admin = await signedInAdmin(services);
    });
    afterAll(async () => {
      for (const s of streams) s.abort();
      await services.close();
    });

    const onlineTablet = () => openTablet(services, admin, streams);
    const sessionRow = (id: string) => services.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

    it('records the admin’s choice for a session the learner already had (onExisting), as sessions.start does', async () => {
      const learner = await addLearner(services, { name: 'Zara' });
      await admin.caller.sessions.start({ learnerId: learner.id });
      const sentWords = async (sessionId: string) => {
        const { items } = await admin.caller.audit.list({ actions: ['session.send'], limit: 10 });
        const entry = items.find((e) => e.sessionId === sessionId)!;
        return { detail: entry.detail, words: auditDetailWords(entry) };
      };
      for (const [onExisting, sentence] of [
        ['end', 'Their other session was ended to start this one.'],
        ['keep', 'Started beside another session of theirs, as the admin chose.'],
      ] as const) {
        const t = await onlineTablet();
        const sent = await admin.caller.tablets.send({ learnerId: learner.id, tabletId: t.tablet.id, onExisting });
        const { detail, words } = await sentWords(sent.sessionId);
        expect(detail).toMatchObject({ onExisting });
        expect(words).toContain(sentence);
        t.close();
      }
      // The default (refuse) got this far only with nothing to settle: nothing to say.
      const t = await onlineTablet();
      const fresh = await addLearner(services);
      const plain = await sentWords((await admin.caller.tablets.send({ learnerId: fresh.id, tabletId: t.tablet.id })).sessionId);
      expect(plain.detail).not.toHaveProperty('onExisting');
      t.close();
    });

    it('opens the session on the tablet within a second, with no code, audited with who sent it', async () => {
      const t = await onlineTablet();
      const learner = await addLearner(services, { name: 'Kofi' });
      const sentAt = Date.now();
      const sent = await admin.caller.tablets.send({ learnerId: learner.id, tabletId: t.tablet.id, durationMin: 20 });
      expect(sent).toEqual({ sessionId: expect.any(String), learnerName: 'Kofi', tabletId: t.tablet.id, tabletName: t.tablet.name });
      const heard = await t.feed.waitFor((e) => e.kind === 'session');
      expect(heard.item).toEqual({ kind: 'session', sessionId: sent.sessionId });
      const claimed = await t.client.caller.kiosk.claim({ sessionId: sent.sessionId });
      expect(Date.now() - sentAt).toBeLessThan(1_000);
      expect(claimed.learnerName).toBe('Kofi');
      expect(t.client.cookies[KIOSK_COOKIE]).toBeDefined();
      await expect(t.client.caller.kiosk.me()).resolves.toMatchObject({ sessionId: sent.sessionId, state: 'active' });
      const row = await sessionRow(sent.sessionId);
      expect(row).toMatchObject({ code_hash: null, spent_code_hash: null, tablet_id: t.tablet.id });
      expect(row.expires_at).toBe(row.redeemed_at! + 20 * 60_000);
      const [audit] = await services.db.selectFrom('audit_log').selectAll().where('session_id', '=', sent.sessionId).where('action', '=', 'session.send').execute();
      expect(audit).toMatchObject({ actor_type: 'admin', actor_label: 'teacher@example.org' });
      expect(JSON.parse(audit!.detail)).toMatchObject({ tabletId: t.tablet.id, tabletName: t.tablet.name });
      // Busy now: a second send says so.
      const other = await addLearner(services);
      await expect(admin.caller.tablets.send({ learnerId: other.id, tabletId: t.tablet.id })).rejects.toMatchObject({
        code: 'CONFLICT',
        message: `${t.tablet.name} is in use. End its session first, or pick another tablet.`,
      });
      // And Kofi is on it: sending him again (anywhere) says that first.
      await expect(admin.caller.tablets.send({ learnerId: learner.id, tabletId: t.tablet.id })).rejects.toMatchObject({
        code: 'CONFLICT',
        reason: 'LEARNER_HAS_SESSION',
        message: expect.stringMatching(new RegExp(`^Kofi already has a session on ${t.tablet.name}, ends in about 20 minutes\\.`)),
      });
      t.close();
    });

    it('refuses an offline tablet, and lets only the chosen tablet open the session, only while it waits', async () => {
      const { code } = await admin.caller.tablets.createEnrollment();
      const offline = fakeClient(services);
      const { tablet: asleep } = await offline.caller.kiosk.enroll({ code });
      const learner = await addLearner(services);
      await expect(admin.caller.tablets.send({ learnerId: learner.id, tabletId: asleep!.id })).rejects.toMatchObject({
        message: `${asleep!.name} is offline. Turn it on and open the kiosk, or pick another tablet.`,
      });
      const t = await onlineTablet();
      const sent = await admin.caller.tablets.send({ learnerId: learner.id, tabletId: t.tablet.id });
      await expect(offline.caller.kiosk.claim({ sessionId: sent.sessionId })).rejects.toMatchObject({ code: 'CONFLICT' });
      await expect(fakeClient(services).caller.kiosk.claim({ sessionId: sent.sessionId })).rejects.toMatchObject({ reason: 'NOT_ENROLLED' });
      services.advance(SEND_TO_TABLET_TTL_MS);
      await expect(t.client.caller.kiosk.claim({ sessionId: sent.sessionId })).rejects.toMatchObject({
        message: 'This session is no longer waiting for this tablet.',
      });
      await sweepOnce(services);
      expect((await sessionRow(sent.sessionId)).state).toBe('expired');
      t.close();
    });

    it('sends one of two simultaneous sessions to the same tablet', async () => {
      const t = await onlineTablet();
      const [a, b] = [await addLearner(services), await addLearner(services)];
      const results = await Promise.allSettled([
        admin.caller.tablets.send({ learnerId: a.id, tabletId: t.tablet.id }),
        admin.caller.tablets.send({ learnerId: b.id, tabletId: t.tablet.id }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      t.close();
    });

    it('places a class on the free tablets in order; the rest wait', async () => {
      // Close every earlier stream: only the tablets made here are online.
      for (const s of streams) s.abort();
      await new Promise((r) => setTimeout(r, 100));
      const busy = await onlineTablet();
      const first = await onlineTablet();
      const second = await onlineTablet();
      await admin.caller.tablets.send({ learnerId: (await addLearner(services)).id, tabletId: busy.tablet.id });
      const learners = [await addLearner(services, { name: 'Ana' }), await addLearner(services, { name: 'Ben' }), await addLearner(services, { name: 'Cy' })];
      const result = await admin.caller.tablets.sendClass({ learnerIds: learners.map((l) => l.id), label: 'Robotics' });
      expect(result.placed.map((p) => [p.learnerName, p.tabletName])).toEqual([
        ['Ana', first.tablet.name],
        ['Ben', second.tablet.name],
      ]);
      expect(result.waiting).toEqual([{ learnerId: learners[2]!.id, learnerName: 'Cy' }]);
      await first.feed.waitFor((e) => e.kind === 'session' && e.sessionId === result.placed[0]!.sessionId);
      await second.feed.waitFor((e) => e.kind === 'session' && e.sessionId === result.placed[1]!.sessionId);
      const rows = await services.db.selectFrom('sessions').select('batch_id').where('id', 'in', result.placed.map((p) => p.sessionId)).execute();
      expect(rows.every((r) => r.batch_id === result.batchId)).toBe(true);
    });
  });
}

